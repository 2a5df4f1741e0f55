import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cancelOpenDocument } from "../../../src/counterpoint/documents/cancel-open-document.js";
import { pollWebCancellations } from "../../../src/flows/refunds/poll-web-cancellations.js";
import { processRefunds } from "../../../src/flows/refunds/process-refunds.js";
import { refundRef } from "../../../src/flows/refunds/refund-ref.js";
import { findOrder, listOrderRefunds } from "../../../src/store/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type OrdersHarness, startOrdersHarness } from "../orders/orders-harness.js";
import { lineRefund, onSo, placeRecordedOrder, seeAgain, shipInCounterpoint, webStock } from "./refunds-harness.js";

class Crash extends Error {}

async function notesWith(h: OrdersHarness, wooOrderId: number, text: string): Promise<number> {
  return (await h.woo.orders.listNotes(wooOrderId, "internal")).filter((n) => n.note.includes(text)).length;
}

async function docStat(h: OrdersHarness, docId: string) {
  const stat = await h.cp
    .selectFrom("PS_DOC_HDR_DOC_STAT")
    .select(["DOC_STAT", "LST_DOC_ACTIV"])
    .where("DOC_ID", "=", docId as never)
    .executeTakeFirst();
  const audit = await h.cp
    .selectFrom("PS_DOC_AUDIT_LOG")
    .select(["LOG_SEQ_NO", "ACTIV", "LOG_ENTRY"])
    .where("DOC_ID", "=", docId as never)
    .orderBy("LOG_SEQ_NO")
    .execute();
  return { stat, audit: audit.map((a) => a.ACTIV) };
}

async function returnsOf(h: OrdersHarness, ref: string) {
  return h.cp
    .selectFrom("PS_DOC_HDR")
    .select(["DOC_ID", "TKT_NO", "DOC_TYP", "SAL_LINS", "RET_LINS"])
    .where("REF", "=", ref)
    .execute();
}

