import { isoTime } from "../iso-time.js";
import { type StateDb, inTransaction, refreshStatisticsAfterGrowth } from "../state-db.js";
import { rowsPerStatement } from "../statement-size.js";
import type { SyncedOrder } from "./synced-order.js";
import { toSyncedOrder } from "./synced-order.js";
import { checkOrderSeen, newOrderRow, type OrderSeen } from "./upsert-order.js";

/** Columns of a new synced_orders row, all sent as parameters. */
const ORDER_COLUMNS = 11;

/**
 * Records orders not seen before the way `upsertOrder` records one (state `received`, its first transition "first
 * seen"), many at once: in one transaction, a multi-row INSERT of the orders and one of their transitions per ~180
 * orders. An order whose row is already there (a webhook recorded it meanwhile) is left alone — ON CONFLICT DO
 * NOTHING — and is not in the result: the caller sends those through `upsertOrder`. A large insert refreshes the
 * table's statistics (PostgreSQL), so the orders' own updates are planned by key from the start.
 */
export async function insertNewOrders(db: StateDb, orders: readonly OrderSeen[]): Promise<SyncedOrder[]> {
  for (const seen of orders) checkOrderSeen(seen);
  if (orders.length === 0) return [];
  const now = isoTime(new Date());
  const size = rowsPerStatement(ORDER_COLUMNS);
  const inserted = await inTransaction(db, async (trx) => {
    const inserted: SyncedOrder[] = [];
    for (let i = 0; i < orders.length; i += size) {
      const rows = await trx
        .insertInto("synced_orders")
        .values(
          orders.slice(i, i + size).map((seen) => newOrderRow(seen, seen.at === undefined ? now : isoTime(seen.at))),
        )
        .onConflict((oc) => oc.columns(["store_id", "woo_order_id"]).doNothing())
        .returningAll()
        .execute();
      if (rows.length === 0) continue;
      await trx
        .insertInto("order_transitions")
        .values(
          rows.map((row) => ({
            store_id: row.store_id,
            woo_order_id: row.woo_order_id,
            from_state: null,
            to_state: "received",
            at: row.created_at,
            reason: "first seen",
          })),
        )
        .execute();
      inserted.push(...rows.map(toSyncedOrder));
    }
    return inserted;
  });
  if (!db.isTransaction) await refreshStatisticsAfterGrowth(db, "synced_orders", inserted.length);
  return inserted;
}
