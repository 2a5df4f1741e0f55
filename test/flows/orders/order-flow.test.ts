import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Insertable } from "kysely";
import type { CounterpointDatabase } from "../../../src/counterpoint/schema/database.generated.js";
import { counterpointTable } from "../../../src/counterpoint/schema/counterpoint-schema.js";
import { drainOrders } from "../../../src/flows/orders/drain-orders.js";
import { pollOrders } from "../../../src/flows/orders/poll-orders.js";
import { intakeOrder } from "../../../src/flows/orders/intake-order.js";
import { recheckInvalidOrders } from "../../../src/flows/orders/recheck-invalid-orders.js";
import { findOrder, listOrderTransitions } from "../../../src/store/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type OrdersHarness, startOrdersHarness } from "./orders-harness.js";

/** A row as it can be inserted again: computed columns (CATEG_SUBCAT…) are left to the database. */
function withoutComputed<T extends Record<string, unknown>>(row: T): T {
  const computed = new Set(
    counterpointTable("IM_ITEM")
      .columns.filter((c) => c.computed !== null)
      .map((c) => c.name),
  );
  return Object.fromEntries(Object.entries(row).filter(([k]) => !computed.has(k))) as T;
}

async function docsOf(h: OrdersHarness) {
  return h.cp
    .selectFrom("PS_DOC_HDR")
    .select(["DOC_ID", "TKT_NO", "REF", "CUST_NO", "DOC_TYP", "CUST_PO_NO"])
    .where("REF", "is not", null)
    .orderBy("TKT_NO")
    .execute();
}

async function orderTotal(h: OrdersHarness, docId: string | number): Promise<string> {
  const row = await h.cp
    .selectFrom("PS_DOC_HDR_TOT")
    .select("TOT as tot")
    .where("DOC_ID", "=", docId as never)
    .where("TOT_TYP", "=", "O")
    .executeTakeFirstOrThrow();
  return Number(row.tot).toFixed(2);
}

async function onSo(h: OrdersHarness, itemNo: string): Promise<number> {
  const row = await h.cp
    .selectFrom("IM_INV")
    .select("QTY_ON_SO as q")
    .where("ITEM_NO", "=", itemNo)
    .where("LOC_ID", "=", "01")
    .executeTakeFirst();
  return row ? Number(row.q) : 0;
}