describe.each(testEngines)("web cancellations and refunds on %s", (engine) => {
  let h: OrdersHarness;
  beforeEach(async () => {
    h = await startOrdersHarness(engine, { retry: { baseMs: 10, maxMs: 100 } });
  });
  afterEach(async () => {
    await h.dispose();
  });

  it("cancels the open Counterpoint order of a web order cancelled before shipping: stock released once, noted on the web", async () => {
    const before = { sun: await onSo(h, "PBO-SUN-50"), web: await webStock(h, "PBO-SUN-50") };
    const { order, synced } = await placeRecordedOrder(h);
    const docId = synced.cpDocId as string;
    expect(await onSo(h, "PBO-SUN-50")).not.toBe(before.sun);

    await h.woo.orders.update(order.id, { status: "cancelled" });
    await seeAgain(h, order.id);
    await seeAgain(h, order.id); // the webhook and the poll both see it: queued once
    const queued = await listOrderRefunds(h.ports.state.db, { storeId: "test-store" });
    expect(queued.map((r) => [r.wooRefundId, r.kind, r.state])).toEqual([[0, "cancel", "pending"]]);

    const outcomes = await processRefunds(h.ports);
    expect(outcomes.map((o) => [o.kind, o.state, o.outcome])).toEqual([["cancel", "done", "cancelled"]]);
    // QTY_ON_SO is back where it was; on hand untouched. WooCommerce put its own stock back on cancelling: the two are
    // separate counts (cpwoo pushes Counterpoint's availability to the web), so nothing is counted twice.
    expect(await onSo(h, "PBO-SUN-50")).toBe(before.sun);
    expect(await webStock(h, "PBO-SUN-50")).toBe(before.web);
    const { stat, audit } = await docStat(h, docId);
    expect(stat).toEqual({ DOC_STAT: "C", LST_DOC_ACTIV: "C" });
    expect(audit).toEqual(["N", "C"]);
    expect(await notesWith(h, order.id, "was cancelled by cpwoo")).toBe(1);
    expect((await findOrder(h.ports.state.db, { storeId: "test-store", wooOrderId: order.id }))?.state).toBe(
      "cancelled",
    );

    // A second cancel does nothing: nothing queued again, and the writer itself refuses to release twice.
    await seeAgain(h, order.id);
    expect(await processRefunds(h.ports)).toEqual([]);
    const again = await cancelOpenDocument(h.cp, docId, {
      mode: "cancel",
      user: "CPWOO",
      voidReason: "WEB",
      reason: "x",
    });
    expect(again).toMatchObject({ already: true, released: [] });
    expect(await onSo(h, "PBO-SUN-50")).toBe(before.sun);
    expect((await docStat(h, docId)).audit).toEqual(["N", "C"]);
  });

  it("survives a crash after the Counterpoint commit: no second release, no second note", async () => {
    const before = await onSo(h, "PBO-SUN-50");
    const { order, synced } = await placeRecordedOrder(h);
    await h.woo.orders.update(order.id, { status: "cancelled" });
    await seeAgain(h, order.id);
    const crash = (step: string) => {
      if (step === "cp-committed") throw new Crash("killed");
    };
    await expect(processRefunds(h.ports, { onStep: crash })).rejects.toThrow(Crash);
    expect(await onSo(h, "PBO-SUN-50")).toBe(before);
    expect((await listOrderRefunds(h.ports.state.db, { storeId: "test-store" }))[0]?.state).toBe("pending");

    // Killed after the note, before the state store heard of it.
    const late = (step: string) => {
      if (step === "noted") throw new Crash("killed");
    };
    await expect(processRefunds(h.ports, { onStep: late })).rejects.toThrow(Crash);
    const outcomes = await processRefunds(h.ports);
    expect(outcomes.map((o) => o.outcome)).toEqual(["cancelled"]);
    expect(await onSo(h, "PBO-SUN-50")).toBe(before);
    expect(await notesWith(h, order.id, "was cancelled by cpwoo")).toBe(1);
    expect((await docStat(h, synced.cpDocId as string)).audit).toEqual(["N", "C"]);
  });

  it("voids or deletes instead when refunds.cancelMode says so", async () => {
    h.ports.settings.refunds.cancelMode = "void";
    const before = await onSo(h, "PBO-SUN-50");
    const first = await placeRecordedOrder(h);
    await h.woo.orders.update(first.order.id, { status: "cancelled" });
    await seeAgain(h, first.order.id);
    expect((await processRefunds(h.ports)).map((o) => o.outcome)).toEqual(["voided"]);
    const hdr = await h.cp
      .selectFrom("PS_DOC_HDR")
      .select(["VOID_USR_ID", "VOID_REAS"])
      .where("DOC_ID", "=", first.synced.cpDocId as never)
      .executeTakeFirstOrThrow();
    expect(hdr).toEqual({ VOID_USR_ID: "CPWOO", VOID_REAS: "WEB" });
    expect((await docStat(h, first.synced.cpDocId as string)).stat?.DOC_STAT).toBe("V");

    h.ports.settings.refunds.cancelMode = "delete";
    const second = await placeRecordedOrder(h);
    await h.woo.orders.update(second.order.id, { status: "cancelled" });
    await seeAgain(h, second.order.id);
    // Killed right after the delete committed: the retry finds no document and knows cpwoo removed it.
    await expect(
      processRefunds(h.ports, {
        onStep: (step) => {
          if (step === "cp-committed") throw new Crash("killed");
        },
      }),
    ).rejects.toThrow(Crash);
    expect((await processRefunds(h.ports)).map((o) => o.outcome)).toEqual(["deleted"]);
    expect(await returnsOf(h, `WC test-store ${second.order.id}`)).toEqual([]);
    expect(await onSo(h, "PBO-SUN-50")).toBe(before);
    expect(await notesWith(h, second.order.id, "was removed by cpwoo")).toBe(1);
  });

  it("records a refund after shipping as one return ticket, even when retried after a crash", async () => {
    const { order, synced } = await placeRecordedOrder(h);
    await shipInCounterpoint(h, synced.cpDocId as string);
    const soAfterShip = await onSo(h, "PBO-SUN-50");
    const webBefore = await webStock(h, "PBO-SUN-50");
    const refund = await h.woo.orders.createRefund(order.id, lineRefund(order, "PBO-SUN-50", 1));
    expect(await webStock(h, "PBO-SUN-50")).toBe((webBefore ?? 0) + 1); // WooCommerce restocked
    await seeAgain(h, order.id);

    await expect(
      processRefunds(h.ports, {
        onStep: (step) => {
          if (step === "cp-committed") throw new Crash("killed");
        },
      }),
    ).rejects.toThrow(Crash);
    const outcomes = await processRefunds(h.ports);
    expect(outcomes.map((o) => [o.wooRefundId, o.state, o.outcome])).toEqual([[refund.id, "done", "returned"]]);
    expect(await processRefunds(h.ports)).toEqual([]);

    const ref = refundRef("test-store", order.id, refund.id);
    const docs = await returnsOf(h, ref);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ DOC_TYP: "T", SAL_LINS: 0, RET_LINS: 1 });
    const docId = String(docs[0]?.DOC_ID);
    const lines = await h.cp
      .selectFrom("PS_DOC_LIN")
      .select(["LIN_TYP", "ITEM_NO", "QTY_SOLD", "EXT_PRC", "ITEM_TYP", "IS_VAL_RET"])
      .where("DOC_ID", "=", docId as never)
      .execute();
    expect(
      lines.map((l) => [l.LIN_TYP, l.ITEM_NO, Number(l.QTY_SOLD), Number(l.EXT_PRC), l.ITEM_TYP, l.IS_VAL_RET]),
    ).toEqual([["R", "PBO-SUN-50", -1, -14.95, "N", "Y"]]);
    const tot = await h.cp
      .selectFrom("PS_DOC_HDR_TOT")
      .select(["TOT_TYP", "TOT", "TOT_TND", "AMT_DUE"])
      .where("DOC_ID", "=", docId as never)
      .execute();
    expect(tot.map((t) => [t.TOT_TYP, Number(t.TOT), Number(t.TOT_TND), Number(t.AMT_DUE)])).toEqual([
      ["S", -Number(refund.amount), -Number(refund.amount), 0],
    ]);
    // Stock: the return moved nothing in Counterpoint (WooCommerce restocked; restockInCounterpoint is off).
    expect(await onSo(h, "PBO-SUN-50")).toBe(soAfterShip);
    expect(await notesWith(h, order.id, `Refund #${refund.id}`)).toBe(1);
  });

  it("records partial refunds one by one; stock lines only when restockInCounterpoint is on", async () => {
    h.ports.settings.refunds.restockInCounterpoint = true;
    const { order, synced } = await placeRecordedOrder(h);
    await shipInCounterpoint(h, synced.cpDocId as string);
    const r1 = await h.woo.orders.createRefund(order.id, lineRefund(order, "PBO-SUN-50", 1, false));
    await seeAgain(h, order.id);
    const r2 = await h.woo.orders.createRefund(order.id, lineRefund(order, "PBO-TEE-PELICAN", 1, false));
    await seeAgain(h, order.id);
    const outcomes = await processRefunds(h.ports);
    expect(outcomes.map((o) => [o.wooRefundId, o.outcome])).toEqual([
      [r1.id, "returned"],
      [r2.id, "returned"],
    ]);
    for (const [r, item] of [
      [r1, "PBO-SUN-50"],
      [r2, "PBO-TEE-PELICAN"],
    ] as const) {
      const [doc] = await returnsOf(h, refundRef("test-store", order.id, r.id));
      const line = await h.cp
        .selectFrom("PS_DOC_LIN")
        .select(["ITEM_NO", "ITEM_TYP", "IS_VAL_RET", "QTY_SOLD"])
        .where("DOC_ID", "=", doc?.DOC_ID as never)
        .executeTakeFirstOrThrow();
      expect([line.ITEM_NO, line.ITEM_TYP, line.IS_VAL_RET, Number(line.QTY_SOLD)]).toEqual([item, "I", "N", -1]);
    }
  });

  it("holds a partial refund made before shipping, and covers a full refund before shipping by the cancellation", async () => {
    const before = await onSo(h, "PBO-SUN-50");
    const partial = await placeRecordedOrder(h);
    await h.woo.orders.createRefund(partial.order.id, lineRefund(partial.order, "PBO-SUN-50", 1));
    await seeAgain(h, partial.order.id);
    const held = await processRefunds(h.ports);
    expect(held.map((o) => [o.state, o.outcome])).toEqual([["held", "before-shipping"]]);
    expect(held[0]?.reason).toContain("cpwoo orders drift");

    const full = await placeRecordedOrder(h);
    const web = await h.woo.orders.get(full.order.id);
    await h.woo.orders.createRefund(full.order.id, {
      amount: web.total,
      api_refund: false,
      line_items: web.line_items.map((l) => ({ id: l.id, quantity: l.quantity })),
    });
    expect((await seeAgain(h, full.order.id)).status).toBe("refunded");
    const outcomes = await processRefunds(h.ports, { only: [full.order.id] });
    expect(outcomes.map((o) => [o.kind, o.state, o.outcome])).toEqual([
      ["cancel", "done", "cancelled"],
      ["refund", "done", "covered"],
    ]);
    expect(await returnsOf(h, refundRef("test-store", full.order.id, outcomes[1]?.wooRefundId ?? 0))).toEqual([]);
    // Only the partial order's allocation remains (its refund is held for the operator).
    const { synced } = partial;
    const sun = await h.cp
      .selectFrom("PS_DOC_LIN")
      .select("QTY_SOLD")
      .where("DOC_ID", "=", synced.cpDocId as never)
      .where("ITEM_NO", "=", "PBO-SUN-50")
      .executeTakeFirstOrThrow();
    const [so, hnd] = before.split("/").map(Number);
    expect(await onSo(h, "PBO-SUN-50")).toBe(`${(so ?? 0) + Number(sun.QTY_SOLD)}/${hnd}`);
  });

  it("finds a cancellation by polling when no webhook told it (the orders poll reads paid statuses only)", async () => {
    const { order } = await placeRecordedOrder(h);
    const other = await h.place({ lines: [{ sku: "PBO-TOTE", quantity: 1 }] }); // cancelled, never made a document
    await h.woo.orders.update(order.id, { status: "cancelled" });
    await h.woo.orders.update(other.id, { status: "cancelled" });
    const poll = await pollWebCancellations(h.ports);
    expect([poll.seen, poll.queued]).toEqual([2, 1]);
    expect((await pollWebCancellations(h.ports)).queued).toBe(0);
    expect((await processRefunds(h.ports)).map((o) => [o.wooOrderId, o.outcome])).toEqual([[order.id, "cancelled"]]);
  });
});
