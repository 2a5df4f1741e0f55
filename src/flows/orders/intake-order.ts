import {
  findOrder,
  type OrderState,
  recordOrderTransition,
  StoreError,
  stableHash,
  upsertOrder,
} from "../../store/index.js";
import type { Order } from "../../woocommerce/index.js";
import { queueWebRefunds } from "../refunds/queue-web-refunds.js";
import { nowOf, type OrderPorts } from "./order-ports.js";

export type IntakeAction = "new" | "changed" | "unchanged" | "reopened" | "not-paid";

export interface IntakeResult {
  wooOrderId: number;
  action: IntakeAction;
  state: OrderState | null;
}

/**
 * The parts of a web order that decide its Counterpoint document. Meta data and modification dates are left out on
 * purpose: cpwoo's own acknowledgement (a note, meta, a status) changes them, and its echo must not look like a change.
 */
export function orderContentHash(order: Order): string {
  return stableHash({
    status: order.status,
    currency: order.currency,
    total: order.total,
    total_tax: order.total_tax,
    customer_id: order.customer_id,
    customer_note: order.customer_note,
    billing: order.billing,
    shipping: order.shipping,
    payment_method: order.payment_method,
    line_items: order.line_items.map((l) => [l.sku, l.product_id, l.variation_id, l.quantity, l.subtotal, l.total]),
    shipping_lines: order.shipping_lines.map((l) => [l.method_id, l.total]),
    fee_lines: order.fee_lines.map((l) => [l.name, l.total]),
    coupon_lines: order.coupon_lines.map((l) => [l.code, l.discount]),
  });
}

export function isPaid(order: Order, paidStatuses: readonly string[]): boolean {
  return paidStatuses.includes(order.status);
}

/**
 * Records a web order seen by a webhook or the poll. Paid orders are recorded (once: duplicates from webhooks, echoes
 * and overlapping polls collapse on the key store + order id); unpaid ones are left until they are paid. An `invalid`
 * order whose content changed on the web goes back to `received` to be evaluated again.
 */
export async function intakeOrder(ports: OrderPorts, order: Order): Promise<IntakeResult> {
  const key = { storeId: ports.storeId, wooOrderId: order.id };
  const db = ports.state.db;
  const paid = isPaid(order, ports.settings.orders.paidStatuses);
  const known = await findOrder(db, key);
  if (!known && !paid) return { wooOrderId: order.id, action: "not-paid", state: null };
  const seen = await upsertOrder(db, {
    ...key,
    wooNumber: order.number,
    payloadHash: orderContentHash(order),
    wooModifiedGmt: order.date_modified_gmt ?? null,
    total: order.total,
    currency: order.currency,
  });
  if (seen.inserted) return { wooOrderId: order.id, action: "new", state: seen.order.state };
  // Cancellations and refunds of an order that has its document are queued apart (refunds are not in the hash).
  await queueWebRefunds(db, seen.order, order, nowOf(ports));
  if (!seen.changed) return { wooOrderId: order.id, action: "unchanged", state: seen.order.state };
  if (seen.order.state === "invalid" && paid) {
    try {
      const moved = await recordOrderTransition(db, {
        ...key,
        to: "received",
        expectedFrom: "invalid",
        reason: "the web order changed: evaluated again",
      });
      return { wooOrderId: order.id, action: "reopened", state: moved.state };
    } catch (err) {
      // Another worker moved it first: its state is current.
      if (!(err instanceof StoreError && err.code === "state_conflict")) throw err;
    }
  }
  return { wooOrderId: order.id, action: "changed", state: seen.order.state };
}
