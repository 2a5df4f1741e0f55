import {
  CANCEL_REFUND_ID,
  type OrderState,
  type QueuedRefund,
  queueOrderRefunds,
  type StateDb,
  type SyncedOrder,
} from "../../store/index.js";
import type { Order } from "../../woocommerce/index.js";
import { money } from "../../money/index.js";

/** Web statuses that end an order before (or instead of) its shipment. */
export const cancelledWebStatuses: readonly string[] = ["cancelled", "refunded"];

// A rolled-back order keeps its last document's numbers, but the document is gone: nothing to cancel or return.
const withDocument: readonly OrderState[] = ["created", "acknowledged", "cancelled", "retrying", "dead"];

/**
 * The cancellation and refunds of a web order to queue: none unless the order already has a Counterpoint document;
 * then the cancellation (refund id 0) if its web status is cancelled/refunded, and each of its refunds.
 */
export function webRefundsOf(known: SyncedOrder, order: Order): QueuedRefund[] {
  if (known.cpDocId === null || !withDocument.includes(known.state)) return [];
  const key = { storeId: known.storeId, wooOrderId: order.id };
  const items: QueuedRefund[] = [];
  if (cancelledWebStatuses.includes(order.status)) {
    items.push({ ...key, wooRefundId: CANCEL_REFUND_ID, kind: "cancel", amount: null });
  }
  for (const r of order.refunds) {
    // The order's refunds[] carry the total as a negative amount; the queue keeps it positive.
    items.push({ ...key, wooRefundId: r.id, kind: "refund", amount: money(r.total).abs().toFixed(2) });
  }
  return items;
}

/**
 * The hook intake calls for every web order it sees: an order that already has a Counterpoint document and whose web
 * status became cancelled/refunded, or that carries refunds, gets each of them queued once (by store, order, refund
 * id; the cancellation as refund id 0). Returns how many were new. Cheap for the usual order: no query unless there is
 * something to queue.
 */
export async function queueWebRefunds(db: StateDb, known: SyncedOrder, order: Order, at = new Date()): Promise<number> {
  return queueOrderRefunds(db, webRefundsOf(known, order), at);
}
