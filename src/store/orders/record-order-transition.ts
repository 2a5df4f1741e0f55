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

function warningsColumn(request: OrderTransitionRequest): { warnings?: string | null } {
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
    const from = request.expectedFrom;
    const steps = stepsOf(request, from, reason, now);
    const [moved] =
      illegalStep(steps) === undefined
        ? await moveInOneStatement(db, request.storeId, [{ request, from, reason, now, steps }])
        : [];
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

/** A move checked by `checkTransitionRequest` and laid out as steps, from the one state its order is expected in. */
export interface CheckedMove {
  request: OrderTransitionRequest;
  from: OrderState;
  reason: string | null;
  now: string;
  steps: readonly TransitionStep[];
}

/**
 * PostgreSQL: the compare-and-set of one or many orders of one store and their transition rows in one statement (a
 * data-modifying CTE is atomic), instead of BEGIN, SELECT, UPDATE, INSERT and COMMIT per order — on the hot path of
 * every order. Each order moves only if it is still in its `from` state; the orders moved are returned. The caller
 * checks the moves are legal.
 */
export async function moveInOneStatement(
  db: StateDb,
  storeId: string,
  moves: readonly CheckedMove[],
): Promise<SyncedOrder[]> {
  if (moves.length === 0) return [];
  const inputs = sql.join(
    moves.map(({ request, from, reason, now }) => {
      const warnings = warningsColumn(request);
      const next = request.to === "retrying" && request.nextAttemptAt ? isoTime(request.nextAttemptAt) : null;
      return sql`(${request.wooOrderId}::integer, ${from}, ${request.to}, ${reason}::text,
        ${request.attempts ?? null}::integer, ${next}::text, ${request.cpDocId ?? null}::text,
        ${request.cpTktNo ?? null}::text, ${warnings.warnings !== undefined}::boolean, ${warnings.warnings ?? null}::text,
        ${now})`;
    }),
  );
  const steps = sql.join(
    moves.flatMap(({ request, steps: orderSteps }) =>
      orderSteps.map(
        (step, n) =>
          sql`(${request.wooOrderId}::integer, ${n}::integer, ${step.from}, ${step.to}, ${step.at}, ${step.reason}::text)`,
      ),
    ),
  );
  const result = await sql<Selectable<SyncedOrdersTable>>`
    with input (woo_order_id, from_state, to_state, reason, attempts, next_attempt_at, cp_doc_id, cp_tkt_no,
                set_warnings, warnings, at) as (values ${inputs}),
    moved as (
      update synced_orders s
         set state = i.to_state, reason = i.reason,
             attempts = coalesce(i.attempts, s.attempts + case when i.to_state = 'retrying' then 1 else 0 end),
             next_attempt_at = i.next_attempt_at, cp_doc_id = coalesce(i.cp_doc_id, s.cp_doc_id),
             cp_tkt_no = coalesce(i.cp_tkt_no, s.cp_tkt_no), updated_at = i.at,
             warnings = case when i.set_warnings then i.warnings else s.warnings end
        from input i
       where s.store_id = ${storeId} and s.woo_order_id = i.woo_order_id and s.state = i.from_state
      returning s.*
    ), logged as (
      insert into order_transitions (store_id, woo_order_id, from_state, to_state, at, reason)
      select moved.store_id, step.woo_order_id, step.from_state, step.to_state, step.at, step.reason
        from (values ${steps}) as step (woo_order_id, n, from_state, to_state, at, reason)
        join moved on moved.woo_order_id = step.woo_order_id
       order by step.woo_order_id, step.n
    )
    select * from moved`.execute(db);
  return result.rows.map(toSyncedOrder);
}
