import { isoTime } from "../iso-time.js";
import type { OrderState } from "../order-states.js";
import type { StateDb } from "../state-db.js";
import {
  checkOrderKey,
  describeOrder,
  type OrderKey,
  type OrderTransition,
  type SyncedOrder,
  toOrderState,
  toSyncedOrder,
} from "./synced-order.js";

export async function findOrder(db: StateDb, key: OrderKey): Promise<SyncedOrder | undefined> {
  checkOrderKey(key);
  const row = await db
    .selectFrom("synced_orders")
    .selectAll()
    .where("store_id", "=", key.storeId)
    .where("woo_order_id", "=", key.wooOrderId)
    .executeTakeFirst();
  return row && toSyncedOrder(row);
}

export interface OrderQuery {
  storeId?: string;
  states?: readonly OrderState[];
  /** Only orders whose next attempt is due at or before this time (retrying orders ready to go). */
  dueBy?: Date;
  limit?: number;
}

/** Orders by state, oldest update first. */
export async function listOrders(db: StateDb, query: OrderQuery = {}): Promise<SyncedOrder[]> {
  let q = db.selectFrom("synced_orders").selectAll();
  if (query.storeId !== undefined) q = q.where("store_id", "=", query.storeId);
  if (query.states !== undefined) {
    if (query.states.length === 0) return [];
    q = q.where("state", "in", [...query.states]);
  }
  if (query.dueBy !== undefined) q = q.where("next_attempt_at", "<=", isoTime(query.dueBy));
  const rows = await q
    .orderBy("updated_at")
    .orderBy("woo_order_id")
    .limit(query.limit ?? 1000)
    .execute();
  return rows.map(toSyncedOrder);
}

/** An order's transitions, oldest first. */
export async function listOrderTransitions(db: StateDb, key: OrderKey): Promise<OrderTransition[]> {
  checkOrderKey(key);
  const what = describeOrder(key);
  const rows = await db
    .selectFrom("order_transitions")
    .selectAll()
    .where("store_id", "=", key.storeId)
    .where("woo_order_id", "=", key.wooOrderId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    storeId: r.store_id,
    wooOrderId: Number(r.woo_order_id),
    from: r.from_state === null ? null : toOrderState(r.from_state, what),
    to: toOrderState(r.to_state, what),
    at: r.at,
    reason: r.reason,
  }));
}
