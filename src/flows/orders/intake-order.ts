import { chunks } from "../../counterpoint/catalog/maint-text.js";
import {
  checkOrderSeen,
  findOrder,
  findOrders,
  insertNewOrders,
  type KnownOrderSeen,
  type OrderSeen,
  type OrderState,
  type QueuedRefund,
  queueOrderRefunds,
  recordOrderTransition,
  refreshKnownOrders,
  rowsPerStatement,
  StoreError,
  type SyncedOrder,
  stableHash,
  upsertOrder,
} from "../../store/index.js";
import type { Order } from "../../woocommerce/index.js";
import { queueWebRefunds, webRefundsOf } from "../refunds/queue-web-refunds.js";
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
  const seen = await upsertOrder(db, orderSeenOf(ports, order));
  if (seen.inserted) return { wooOrderId: order.id, action: "new", state: seen.order.state };
  // Cancellations and refunds of an order that has its document are queued apart (refunds are not in the hash).
  await queueWebRefunds(db, seen.order, order, nowOf(ports));
  return knownOrderResult(ports, order, seen.order, seen.changed);
}

/** What is recorded of a web order in its synced_orders row. */
function orderSeenOf(ports: OrderPorts, order: Order): Omit<KnownOrderSeen, "expectedHash"> {
  return {
    storeId: ports.storeId,
    wooOrderId: order.id,
    wooNumber: order.number,
    payloadHash: orderContentHash(order),
    wooModifiedGmt: order.date_modified_gmt ?? null,
    total: order.total,
    currency: order.currency,
  };
}

/** A known order after its row was refreshed (and its refunds queued): an `invalid` one that changed is reopened. */
async function knownOrderResult(
  ports: OrderPorts,
  order: Order,
  row: SyncedOrder,
  changed: boolean,
): Promise<IntakeResult> {
  if (!changed) return { wooOrderId: order.id, action: "unchanged", state: row.state };
  if (row.state === "invalid" && isPaid(order, ports.settings.orders.paidStatuses)) {
    try {
      const moved = await recordOrderTransition(ports.state.db, {
        storeId: ports.storeId,
        wooOrderId: order.id,
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
  return { wooOrderId: order.id, action: "changed", state: row.state };
}

/** Refunds queued per statement: 9 parameters each, under the store's parameter rule. */
const REFUNDS_PER_STATEMENT = rowsPerStatement(9);

/**
 * `intakeOrder` for a page of web orders, in a few statements instead of a few per order: one SELECT of the known
 * rows, one transaction inserting the new paid orders with their first transitions, one UPDATE refreshing the known
 * ones (the per-order path writes them too, `updated_at` included), one INSERT of the refunds to queue. Same outcomes
 * and actions, in the same order, as `intakeOrder` for each order in turn. An `invalid` order that changed is reopened
 * with its own transition (rare). What the batch cannot settle goes through `intakeOrder` after it: a new order a
 * webhook recorded meanwhile, a known row changed since it was read.
 */
export async function intakeOrders(ports: OrderPorts, orders: readonly Order[]): Promise<IntakeResult[]> {
  const results: IntakeResult[] = [];
  let run: SeenOrder[] = [];
  const inRun = new Set<number>();
  const flush = async () => {
    if (run.length > 0) results.push(...(await intakeRun(ports, run)));
    run = [];
    inRun.clear();
  };
  for (const order of orders) {
    const seen = orderSeenOf(ports, order);
    if (!storeAccepts(seen)) {
      // The store refuses it (a bad id or total): one by one, so the error comes at the same point as before.
      await flush();
      results.push(await intakeOrder(ports, order));
      continue;
    }
    // The same order twice: the second sees what the first recorded.
    if (inRun.has(order.id)) await flush();
    run.push({ order, seen });
    inRun.add(order.id);
  }
  await flush();
  return results;
}

interface SeenOrder {
  order: Order;
  seen: Omit<KnownOrderSeen, "expectedHash">;
}

function storeAccepts(seen: OrderSeen): boolean {
  try {
    checkOrderSeen(seen);
    return true;
  } catch (err) {
    if (err instanceof StoreError) return false;
    throw err;
  }
}

/** Orders with distinct ids that the store accepts. */
async function intakeRun(ports: OrderPorts, run: readonly SeenOrder[]): Promise<IntakeResult[]> {
  const db = ports.state.db;
  const paidStatuses = ports.settings.orders.paidStatuses;
  const known = await findOrders(
    db,
    ports.storeId,
    run.map((r) => r.order.id),
  );
  const fresh = run.filter((r) => !known.has(r.order.id) && isPaid(r.order, paidStatuses));
  const insertedRows = await insertNewOrders(
    db,
    fresh.map((r) => r.seen),
  );
  const inserted = new Map(insertedRows.map((row) => [row.wooOrderId, row]));
  const stale = run.flatMap((r): KnownOrderSeen[] => {
    const hash = known.get(r.order.id)?.payloadHash;
    // A row without a hash changes by definition: upsertOrder handles it.
    return hash == null ? [] : [{ ...r.seen, expectedHash: hash }];
  });
  const refreshed = new Map((await refreshKnownOrders(db, stale)).map((row) => [row.wooOrderId, row]));
  const refunds: QueuedRefund[] = run.flatMap((r) => {
    const row = refreshed.get(r.order.id);
    return row === undefined ? [] : webRefundsOf(row, r.order);
  });
  const at = nowOf(ports);
  for (const part of chunks(refunds, REFUNDS_PER_STATEMENT)) await queueOrderRefunds(db, part, at);

  const results = new Map<number, IntakeResult>();
  const again: Order[] = [];
  for (const { order } of run) {
    const before = known.get(order.id);
    if (before === undefined && !isPaid(order, paidStatuses)) {
      results.set(order.id, { wooOrderId: order.id, action: "not-paid", state: null });
      continue;
    }
    const row = before === undefined ? inserted.get(order.id) : refreshed.get(order.id);
    if (row === undefined) again.push(order);
    else if (before === undefined) results.set(order.id, { wooOrderId: order.id, action: "new", state: row.state });
    else results.set(order.id, await knownOrderResult(ports, order, row, row.payloadHash !== before.payloadHash));
  }
  for (const order of again) results.set(order.id, await intakeOrder(ports, order));
  return run.map(({ order }) => {
    const result = results.get(order.id);
    if (result === undefined) throw new Error(`order ${order.id}: no intake result`);
    return result;
  });
}
