import { PostgresAdapter, type Selectable, sql } from "kysely";
import { isoTime } from "../iso-time.js";
import type { SyncedOrdersTable } from "../state-tables.js";
import { canTransition, isOrderState, type OrderState, statesNeedingReason } from "../order-states.js";
import { type StateDb, inTransaction } from "../state-db.js";
import { StoreError } from "../store-error.js";
import {
  checkOrderKey,
  describeOrder,
  type OrderKey,
  type SyncedOrder,
  toOrderState,
  toSyncedOrder,
} from "./synced-order.js";

export interface OrderTransitionRequest extends OrderKey {
  /** The new state. Checked at run time too: an unknown value is refused. */
  to: OrderState;
  reason?: string;
  /** Refuse (state_conflict) unless the order is currently in this state or one of these states. */
  expectedFrom?: OrderState | readonly OrderState[];
  /** Attempt count to store; default: +1 when entering `retrying`, else unchanged. */
  attempts?: number;
  /** Required when entering `retrying`; cleared when leaving it. */
  nextAttemptAt?: Date;
  /** Counterpoint DOC_ID (12 digits, kept as text) and ticket number, once the document exists. */
  cpDocId?: string;
  cpTktNo?: string;
  at?: Date;
}

/**
 * Moves an order to a new state and records the transition, in one transaction. Refuses an unknown state,
 * a transition the state machine does not allow (`orderTransitions`), a missing reason for `invalid`,
 * `retrying` and `dead`, and an order not in `expectedFrom`.
 */
export async function recordOrderTransition(db: StateDb, request: OrderTransitionRequest): Promise<SyncedOrder> {
  checkOrderKey(request);
  const what = describeOrder(request);
  const to: string = request.to;
  if (!isOrderState(to)) throw new StoreError("unknown_state", `${what}: unknown order state "${to}"`);
  const reason = request.reason?.trim() || null;
  if (reason === null && statesNeedingReason.includes(request.to)) {
    throw new StoreError("bad_value", `${what}: a reason is required to enter "${request.to}"`);
  }
  if (request.to === "retrying" && request.nextAttemptAt === undefined) {
    throw new StoreError("bad_value", `${what}: nextAttemptAt is required to enter "retrying"`);
  }
  const now = isoTime(request.at ?? new Date());
  if (typeof request.expectedFrom === "string" && !db.isTransaction && isPostgres(db)) {
    const moved = await moveInOneStatement(db, request, request.expectedFrom, reason, now);
    if (moved !== undefined) return moved;
    // Not moved: fall through to the checked path, which names why (missing, other state, illegal move).
  }
  return inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom("synced_orders")
      .selectAll()
      .where("store_id", "=", request.storeId)
      .where("woo_order_id", "=", request.wooOrderId)
      .executeTakeFirst();
    if (!current) throw new StoreError("not_found", `${what}: not in the state store`);
    const from = toOrderState(current.state, what);
    if (request.expectedFrom !== undefined) {
      const expected: readonly OrderState[] =
        typeof request.expectedFrom === "string" ? [request.expectedFrom] : request.expectedFrom;
      if (!expected.includes(from)) {
        throw new StoreError("state_conflict", `${what}: is "${from}", expected ${expected.join(" or ")}`);
      }
    }
    if (!canTransition(from, request.to)) {
      throw new StoreError("illegal_transition", `${what}: cannot go from "${from}" to "${request.to}"`);
    }
    const attempts = request.attempts ?? (request.to === "retrying" ? current.attempts + 1 : current.attempts);
    // Compare-and-set on the state read above, so a concurrent transition cannot be overwritten unseen.
    const row = await trx
      .updateTable("synced_orders")
      .set({
        state: request.to,
        reason,
        attempts,
        next_attempt_at: request.to === "retrying" && request.nextAttemptAt ? isoTime(request.nextAttemptAt) : null,
        cp_doc_id: request.cpDocId ?? current.cp_doc_id,
        cp_tkt_no: request.cpTktNo ?? current.cp_tkt_no,
        updated_at: now,
      })
      .where("store_id", "=", request.storeId)
      .where("woo_order_id", "=", request.wooOrderId)
      .where("state", "=", from)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new StoreError("state_conflict", `${what}: changed state while being updated`);
    await trx
      .insertInto("order_transitions")
      .values({
        store_id: request.storeId,
        woo_order_id: request.wooOrderId,
        from_state: from,
        to_state: request.to,
        at: now,
        reason,
      })
      .execute();
    return toSyncedOrder(row);
  });
}

function isPostgres(db: StateDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * PostgreSQL: the compare-and-set and the transition row in one statement (a data-modifying CTE is atomic), instead
 * of BEGIN, SELECT, UPDATE, INSERT and COMMIT — five round trips — on the hot path of every order. Used only when the
 * caller names the one state it expects and the move is legal; undefined when the order was not in that state.
 */
async function moveInOneStatement(
  db: StateDb,
  request: OrderTransitionRequest,
  from: OrderState,
  reason: string | null,
  now: string,
): Promise<SyncedOrder | undefined> {
  if (!canTransition(from, request.to)) return undefined;
  const attempts =
    request.attempts !== undefined
      ? sql`${request.attempts}`
      : request.to === "retrying"
        ? sql`attempts + 1`
        : sql`attempts`;
  const next = request.to === "retrying" && request.nextAttemptAt ? isoTime(request.nextAttemptAt) : null;
  const result = await sql<Selectable<SyncedOrdersTable>>`
    with moved as (
      update synced_orders
         set state = ${request.to}, reason = ${reason}, attempts = ${attempts}, next_attempt_at = ${next},
             cp_doc_id = coalesce(${request.cpDocId ?? null}, cp_doc_id),
             cp_tkt_no = coalesce(${request.cpTktNo ?? null}, cp_tkt_no), updated_at = ${now}
       where store_id = ${request.storeId} and woo_order_id = ${request.wooOrderId} and state = ${from}
       returning *
    ), logged as (
      insert into order_transitions (store_id, woo_order_id, from_state, to_state, at, reason)
      select store_id, woo_order_id, ${from}, ${request.to}, ${now}, ${reason} from moved
    )
    select * from moved`.execute(db);
  const row = result.rows[0];
  return row === undefined ? undefined : toSyncedOrder(row);
}
