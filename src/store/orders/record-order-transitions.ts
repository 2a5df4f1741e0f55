import { type Selectable, sql } from "kysely";
import type { OrderState } from "../order-states.js";
import type { SyncedOrdersTable } from "../state-tables.js";
import { type StateDb, inTransaction, isPostgresStore } from "../state-db.js";
import { StoreError } from "../store-error.js";
import {
  checkTransitionRequest,
  illegalStep,
  type OrderTransitionRequest,
  recordOrderTransition,
  stepsOf,
  warningsColumn,
} from "./record-order-transition.js";
import { type SyncedOrder, toSyncedOrder } from "./synced-order.js";

/** One order's move in a batch: from the one state the caller saw it in. Not into `retrying` (that counts attempts). */
export type BatchTransitionRequest = OrderTransitionRequest & { expectedFrom: OrderState };

/** Orders per statement: ~25 parameters each, well inside PostgreSQL's 65,535. */
const ORDERS_PER_STATEMENT = 200;

/**
 * What `recordOrderTransition` does for one order, for many orders of one store at once, each with its own state,
 * reason, numbers, warnings and passed-through states: a batch whose documents were written records their `created`
 * in one write instead of one commit per order. PostgreSQL: one statement per 200 orders (a data-modifying CTE is
 * atomic); SQLite: one transaction. An order no longer in the state it names was changed by someone else meanwhile:
 * it is not moved and not in the result. A request the state machine refuses throws before anything is written.
 */
export async function recordOrderTransitions(
  db: StateDb,
  requests: readonly BatchTransitionRequest[],
): Promise<Map<number, SyncedOrder>> {
  const checked = requests.map((request) => {
    const { what, reason, now } = checkTransitionRequest(request);
    if (request.to === "retrying") throw new StoreError("bad_value", `${what}: "retrying" is recorded one by one`);
    const steps = stepsOf(request, request.expectedFrom, reason, now);
    const illegal = illegalStep(steps);
    if (illegal !== undefined) {
      throw new StoreError("illegal_transition", `${what}: cannot go from "${illegal.from}" to "${illegal.to}"`);
    }
    return { request, reason, now, steps };
  });
  const moved = new Map<number, SyncedOrder>();
  if (checked.length === 0) return moved;
  if (!isPostgresStore(db)) {
    await inTransaction(db, async (trx) => {
      for (const { request } of checked) {
        try {
          moved.set(request.wooOrderId, await recordOrderTransition(trx, request));
        } catch (error) {
          if (!(error instanceof StoreError && error.code === "state_conflict")) throw error;
        }
      }
    });
    return moved;
  }
  for (let i = 0; i < checked.length; i += ORDERS_PER_STATEMENT) {
    const part = checked.slice(i, i + ORDERS_PER_STATEMENT);
    const storeIds = new Set(part.map((c) => c.request.storeId));
    if (storeIds.size !== 1) throw new StoreError("bad_value", "a batch of transitions names one store");
    const inputs = sql.join(
      part.map(({ request, reason, now }) => {
        const warnings = warningsColumn(request);
        return sql`(${request.wooOrderId}::integer, ${request.expectedFrom}, ${request.to}, ${reason}::text,
          ${request.attempts ?? null}::integer, ${request.cpDocId ?? null}::text, ${request.cpTktNo ?? null}::text,
          ${warnings.warnings !== undefined}::boolean, ${warnings.warnings ?? null}::text, ${now})`;
      }),
    );
    const steps = sql.join(
      part.flatMap(({ request, steps: orderSteps }) =>
        orderSteps.map(
          (step, n) =>
            sql`(${request.wooOrderId}::integer, ${n}::integer, ${step.from}, ${step.to}, ${step.at}, ${step.reason}::text)`,
        ),
      ),
    );
    const result = await sql<Selectable<SyncedOrdersTable>>`
      with input (woo_order_id, from_state, to_state, reason, attempts, cp_doc_id, cp_tkt_no, set_warnings, warnings,
                  at) as (values ${inputs}),
      moved as (
        update synced_orders s
           set state = i.to_state, reason = i.reason, attempts = coalesce(i.attempts, s.attempts),
               next_attempt_at = null, cp_doc_id = coalesce(i.cp_doc_id, s.cp_doc_id),
               cp_tkt_no = coalesce(i.cp_tkt_no, s.cp_tkt_no), updated_at = i.at,
               warnings = case when i.set_warnings then i.warnings else s.warnings end
          from input i
         where s.store_id = ${[...storeIds][0]} and s.woo_order_id = i.woo_order_id and s.state = i.from_state
        returning s.*
      ), logged as (
        insert into order_transitions (store_id, woo_order_id, from_state, to_state, at, reason)
        select moved.store_id, step.woo_order_id, step.from_state, step.to_state, step.at, step.reason
          from (values ${steps}) as step (woo_order_id, n, from_state, to_state, at, reason)
          join moved on moved.woo_order_id = step.woo_order_id
         order by step.woo_order_id, step.n
      )
      select * from moved`.execute(db);
    for (const row of result.rows) moved.set(Number(row.woo_order_id), toSyncedOrder(row));
  }
  return moved;
}
