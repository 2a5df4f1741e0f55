import { isoTime } from "../iso-time.js";
import type { StateDb } from "../state-db.js";

/** Row of `order_refunds` (migration 0008). */
export interface OrderRefundsTable {
  store_id: string;
  woo_order_id: number;
  /** The web refund's id; 0 for the cancellation of the whole order. */
  woo_refund_id: number;
  kind: string;
  state: string;
  outcome: string | null;
  /** Refund amount as positive decimal text; null for a cancellation. */
  amount: string | null;
  cp_doc_id: string | null;
  cp_tkt_no: string | null;
  reason: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

export type OrderRefundKind = "cancel" | "refund";
/** pending: to do; done: recorded in Counterpoint (or nothing to do); held: an operator must act; failed: gave up. */
export type OrderRefundState = "pending" | "done" | "held" | "failed";

export interface OrderRefundKey {
  storeId: string;
  wooOrderId: number;
  wooRefundId: number;
}

export interface OrderRefund extends OrderRefundKey {
  kind: OrderRefundKind;
  state: OrderRefundState;
  outcome: string | null;
  amount: string | null;
  cpDocId: string | null;
  cpTktNo: string | null;
  reason: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/** The cancellation of a whole order is queued under this refund id. */
export const CANCEL_REFUND_ID = 0;

function toOrderRefund(r: OrderRefundsTable): OrderRefund {
  return {
    storeId: r.store_id,
    wooOrderId: Number(r.woo_order_id),
    wooRefundId: Number(r.woo_refund_id),
    kind: r.kind === "cancel" ? "cancel" : "refund",
    state: (["pending", "done", "held", "failed"] as const).find((s) => s === r.state) ?? "pending",
    outcome: r.outcome,
    amount: r.amount,
    cpDocId: r.cp_doc_id,
    cpTktNo: r.cp_tkt_no,
    reason: r.reason,
    attempts: Number(r.attempts),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface QueuedRefund extends OrderRefundKey {
  kind: OrderRefundKind;
  amount: string | null;
}

/**
 * Queues cancellations and refunds seen on the web. Each (store, order, refund id) is inserted once: a webhook, its
 * echo and the poll seeing the same refund collapse here, and a refund already done is never queued again.
 * Returns how many were new.
 */
export async function queueOrderRefunds(db: StateDb, items: readonly QueuedRefund[], at = new Date()): Promise<number> {
  if (items.length === 0) return 0;
  const now = isoTime(at);
  const r = await db
    .insertInto("order_refunds")
    .values(
      items.map((i) => ({
        store_id: i.storeId,
        woo_order_id: i.wooOrderId,
        woo_refund_id: i.wooRefundId,
        kind: i.kind,
        state: "pending",
        amount: i.amount,
        attempts: 0,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["store_id", "woo_order_id", "woo_refund_id"]).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n);
}

export interface RefundListQuery {
  storeId: string;
  wooOrderId?: number;
  states?: readonly OrderRefundState[];
  limit?: number;
}

/** Queued refunds, by web order then refund id (a cancellation, id 0, before the order's refunds). */
export async function listOrderRefunds(db: StateDb, q: RefundListQuery): Promise<OrderRefund[]> {
  let query = db.selectFrom("order_refunds").selectAll().where("store_id", "=", q.storeId);
  if (q.wooOrderId !== undefined) query = query.where("woo_order_id", "=", q.wooOrderId);
  if (q.states !== undefined && q.states.length > 0) query = query.where("state", "in", [...q.states]);
  const rows = await query
    .orderBy("woo_order_id")
    .orderBy("woo_refund_id")
    .limit(q.limit ?? 1000)
    .execute();
  return rows.map(toOrderRefund);
}

export interface RefundResult {
  state: OrderRefundState;
  outcome?: string | null;
  cpDocId?: string | null;
  cpTktNo?: string | null;
  reason?: string | null;
  attempts?: number;
  at?: Date;
}

/** Records what became of one queued refund. */
export async function recordOrderRefund(db: StateDb, key: OrderRefundKey, result: RefundResult): Promise<void> {
  await db
    .updateTable("order_refunds")
    .set({
      state: result.state,
      updated_at: isoTime(result.at ?? new Date()),
      ...(result.outcome === undefined ? {} : { outcome: result.outcome }),
      ...(result.cpDocId === undefined ? {} : { cp_doc_id: result.cpDocId }),
      ...(result.cpTktNo === undefined ? {} : { cp_tkt_no: result.cpTktNo }),
      ...(result.reason === undefined ? {} : { reason: result.reason }),
      ...(result.attempts === undefined ? {} : { attempts: result.attempts }),
    })
    .where("store_id", "=", key.storeId)
    .where("woo_order_id", "=", key.wooOrderId)
    .where("woo_refund_id", "=", key.wooRefundId)
    .execute();
}
