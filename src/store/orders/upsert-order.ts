import { type Insertable, type Selectable, sql } from "kysely";
import { isoTime } from "../iso-time.js";
import type { SyncedOrdersTable } from "../state-tables.js";
import { type StateDb, inTransaction, isPostgresStore } from "../state-db.js";
import { StoreError } from "../store-error.js";
import { checkOrderKey, describeOrder, type OrderKey, type SyncedOrder, toSyncedOrder } from "./synced-order.js";

export interface OrderSeen extends OrderKey {
  wooNumber?: string | null;
  /** Hash of the Woo payload (see `stableHash`): tells whether the order changed since last seen. */
  payloadHash?: string | null;
  /** Woo's `date_modified_gmt`, as given. */
  wooModifiedGmt?: string | null;
  /** Order total as decimal text ("123.45"); never a float. */
  total?: string | null;
  currency?: string | null;
  at?: Date;
}

export interface UpsertOrderResult {
  order: SyncedOrder;
  /** True when this call created the row (state `received`, first transition recorded). */
  inserted: boolean;
  /** True when the row existed and its payload hash changed. */
  changed: boolean;
}

const decimalText = /^-?\d+(\.\d+)?$/;

/** The synced_orders row of an order seen for the first time: `received`, no attempts yet. */
export function newOrderRow(seen: OrderSeen, at: string): Insertable<SyncedOrdersTable> {
  return {
    store_id: seen.storeId,
    woo_order_id: seen.wooOrderId,
    woo_number: seen.wooNumber ?? null,
    state: "received",
    attempts: 0,
    payload_hash: seen.payloadHash ?? null,
    woo_modified_gmt: seen.wooModifiedGmt ?? null,
    total: seen.total ?? null,
    currency: seen.currency ?? null,
    created_at: at,
    updated_at: at,
  };
}

/** Refuses (bad_value) what no order row may hold: an empty store, a bad order id, a total that is not decimal text. */
export function checkOrderSeen(seen: OrderSeen): void {
  checkOrderKey(seen);
  if (seen.total != null && !decimalText.test(seen.total)) {
    throw new StoreError("bad_value", `${describeOrder(seen)}: total "${seen.total}" is not decimal text`);
  }
}

/**
 * Records that a Woo order was seen. A new order is inserted as `received` with its first transition;
 * a known order gets its Woo fields refreshed and keeps its state (state changes go through
 * `recordOrderTransition`).
 */
export async function upsertOrder(db: StateDb, seen: OrderSeen): Promise<UpsertOrderResult> {
  checkOrderSeen(seen);
  const now = isoTime(seen.at ?? new Date());
  if (!db.isTransaction && isPostgresStore(db)) {
    const inserted = await insertInOneStatement(db, seen, now);
    if (inserted !== undefined) return { order: inserted, inserted: true, changed: false };
    // Already known: the checked path below refreshes its web fields.
  }
  return inTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom("synced_orders")
      .selectAll()
      .where("store_id", "=", seen.storeId)
      .where("woo_order_id", "=", seen.wooOrderId)
      .executeTakeFirst();
    if (!existing) {
      const row = await trx
        .insertInto("synced_orders")
        .values(newOrderRow(seen, now))
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("order_transitions")
        .values({
          store_id: seen.storeId,
          woo_order_id: seen.wooOrderId,
          from_state: null,
          to_state: "received",
          at: now,
          reason: "first seen",
        })
        .execute();
      return { order: toSyncedOrder(row), inserted: true, changed: false };
    }
    const changed = seen.payloadHash !== undefined && seen.payloadHash !== existing.payload_hash;
    const row = await trx
      .updateTable("synced_orders")
      .set({
        woo_number: seen.wooNumber === undefined ? existing.woo_number : seen.wooNumber,
        payload_hash: seen.payloadHash === undefined ? existing.payload_hash : seen.payloadHash,
        woo_modified_gmt: seen.wooModifiedGmt === undefined ? existing.woo_modified_gmt : seen.wooModifiedGmt,
        total: seen.total === undefined ? existing.total : seen.total,
        currency: seen.currency === undefined ? existing.currency : seen.currency,
        updated_at: now,
      })
      .where("store_id", "=", seen.storeId)
      .where("woo_order_id", "=", seen.wooOrderId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { order: toSyncedOrder(row), inserted: false, changed };
  });
}

/**
 * PostgreSQL: a new order and its first transition in one statement (INSERT … ON CONFLICT DO NOTHING in a
 * data-modifying CTE) rather than a transaction of four round trips — the poll records thousands at once. Undefined
 * when the order was already there.
 */
async function insertInOneStatement(db: StateDb, seen: OrderSeen, now: string): Promise<SyncedOrder | undefined> {
  const result = await sql<Selectable<SyncedOrdersTable>>`
    with ins as (
      insert into synced_orders
        (store_id, woo_order_id, woo_number, state, attempts, payload_hash, woo_modified_gmt, total, currency,
         created_at, updated_at)
      values (${seen.storeId}, ${seen.wooOrderId}, ${seen.wooNumber ?? null}, 'received', 0, ${seen.payloadHash ?? null},
              ${seen.wooModifiedGmt ?? null}, ${seen.total ?? null}, ${seen.currency ?? null}, ${now}, ${now})
      on conflict (store_id, woo_order_id) do nothing
      returning *
    ), logged as (
      insert into order_transitions (store_id, woo_order_id, from_state, to_state, at, reason)
      select store_id, woo_order_id, null, 'received', ${now}, 'first seen' from ins
    )
    select * from ins`.execute(db);
  const row = result.rows[0];
  return row === undefined ? undefined : toSyncedOrder(row);
}
