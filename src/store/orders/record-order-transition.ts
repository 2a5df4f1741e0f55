import { type Selectable, sql } from "kysely";
import { isoTime } from "../iso-time.js";
import type { SyncedOrdersTable } from "../state-tables.js";
import { canTransition, isOrderState, type OrderState, statesNeedingReason } from "../order-states.js";
import { type StateDb, inTransaction, isPostgresStore } from "../state-db.js";
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
  /**
   * States passed through on the way to `to`, each recorded as its own transition (with its own time and reason),
   * in the same write: e.g. `staged` (customer resolved, plan made) when `created` is recorded after the document.
   */
  through?: readonly { state: OrderState; reason: string; at: Date }[];
  /** The mapping's warnings to store with the move (replacing earlier ones; empty clears them). */
  warnings?: readonly string[];
}

export interface TransitionStep {
  from: OrderState;
  to: OrderState;
  at: string;
  reason: string | null;
}

/** The transitions a request records, first to last, starting from `from`. */
export function stepsOf(
  request: OrderTransitionRequest,
  from: OrderState,
  reason: string | null,
  now: string,
): TransitionStep[] {
  const steps: TransitionStep[] = [];
  let at = from;
  for (const t of request.through ?? []) {
    steps.push({ from: at, to: t.state, at: isoTime(t.at), reason: t.reason.trim() || null });
    at = t.state;
  }
  steps.push({ from: at, to: request.to, at: now, reason });
  return steps;
}

export const illegalStep = (steps: readonly TransitionStep[]) => steps.find((s) => !canTransition(s.from, s.to));

export function warningsColumn(request: OrderTransitionRequest): { warnings?: string | null } {
  if (request.warnings === undefined) return {};
  return { warnings: request.warnings.length === 0 ? null : JSON.stringify(request.warnings) };
}

/** Refuses what no transition may carry; returns the order's name, the trimmed reason and the time as stored. */
export function checkTransitionRequest(request: OrderTransitionRequest): {
  what: string;
  reason: string | null;
  now: string;
} {
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
  return { what, reason, now: isoTime(request.at ?? new Date()) };
}

/**
 * Moves an order to a new state and records the transition, in one transaction. Refuses an unknown state,
 * a transition the state machine does not allow (`orderTransitions`), a missing reason for `invalid`,
 * `retrying` and `dead`, and an order not in `expectedFrom`.
 */
export async function recordOrderTransition(db: StateDb, request: OrderTransitionRequest): Promise<SyncedOrder> {
  const { what, reason, now } = checkTransitionRequest(request);
  if (typeof request.expectedFrom === "string" && !db.isTransaction && isPostgresStore(db)) {
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
    const steps = stepsOf(request, from, reason, now);
    const illegal = illegalStep(steps);
    if (illegal !== undefined) {
      throw new StoreError("illegal_transition", `${what}: cannot go from "${illegal.from}" to "${illegal.to}"`);
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
        ...warningsColumn(request),
      })
      .where("store_id", "=", request.storeId)
      .where("woo_order_id", "=", request.wooOrderId)
      .where("state", "=", from)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new StoreError("state_conflict", `${what}: changed state while being updated`);
    await trx
      .insertInto("order_transitions")
      .values(
        steps.map((step) => ({
          store_id: request.storeId,
          woo_order_id: request.wooOrderId,
          from_state: step.from,
          to_state: step.to,
          at: step.at,
          reason: step.reason,
        })),
      )
      .execute();
    return toSyncedOrder(row);
  });
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
  const steps = stepsOf(request, from, reason, now);
  if (illegalStep(steps) !== undefined) return undefined;
  const attempts =
    request.attempts !== undefined
      ? sql`${request.attempts}`
      : request.to === "retrying"
        ? sql`attempts + 1`
        : sql`attempts`;
  const next = request.to === "retrying" && request.nextAttemptAt ? isoTime(request.nextAttemptAt) : null;
  const warnings = warningsColumn(request);
  const setWarnings = warnings.warnings === undefined ? sql`` : sql`, warnings = ${warnings.warnings}`;
  const rows = sql.join(
    steps.map((step, i) => sql`(${i}, ${step.from}, ${step.to}, ${step.at}, ${step.reason})`),
    sql`, `,
  );
  const result = await sql<Selectable<SyncedOrdersTable>>`
    with moved as (
      update synced_orders
         set state = ${request.to}, reason = ${reason}, attempts = ${attempts}, next_attempt_at = ${next},
             cp_doc_id = coalesce(${request.cpDocId ?? null}, cp_doc_id),
             cp_tkt_no = coalesce(${request.cpTktNo ?? null}, cp_tkt_no), updated_at = ${now}${setWarnings}
       where store_id = ${request.storeId} and woo_order_id = ${request.wooOrderId} and state = ${from}
       returning *
    ), logged as (
      insert into order_transitions (store_id, woo_order_id, from_state, to_state, at, reason)
      select moved.store_id, moved.woo_order_id, step.from_state, step.to_state, step.at, step.reason
        from moved cross join (values ${rows}) as step (n, from_state, to_state, at, reason)
       order by step.n
    )
    select * from moved`.execute(db);
  const row = result.rows[0];
  return row === undefined ? undefined : toSyncedOrder(row);
}
