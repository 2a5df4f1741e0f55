import { type Selectable, sql } from "kysely";
import { isoTime } from "../iso-time.js";
import type { StateDb } from "../state-db.js";
import type { SyncedOrdersTable } from "../state-tables.js";
import { rowsPerStatement } from "../statement-size.js";
import { type SyncedOrder, toSyncedOrder } from "./synced-order.js";
import { checkOrderSeen, type OrderSeen } from "./upsert-order.js";

/** A known order seen again, with the payload hash its row held when it was read. */
export interface KnownOrderSeen extends Omit<OrderSeen, "at"> {
  payloadHash: string;
  wooNumber: string | null;
  wooModifiedGmt: string | null;
  total: string | null;
  currency: string | null;
  /** The row is only refreshed if it still holds this hash: otherwise someone changed it since it was read. */
  expectedHash: string;
}

/** Parameters per order in the VALUES list below. */
const SEEN_COLUMNS = 8;

/**
 * Refreshes the web fields of known orders the way `upsertOrder` does for one (payload hash, number, modification
 * date, total, currency, `updated_at`; the state is kept), many at once: one UPDATE … FROM a VALUES list per ~250
 * orders (PostgreSQL, and SQLite since 3.33). A row whose hash is no longer `expectedHash`, or that is gone, is left
 * alone and missing from the result: the caller sends those through `upsertOrder`, which reads them again.
 */
export async function refreshKnownOrders(db: StateDb, orders: readonly KnownOrderSeen[]): Promise<SyncedOrder[]> {
  for (const seen of orders) checkOrderSeen(seen);
  const refreshed: SyncedOrder[] = [];
  const now = isoTime(new Date());
  const size = rowsPerStatement(SEEN_COLUMNS, 1);
  for (let i = 0; i < orders.length; i += size) {
    const values = orders.slice(i, i + size).map(
      (o) =>
        // PostgreSQL types a VALUES list's parameters as text: the order id is cast to compare with the column.
        sql`(${o.storeId}, cast(${o.wooOrderId} as integer), ${o.expectedHash}, ${o.payloadHash}, ${o.wooNumber},
             ${o.wooModifiedGmt}, ${o.total}, ${o.currency})`,
    );
    // The list's columns have names of their own: SQLite's RETURNING takes no "synced_orders.*", and PostgreSQL's `*`
    // also returns the FROM list's columns, which must not shadow the row's.
    const result = await sql<Selectable<SyncedOrdersTable>>`
      with seen (s_store_id, s_woo_order_id, s_expected_hash, s_payload_hash, s_woo_number, s_woo_modified_gmt, s_total,
                 s_currency)
        as (values ${sql.join(values)})
      update synced_orders
      set payload_hash = s_payload_hash, woo_number = s_woo_number, woo_modified_gmt = s_woo_modified_gmt,
          total = s_total, currency = s_currency, updated_at = ${now}
      from seen
      where store_id = s_store_id and woo_order_id = s_woo_order_id and payload_hash = s_expected_hash
      returning *`.execute(db);
    refreshed.push(...result.rows.map(toSyncedOrder));
  }
  return refreshed;
}
