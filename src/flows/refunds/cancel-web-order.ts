import { cancelOpenDocument } from "../../counterpoint/documents/cancel-open-document.js";
import { deleteOpenDocument } from "../../counterpoint/documents/delete-open-document.js";
import type { OrderRefund } from "../../store/index.js";
import type { Order } from "../../woocommerce/index.js";
import type { OrderPorts } from "../orders/order-ports.js";
import { refPrefixOf } from "../orders/order-ref.js";
import type { DocumentProgress } from "./document-progress.js";
import type { Handled, RefundHooks } from "./handled.js";
import { cancelledWebStatuses } from "./queue-web-refunds.js";
import { webNoteOnce } from "./web-note-once.js";

/** Marks the intent before the CP call, so a retry that finds a deleted document knows cpwoo deleted it. */
export const DELETING = "deleting";

/**
 * A web order cancelled or fully refunded: its open Counterpoint order is cancelled, voided or deleted
 * (`refunds.cancelMode`), releasing its stock allocation once, and the web order gets a private note. An order that
 * already shipped is not cancelled: a full refund is then recorded by its refunds (returns); a bare cancellation waits
 * for an operator.
 */
export async function cancelWebOrder(
  ports: OrderPorts,
  row: OrderRefund,
  order: Order,
  progress: DocumentProgress,
  hooks: RefundHooks,
): Promise<Handled> {
  const s = ports.settings.refunds;
  const refunded = order.status === "refunded";
  if (!cancelledWebStatuses.includes(order.status)) {
    return { state: "done", outcome: "withdrawn", reason: `the web order is ${order.status} again: nothing cancelled` };
  }
  const resumed = row.attempts > 0 || row.outcome === DELETING;
  switch (progress.kind) {
    case "none":
      return { state: "done", outcome: "nothing-open", reason: "the web order has no Counterpoint document" };
    case "gone":
      if (row.outcome === DELETING) return finish(ports, row, "deleted", progress.docId, null, true, hooks);
      return refunded
        ? { state: "done", outcome: "covered", reason: `document ${progress.docId} was posted: the refunds record it` }
        : {
            state: "held",
            outcome: "shipped",
            reason: `document ${progress.docId} was already posted in Counterpoint: return the goods there by hand`,
          };
    case "sale":
      return refunded
        ? { state: "done", outcome: "covered", reason: `sale ticket ${progress.tktNo}: the refunds record it` }
        : {
            state: "held",
            outcome: "shipped",
            reason: `the web order was cancelled but its sale ticket ${progress.tktNo} is complete: refund it on the web or return it in Counterpoint`,
          };
    case "open-order":
      break;
  }
  if (progress.shipped && !progress.cancelled) {
    return refunded
      ? { state: "done", outcome: "covered", reason: `order ${progress.tktNo} already shipped: the refunds record it` }
      : {
          state: "held",
          outcome: "shipped",
          reason: `order ${progress.tktNo} already shipped or released in Counterpoint: cancel refused`,
        };
  }
  const why = `web order ${order.number} is ${order.status}`;
  if (s.cancelMode === "delete") {
    await hooks.mark(DELETING);
    const deleted = await deleteOpenDocument(ports.cp, progress.docId, { refPrefix: refPrefixOf(ports.storeId) });
    await hooks.onStep("cp-committed");
    return finish(ports, row, "deleted", deleted.docId, deleted.tktNo, resumed, hooks);
  }
  const done = await cancelOpenDocument(ports.cp, progress.docId, {
    mode: s.cancelMode,
    user: ports.settings.counterpoint.user,
    voidReason: s.voidReason,
    reason: why,
    refPrefix: refPrefixOf(ports.storeId),
    ...(ports.now === undefined ? {} : { now: ports.now() }),
  });
  await hooks.onStep("cp-committed");
  const outcome = s.cancelMode === "void" ? "voided" : "cancelled";
  return finish(ports, row, outcome, done.docId, done.tktNo, resumed || done.already, hooks);
}

async function finish(
  ports: OrderPorts,
  row: OrderRefund,
  outcome: "cancelled" | "voided" | "deleted",
  docId: string,
  tktNo: string | null,
  resumed: boolean,
  hooks: RefundHooks,
): Promise<Handled> {
  const what = tktNo === null ? `document ${docId}` : `${tktNo} (document ${docId})`;
  const verb = outcome === "deleted" ? "was removed" : `was ${outcome}`;
  await webNoteOnce(
    ports,
    row.wooOrderId,
    `Counterpoint order ${what} ${verb} by cpwoo; its stock allocation was released.`,
    resumed,
  );
  await hooks.onStep("noted");
  await hooks.cancelOrder(`web order cancelled: Counterpoint order ${what} ${verb}`);
  return { state: "done", outcome, reason: `Counterpoint order ${what} ${verb}`, cpDocId: docId, cpTktNo: tktNo };
}