describe.each(testEngines)("orders flow on %s", (engine) => {
  let h: OrdersHarness;
  beforeEach(async () => {
    h = await startOrdersHarness(engine, { ackStatus: "completed" });
  });
  afterEach(async () => {
    await h.dispose();
  });

  it("turns paid web orders into Counterpoint orders exactly once and acknowledges them on the web", async () => {
    const before = await onSo(h, "PBO-BTL-32");
    const guest = await h.place({
      lines: [{ sku: "PBO-BTL-32", quantity: 2 }],
      shipping: { methodId: "flat_rate", total: "7.95" },
    });
    const coupon = await h.place({
      lines: [
        { sku: "PBO-TOTE", quantity: 1 },
        { sku: "PBO-TEE-PELICAN", quantity: 3 },
      ],
      coupons: ["sunny10"],
      guest: { email: "bo.buyer@example.com", firstName: "Bo", lastName: "Buyer" },
    });
    const variation = await h.place({ lines: [{ sku: "PBO-HOOD-M", quantity: 1 }] });
    const unpaid = await h.place({ lines: [{ sku: "PBO-TOTE", quantity: 1 }], paid: false, paymentMethod: "bacs" });

    const poll = await pollOrders(h.ports);
    expect(poll.counts.new).toBe(3);
    expect(await findOrder(h.ports.state.db, { storeId: "test-store", wooOrderId: unpaid.id })).toBeUndefined();

    const drained = await drainOrders(h.ports, { worker: "test" });
    expect(drained.outcomes.map((o) => o.result)).toEqual(["acknowledged", "acknowledged", "acknowledged"]);

    const docs = await docsOf(h);
    expect(docs).toHaveLength(3);
    for (const placed of [guest, coupon, variation]) {
      const state = await findOrder(h.ports.state.db, { storeId: "test-store", wooOrderId: placed.id });
      expect(state?.state).toBe("acknowledged");
      const doc = docs.find((d) => String(d.DOC_ID) === state?.cpDocId);
      expect(doc, `document of web order ${placed.id}`).toBeDefined();
      expect(doc?.TKT_NO).toMatch(/^O101-\d{6}$/);
      expect(await orderTotal(h, doc?.DOC_ID as string)).toBe(placed.total);
      const web = await h.woo.orders.get(placed.id);
      expect(web.status).toBe("completed");
      expect(web.meta_data.find((m) => m.key === "_cpwoo_doc_id")?.value).toBe(state?.cpDocId);
      expect(web.meta_data.find((m) => m.key === "_cpwoo_tkt_no")?.value).toBe(doc?.TKT_NO);
      const notes = await h.woo.orders.listNotes(placed.id);
      expect(
        notes.filter((n) => n.note === `Counterpoint order ${doc?.TKT_NO} (document ${state?.cpDocId})`),
      ).toHaveLength(1);
      const steps = (
        await listOrderTransitions(h.ports.state.db, { storeId: "test-store", wooOrderId: placed.id })
      ).map((t) => t.to);
      expect(steps).toEqual(["received", "staged", "created", "acknowledged"]);
    }
    expect(await onSo(h, "PBO-BTL-32")).toBe(before + 2);

    // The acknowledgement echoes back (order.updated); polling again and draining again changes nothing.
    const again = await pollOrders(h.ports, { since: new Date(Date.now() - 3600_000) });
    expect(again.counts.new).toBe(0);
    expect((await drainOrders(h.ports, { worker: "test" })).claimed).toBe(0);
    expect(await docsOf(h)).toHaveLength(3);
  });

  it("resumes after a lost state commit without a second document or a second note", async () => {
    const placed = await h.place({ lines: [{ sku: "PBO-SUN-50", quantity: 1 }] });
    await pollOrders(h.ports);
    await drainOrders(h.ports, { worker: "test" });
    const done = await findOrder(h.ports.state.db, { storeId: "test-store", wooOrderId: placed.id });
    expect(done?.state).toBe("acknowledged");
    // As if the process died after Counterpoint committed but before the state store did.
    await h.ports.state.db
      .updateTable("synced_orders")
      .set({ state: "staged", cp_doc_id: null, cp_tkt_no: null })
      .where("woo_order_id", "=", placed.id)
      .execute();
    const resumed = await drainOrders(h.ports, { worker: "test" });
    expect(resumed.outcomes).toMatchObject([{ result: "acknowledged", resumed: true, docId: done?.cpDocId }]);
    expect(await docsOf(h)).toHaveLength(1);
    const notes = await h.woo.orders.listNotes(placed.id);
    expect(notes.filter((n) => n.note.startsWith("Counterpoint order"))).toHaveLength(1);
  });

  it("makes an order with an unknown SKU invalid, naming the line, and re-evaluates it when the web order changes", async () => {
    await h.woo.products.create({ name: "Web only", sku: "WEB-ONLY-1", status: "publish", regular_price: "5.00" });
    const placed = await h.place({ lines: [{ sku: "WEB-ONLY-1", quantity: 1 }] });
    await pollOrders(h.ports);
    const drained = await drainOrders(h.ports, { worker: "test" });
    expect(drained.outcomes[0]?.result).toBe("invalid");
    const state = await findOrder(h.ports.state.db, { storeId: "test-store", wooOrderId: placed.id });
    expect(state?.state).toBe("invalid");
    expect(state?.reason).toMatch(/line_items\[0\]\.sku/);
    expect(state?.reason).toMatch(/WEB-ONLY-1/);
    // Nothing to do until something changes.
    expect((await drainOrders(h.ports, { worker: "test" })).claimed).toBe(0);
    const changed = await h.woo.orders.update(placed.id, { customer_note: "please gift wrap" });
    expect((await intakeOrder(h.ports, changed)).action).toBe("reopened");
  });

  it("re-evaluates an invalid order when Counterpoint's data changes (the missing item is created)", async () => {
    await h.woo.products.create({ name: "New tote", sku: "PBO-TOTE-XL", status: "publish", regular_price: "9.00" });
    const placed = await h.place({ lines: [{ sku: "PBO-TOTE-XL", quantity: 1 }] });
    await pollOrders(h.ports);
    await drainOrders(h.ports, { worker: "test" });
    expect((await findOrder(h.ports.state.db, { storeId: "test-store", wooOrderId: placed.id }))?.state).toBe(
      "invalid",
    );
    expect((await recheckInvalidOrders(h.ports)).reopened).toEqual([]);
    // The merchant adds the item in Counterpoint (a copy of an existing one).
    const tote = await h.cp
      .selectFrom("IM_ITEM")
      .selectAll()
      .where("ITEM_NO", "=", "PBO-TOTE")
      .executeTakeFirstOrThrow();
    await h.cp
      .insertInto("IM_ITEM")
      .values({ ...withoutComputed(tote), ITEM_NO: "PBO-TOTE-XL", BARCOD: null } as Insertable<
        CounterpointDatabase["IM_ITEM"]
      >)
      .execute();
    expect((await recheckInvalidOrders(h.ports)).reopened).toEqual([placed.id]);
    const drained = await drainOrders(h.ports, { worker: "test" });
    expect(drained.outcomes).toMatchObject([{ wooOrderId: placed.id, result: "acknowledged" }]);
  });
});
