import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { orderDrift } from "../../../src/flows/refunds/order-drift.js";
import { testEngines } from "../../helpers/databases.js";
import { type OrdersHarness, startOrdersHarness } from "../orders/orders-harness.js";
import { placeRecordedOrder } from "./refunds-harness.js";

describe.each(testEngines)("Counterpoint edits to open web orders on %s", (engine) => {
  let h: OrdersHarness;
  beforeEach(async () => {
    h = await startOrdersHarness(engine);
  });
  afterEach(async () => {
    await h.dispose();
  });

  it("reports lines added, removed and changed in Counterpoint and a total that differs; changes nothing", async () => {
    const same = await placeRecordedOrder(h);
    const edited = await placeRecordedOrder(h);
    expect(await orderDrift(h.ports)).toMatchObject({ checked: 2, drifted: [], skipped: [] });

    const docId = edited.synced.cpDocId as never;
    const lines = await h.cp
      .selectFrom("PS_DOC_LIN")
      .selectAll()
      .where("DOC_ID", "=", docId)
      .orderBy("LIN_SEQ_NO")
      .execute();
    const tee = lines.find((l) => l.ITEM_NO === "PBO-TEE-PELICAN");
    const sun = lines.find((l) => l.ITEM_NO === "PBO-SUN-50");
    if (tee === undefined || sun === undefined) throw new Error("lines not found");
    // A clerk takes the sunscreen off, makes it 3 tees and adds a tote.
    await h.cp
      .deleteFrom("PS_DOC_LIN_PRICE")
      .where("DOC_ID", "=", docId)
      .where("LIN_SEQ_NO", "=", sun.LIN_SEQ_NO)
      .execute();
    await h.cp.deleteFrom("PS_DOC_LIN").where("DOC_ID", "=", docId).where("LIN_SEQ_NO", "=", sun.LIN_SEQ_NO).execute();
    await h.cp
      .updateTable("PS_DOC_LIN")
      .set({ QTY_SOLD: "3", EXT_PRC: "74.97" })
      .where("DOC_ID", "=", docId)
      .where("LIN_SEQ_NO", "=", tee.LIN_SEQ_NO)
      .execute();
    await h.cp
      .insertInto("PS_DOC_LIN")
      .values({
        ...tee,
        LIN_SEQ_NO: 9,
        ITEM_NO: "PBO-TOTE",
        QTY_SOLD: "1",
        EXT_PRC: "18.00",
        LIN_GUID: "6F9619FF-8B86-D011-B42D-00C04FC964FF",
      })
      .execute();
    await h.cp
      .updateTable("PS_DOC_HDR_TOT")
      .set({ TOT: "101.00" })
      .where("DOC_ID", "=", docId)
      .where("TOT_TYP", "=", "O")
      .execute();

    const report = await orderDrift(h.ports);
    expect(report.checked).toBe(2);
    expect(report.drifted.map((d) => d.wooOrderId)).toEqual([edited.order.id]);
    const [drift] = report.drifted;
    expect(drift?.lines.map((l) => [l.change, l.itemNo, l.webQty, l.cpQty, l.webAmount, l.cpAmount])).toEqual([
      ["removed", "PBO-SUN-50", "2", null, "29.90", null],
      ["quantity", "PBO-TEE-PELICAN", "1", "3", "24.99", "74.97"],
      ["added", "PBO-TOTE", null, "1", null, "18.00"],
    ]);
    expect(drift?.total).toEqual({ web: edited.order.total, counterpoint: "101.00", differs: true });
    expect(same.order.id).not.toBe(edited.order.id);

    // Report only: the document is as the clerk left it.
    const after = await h.cp.selectFrom("PS_DOC_LIN").select("ITEM_NO").where("DOC_ID", "=", docId).execute();
    expect(after.map((l) => l.ITEM_NO).sort()).toEqual(["PBO-TEE-PELICAN", "PBO-TOTE"]);
  });
});
