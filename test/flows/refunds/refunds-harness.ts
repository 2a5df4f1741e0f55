import { expect } from "vitest";
import { drainOrders } from "../../../src/flows/orders/drain-orders.js";
import { intakeOrder } from "../../../src/flows/orders/intake-order.js";
import { findOrder, type SyncedOrder } from "../../../src/store/index.js";
import type { Order, RefundCreate } from "../../../src/woocommerce/index.js";
import type { OrdersHarness } from "../orders/orders-harness.js";

/** The recorded refund order's shape (order_after_refund.json): a tee, two sunscreens, flat-rate shipping. */
export async function placeRecordedOrder(h: OrdersHarness): Promise<{ order: Order; synced: SyncedOrder }> {
  const placed = await h.place({
    lines: [
      { sku: "PBO-TEE-PELICAN", quantity: 1 },
      { sku: "PBO-SUN-50", quantity: 2 },
    ],
    shipping: { methodId: "flat_rate", total: "7.95" },
  });
  await intakeOrder(h.ports, await h.woo.orders.get(placed.id));
  const drained = await drainOrders(h.ports, { worker: "test" });
  expect(drained.outcomes.map((o) => o.result)).toEqual(["acknowledged"]);
  const synced = await findOrder(h.ports.state.db, { storeId: h.ports.storeId, wooOrderId: placed.id });
  if (synced?.cpDocId == null) throw new Error("no document");
  return { order: await h.woo.orders.get(placed.id), synced };
}

/** Sees the web order again, as the webhook or the poll would. */
export async function seeAgain(h: OrdersHarness, wooOrderId: number): Promise<Order> {
  const order = await h.woo.orders.get(wooOrderId);
  await intakeOrder(h.ports, order);
  return order;
}

/** Counterpoint releases (ships) every line of an open order, as a release would mark it. */
export async function shipInCounterpoint(h: OrdersHarness, docId: string): Promise<void> {
  await h.cp
    .updateTable("PS_DOC_LIN")
    .set((eb) => ({ QTY_SHIPPED: eb.ref("QTY_SOLD") }))
    .where("DOC_ID", "=", docId as never)
    .execute();
  await h.cp
    .updateTable("PS_DOC_HDR")
    .set({ HAS_RLSD_LINS: "Y" })
    .where("DOC_ID", "=", docId as never)
    .execute();
}

/**
 * A refund of `quantity` units of the line with `sku`, with its share of the line's tax per rate, as the recorded
 * order_refund_create.json does (api_refund false; api_restock as given).
 */
export function lineRefund(order: Order, sku: string, quantity: number, restock = true): RefundCreate {
  const line = order.line_items.find((l) => l.sku === sku);
  if (line === undefined) throw new Error(`no line ${sku}`);
  const share = (v: string) => Math.round((Number(v) * 100 * quantity) / line.quantity) / 100;
  const taxes = line.taxes.map((t) => ({ id: t.id, refund_total: share(t.total) }));
  const total = share(line.total);
  const amount = taxes.reduce((a, t) => a + Math.round(t.refund_total * 100), Math.round(total * 100)) / 100;
  return {
    amount: amount.toFixed(2),
    reason: `returned ${quantity} × ${sku}`,
    api_refund: false,
    api_restock: restock,
    line_items: [{ id: line.id, quantity, refund_total: total, refund_tax: taxes }],
  };
}

export async function onSo(h: OrdersHarness, itemNo: string): Promise<string> {
  const row = await h.cp
    .selectFrom("IM_INV")
    .select(["QTY_ON_SO as q", "QTY_ON_HND as hnd"])
    .where("ITEM_NO", "=", itemNo)
    .where("LOC_ID", "=", "01")
    .executeTakeFirst();
  return row ? `${Number(row.q)}/${Number(row.hnd)}` : "0/0";
}

export async function webStock(h: OrdersHarness, sku: string): Promise<number | null> {
  const [p] = await h.woo.products.bySku(sku);
  return p?.stock_quantity ?? null;
}
