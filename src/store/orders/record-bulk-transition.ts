import { isoTime } from "../iso-time.js";
import { canTransition, type OrderState } from "../order-states.js";
import { type StateDb, inTransaction } from "../state-db.js";
import { StoreError } from "../store-error.js";

export interface BulkTransitionRequest {
  storeId: string;
  wooOrderIds: readonly number[];
  from: OrderState;
  to: OrderState;
  reason?: string;
  at?: Date;
}

/**
 * Moves many orders of one store from one state to another in one transaction — one UPDATE and one multi-row INSERT of
 * their transitions per 500 orders — for the steps a whole batch takes together (its acknowledgement). Only orders still
 * in `from` move (compare-and-set); the ids that moved are returned, the others were changed by someone else meanwhile.
 * States that need a reason or a retry time are refused: those go through `recordOrderTransition`, one by one.
 */
export async function recordBulkTransition(db: StateDb, request: BulkTransitionRequest): Promise<number[]> {
  if (!canTransition(request.from, request.to)) {
    throw new StoreError("illegal_transition", `orders cannot go from "${request.from}" to "${request.to}"`);
  }
  if (["invalid", "retrying", "dead"].includes(request.to)) {
    throw new StoreError("bad_value", `"${request.to}" needs a reason per order: use recordOrderTransition`);
  }
  const ids = [...new Set(request.wooOrderIds)];
  if (ids.length === 0) return [];
  const now = isoTime(request.at ?? new Date());
  const reason = request.reason?.trim() || null;
  return inTransaction(db, async (trx) => {
    const moved: number[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx
        .updateTable("synced_orders")
        .set({ state: request.to, reason, next_attempt_at: null, updated_at: now })
        .where("store_id", "=", request.storeId)
        .where("woo_order_id", "in", ids.slice(i, i + 500))
        .where("state", "=", request.from)
        .returning("woo_order_id")
        .execute();
      const part = rows.map((r) => Number(r.woo_order_id));
      if (part.length === 0) continue;
      await trx
        .insertInto("order_transitions")
        .values(
          part.map((id) => ({
            store_id: request.storeId,
            woo_order_id: id,
            from_state: request.from,
            to_state: request.to,
            at: now,
            reason,
          })),
        )
        .execute();
      moved.push(...part);
    }
    return moved;
  });
}
