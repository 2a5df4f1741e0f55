import type { OrderState } from "../order-states.js";
import { type StateDb, inTransaction, isPostgresStore } from "../state-db.js";
import { StoreError } from "../store-error.js";
import {
  checkTransitionRequest,
  illegalStep,
  moveInOneStatement,
  type OrderTransitionRequest,
  recordOrderTransition,
  stepsOf,
} from "./record-order-transition.js";
import type { SyncedOrder } from "./synced-order.js";

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
    return { request, from: request.expectedFrom, reason, now, steps };
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
    const [storeId] = storeIds;
    if (storeId === undefined || storeIds.size !== 1) {
      throw new StoreError("bad_value", "a batch of transitions names one store");
    }
    for (const order of await moveInOneStatement(db, storeId, part)) moved.set(order.wooOrderId, order);
  }
  return moved;
}
