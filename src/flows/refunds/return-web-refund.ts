import { writeReturnDocument } from "../../counterpoint/documents/write-return-document.js";
import type { OrderRefund } from "../../store/index.js";
import type { Order, Refund } from "../../woocommerce/index.js";
import type { OrderPorts } from "../orders/order-ports.js";
import { type OrderBatchCache, prepareDocument } from "../orders/prepare-document.js";
import { type DocumentProgress, hasShipped } from "./document-progress.js";
import type { Handled, RefundHooks } from "./handled.js";
import { cancelledWebStatuses } from "./queue-web-refunds.js";
import { refundAsOrder } from "./refund-as-order.js";
import { refundRef } from "./refund-ref.js";
import { webNoteOnce } from "./web-note-once.js";

/**
 * One web refund. Before shipping there is nothing to return: a refund of a cancelled order is covered by the
 * cancellation (which released the stock), and a partial refund of an order still open in Counterpoint waits for an
 * operator (the order still asks for the goods; `cpwoo orders drift` shows it). After shipping it becomes one return
 * ticket (`refunds.mode` return, or value-only lines in payment mode), found again by its REF on a retry, and the web
 * order gets a note naming it.
 */
export async function returnWebRefund(
  ports: OrderPorts,
  row: OrderRefund,
  order: Order,
  refund: Refund | undefined,
  progress: DocumentProgress,
  cancelState: "none" | "pending" | "done",
  cache: OrderBatchCache,
  hooks: RefundHooks,
): Promise<Handled> {
  if (refund === undefined) {
    return { state: "done", outcome: "withdrawn", reason: `refund ${row.wooRefundId} is no longer on the web order` };
  }
  if (!hasShipped(progress)) {
    if (progress.kind === "none") {
      return { state: "held", outcome: null, reason: "the web order has no Counterpoint document to return against" };
    }
    if (progress.kind === "open-order" && progress.cancelled) {
      return { state: "done", outcome: "covered", reason: `Counterpoint order ${progress.tktNo} was cancelled` };
    }
    if (cancelledWebStatuses.includes(order.status)) {
      // The cancellation (refund id 0) releases the stock; this refund is its money side.
      if (cancelState === "pending") return { state: "wait", outcome: null, reason: "waiting for the cancellation" };
      return { state: "done", outcome: "covered", reason: "covered by the cancellation of the order" };
    }
    return {
      state: "held",
      outcome: "before-shipping",
      reason:
        `refunded ${refund.amount} before shipping while Counterpoint order ${progress.kind === "open-order" ? progress.tktNo : ""} ` +
        "is open: change the order in Counterpoint (see `cpwoo orders drift`)",
    };
  }

  const s = ports.settings.refunds;
  const ticketPorts: OrderPorts = {
    ...ports,
    settings: { ...ports.settings, orders: { ...ports.settings.orders, documentKind: "ticket" } },
  };
  const prepared = await prepareDocument(ticketPorts, refundAsOrder(order, refund), cache);
  if (prepared.kind === "invalid") {
    return {
      state: "held",
      outcome: null,
      reason: `refund ${refund.id} cannot be recorded as a return: ${prepared.field}: ${prepared.reason}`,
    };
  }
  const plan = { ...prepared.plan, ref: refundRef(ports.storeId, order.id, refund.id) };
  const restock = s.mode === "return" && s.restockInCounterpoint;
  const written = await writeReturnDocument(ports.cp, plan, ports.settings.orders.numbering, { restock });
  await hooks.onStep("cp-committed");
  const outcome = s.mode === "return" ? "returned" : "payment";
  const what = `${written.tktNo} (document ${written.docId})`;
  await webNoteOnce(
    ports,
    order.id,
    `Refund #${refund.id} (${refund.amount}) recorded in Counterpoint as return ticket ${what}` +
      (restock ? "; Counterpoint restocks the goods when it posts it." : "; no stock moved in Counterpoint."),
    row.attempts > 0 || !written.created,
  );
  await hooks.onStep("noted");
  return {
    state: "done",
    outcome,
    reason: `return ticket ${what}${written.created ? "" : " (found by its reference)"}`,
    cpDocId: written.docId,
    cpTktNo: written.tktNo,
  };
}
