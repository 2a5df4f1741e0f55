import { cancelledDocStats } from "../../counterpoint/documents/cancel-open-document.js";
import { findDocumentByRef } from "../../counterpoint/documents/find-document-by-ref.js";
import { readDocument, type StoredDocument } from "../../counterpoint/documents/read-document.js";
import { money } from "../../money/index.js";
import type { SyncedOrder } from "../../store/index.js";
import type { OrderPorts } from "../orders/order-ports.js";
import { orderRef } from "../orders/order-ref.js";

/** Where a web order's Counterpoint document stands, as far as cancelling or returning is concerned. */
export type DocumentProgress =
  | { kind: "open-order"; docId: string; tktNo: string; stored: StoredDocument; cancelled: boolean; shipped: boolean }
  /** A sale ticket (`orders.documentKind` ticket): the sale is complete, goods are gone. */
  | { kind: "sale"; docId: string; tktNo: string }
  /** cpwoo made a document but it is no longer open: posted to history (shipped and invoiced) or removed by hand. */
  | { kind: "gone"; docId: string }
  | { kind: "none" };

const cancelled: readonly string[] = [cancelledDocStats.cancel, cancelledDocStats.void];

/** Finds the document by its web reference (REF), the key cpwoo always writes; the stored DOC_ID only says one existed. */
export async function documentProgress(ports: OrderPorts, synced: SyncedOrder): Promise<DocumentProgress> {
  const found = await findDocumentByRef(ports.cp, orderRef(ports.storeId, synced.wooOrderId));
  if (found === undefined) return synced.cpDocId === null ? { kind: "none" } : { kind: "gone", docId: synced.cpDocId };
  if (found.docType !== "O") return { kind: "sale", docId: found.docId, tktNo: found.tktNo };
  const stored = await readDocument(ports.cp, found.docId);
  if (stored === undefined) return { kind: "gone", docId: found.docId };
  const shipped = stored.header.hasReleasedLines || stored.lines.some((l) => !money(l.qtyShipped).isZero());
  return {
    kind: "open-order",
    docId: found.docId,
    tktNo: found.tktNo,
    stored,
    cancelled: cancelled.includes(stored.header.docStat ?? ""),
    shipped,
  };
}

/** True once the goods have left (shipped, released, sold or posted): a refund then becomes a return. */
export function hasShipped(p: DocumentProgress): boolean {
  return p.kind === "sale" || p.kind === "gone" || (p.kind === "open-order" && p.shipped);
}
