import { sql } from "kysely";
import { isoTime } from "../iso-time.js";
import type { StateEngine } from "../open-state-store.js";
import type { OrderState } from "../order-states.js";
import { type StateDb, inTransaction } from "../state-db.js";
import { type OrderKey, type SyncedOrder, toSyncedOrder } from "./synced-order.js";

/** States whose orders a worker picks up: new, half-done (crash), retries that are due, and documents not yet acknowledged. */
export const workableOrderStates: readonly OrderState[] = ["received", "staged", "retrying", "created"];

export interface ClaimRequest {
  engine: StateEngine;
  storeId: string;
  /** Who claims (e.g. `host:pid:n`); a claim is only released or extended by its holder. */
  worker: string;
  limit: number;
  /** How long the claim holds; an order whose worker died is picked up again after it. */
  leaseMs: number;
  now?: Date;
  /** Only these orders (operator commands); default: any workable order that is due. */
  only?: readonly number[];
}

/**
 * Claims up to `limit` due orders for one worker, oldest change first. On PostgreSQL the candidates are locked with
 * SKIP LOCKED so workers on several machines take disjoint sets without waiting; SQLite serialises writers anyway.
 */
export async function claimDueOrders(db: StateDb, request: ClaimRequest): Promise<SyncedOrder[]> {
  const now = isoTime(request.now ?? new Date());
  const until = isoTime((request.now ?? new Date()).getTime() + request.leaseMs);
  return inTransaction(db, async (trx) => {
    let candidates = trx
      .selectFrom("synced_orders")
      .select(["store_id", "woo_order_id"])
      .where("store_id", "=", request.storeId)
      .where("state", "in", [...workableOrderStates])
      .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", now)]))
      .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", now)]))
      .orderBy("updated_at")
      .orderBy("woo_order_id")
      .limit(request.limit);
    if (request.only !== undefined) {
      if (request.only.length === 0) return [];
      candidates = candidates.where("woo_order_id", "in", [...request.only]);
    }
    if (request.engine === "postgres") candidates = candidates.forUpdate().skipLocked();
    const picked = await candidates.execute();
    if (picked.length === 0) return [];
    const rows = await trx
      .updateTable("synced_orders")
      .set({ claimed_by: request.worker, claimed_until: until })
      .where("store_id", "=", request.storeId)
      .where(
        "woo_order_id",
        "in",
        picked.map((p) => p.woo_order_id),
      )
      .returningAll()
      .execute();
    return rows
      .map(toSyncedOrder)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.wooOrderId - b.wooOrderId);
  });
}

/** Gives claimed orders back (done with them, or shutting down). Only the holder's claims are cleared. */
export async function releaseOrderClaims(db: StateDb, worker: string, keys: readonly OrderKey[]): Promise<void> {
  const byStore = new Map<string, number[]>();
  for (const k of keys) byStore.set(k.storeId, [...(byStore.get(k.storeId) ?? []), k.wooOrderId]);
  for (const [storeId, ids] of byStore) {
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .updateTable("synced_orders")
        .set({ claimed_by: null, claimed_until: null })
        .where("store_id", "=", storeId)
        .where("woo_order_id", "in", ids.slice(i, i + 500))
        .where("claimed_by", "=", worker)
        .execute();
    }
  }
}

/** The soonest time a retrying order becomes due (for a worker deciding how long to sleep), or undefined. */
export async function nextDueAt(db: StateDb, storeId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom("synced_orders")
    .select(sql<string | null>`min(next_attempt_at)`.as("due"))
    .where("store_id", "=", storeId)
    .where("state", "=", "retrying")
    .executeTakeFirst();
  return row?.due ? new Date(row.due) : undefined;
}

/** Workers whose name starts with `prefix` (e.g. `host:`) that hold order claims now or held them when they died. */
export async function workersHoldingClaims(db: StateDb, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom("synced_orders")
    .select("claimed_by")
    .distinct()
    .where("claimed_by", "like", `${prefix}%`)
    .execute();
  return rows.map((r) => r.claimed_by).filter((w): w is string => w !== null);
}

/** Clears every claim of one worker (a process known to be dead); returns how many orders it held. */
export async function releaseWorkerClaims(db: StateDb, worker: string): Promise<number> {
  const result = await db
    .updateTable("synced_orders")
    .set({ claimed_by: null, claimed_until: null })
    .where("claimed_by", "=", worker)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Moves an order to the end of its state's line (its `updated_at` becomes `at`) without a transition, if it is still
 * in `state`: a pass that re-checked it and found nothing new looks at the others first next time.
 */
export async function touchOrder(db: StateDb, key: OrderKey, state: OrderState, at: Date): Promise<void> {
  await db
    .updateTable("synced_orders")
    .set({ updated_at: isoTime(at) })
    .where("store_id", "=", key.storeId)
    .where("woo_order_id", "=", key.wooOrderId)
    .where("state", "=", state)
    .execute();
}
