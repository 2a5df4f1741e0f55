import { findDocumentByRef } from "../../counterpoint/documents/find-document-by-ref.js";
import {
  type ListedDocument,
  listDocumentsByRefPrefix,
} from "../../counterpoint/documents/list-documents-by-ref-prefix.js";
import { money } from "../../money/index.js";
import { findOrder } from "../../store/index.js";
import type { OrderStatus } from "../../woocommerce/index.js";
import type { OrderPorts } from "./order-ports.js";
import { orderRef, refPrefixOf } from "./order-ref.js";

export interface ReconcileReport {
  since: string;
  /** Paid web orders checked. */
  checked: number;
  matched: number;
  /** Paid on the web, no Counterpoint document: with cpwoo's state and reason (invalid, skipped, not yet seen…). */
  missing: Array<{ wooOrderId: number; number: string; total: string; state: string | null; reason: string | null }>;
  /** More than one document carries the same web reference. */
  duplicated: Array<{ wooOrderId: number; docIds: string[] }>;
  /** The document's total differs from the web order's. */
  totalsDiffer: Array<{ wooOrderId: number; docId: string; web: string; counterpoint: string }>;
}

/**
 * Paid web orders created since `since` against the Counterpoint documents carrying cpwoo's web reference: which are
 * missing, duplicated, or disagree on the total. Open documents are read in pages by reference prefix; a missing one
 * is looked up once more by its reference (it may have been posted to history).
 */
export async function reconcileOrders(ports: OrderPorts, since: Date): Promise<ReconcileReport> {
  const byRef = new Map<string, ListedDocument[]>();
  const prefix = refPrefixOf(ports.storeId);
  for (let offset = 0; ; offset += 500) {
    const page = await listDocumentsByRefPrefix(ports.cp, prefix, offset, 500);
    for (const d of page) byRef.set(d.ref, [...(byRef.get(d.ref) ?? []), d]);
    if (page.length < 500) break;
  }
  const report: ReconcileReport = {
    since: since.toISOString(),
    checked: 0,
    matched: 0,
    missing: [],
    duplicated: [],
    totalsDiffer: [],
  };
  const statuses = ports.settings.orders.paidStatuses as OrderStatus[];
  for await (const page of ports.woo.orders.pages({ status: statuses, after: since })) {
    for (const order of page.items) {
      report.checked++;
      const ref = orderRef(ports.storeId, order.id);
      const docs = byRef.get(ref) ?? [];
      if (docs.length === 0) {
        const posted = await findDocumentByRef(ports.cp, ref);
        if (posted !== undefined) {
          report.matched++;
          continue;
        }
        const state = await findOrder(ports.state.db, { storeId: ports.storeId, wooOrderId: order.id });
        report.missing.push({
          wooOrderId: order.id,
          number: order.number,
          total: order.total,
          state: state?.state ?? null,
          reason: state?.reason ?? null,
        });
        continue;
      }
      if (docs.length > 1) report.duplicated.push({ wooOrderId: order.id, docIds: docs.map((d) => d.docId) });
      const doc = docs[0] as ListedDocument;
      if (doc.total === null || !money(doc.total).equals(money(order.total))) {
        report.totalsDiffer.push({
          wooOrderId: order.id,
          docId: doc.docId,
          web: order.total,
          counterpoint: doc.total ?? "(no totals row)",
        });
      } else if (docs.length === 1) {
        report.matched++;
      }
    }
  }
  return report;
}
