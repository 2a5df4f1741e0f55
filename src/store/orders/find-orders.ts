import type { StateDb } from "../state-db.js";
import { rowsPerStatement } from "../statement-size.js";
import { checkOrderKey, type SyncedOrder, toSyncedOrder } from "./synced-order.js";

/** The known orders among `wooOrderIds` of one store, by Woo order id: one SELECT per ~2,000 ids (a poll page: one). */
export async function findOrders(
  db: StateDb,
  storeId: string,
  wooOrderIds: readonly number[],
): Promise<Map<number, SyncedOrder>> {
  const ids = [...new Set(wooOrderIds)];
  for (const wooOrderId of ids) checkOrderKey({ storeId, wooOrderId });
  const found = new Map<number, SyncedOrder>();
  const size = rowsPerStatement(1, 1);
  for (let i = 0; i < ids.length; i += size) {
    const rows = await db
      .selectFrom("synced_orders")
      .selectAll()
      .where("store_id", "=", storeId)
      .where("woo_order_id", "in", ids.slice(i, i + size))
      .execute();
    for (const row of rows) {
      const order = toSyncedOrder(row);
      found.set(order.wooOrderId, order);
    }
  }
  return found;
}
