import type { CounterpointDb } from "../connect.js";
import { DocumentPlanError } from "./document-errors.js";
import type { DocumentPlan, WrittenDocument } from "./document-plan.js";
import { returnDocumentRows } from "./return-document-rows.js";
import type { DocumentNumbering } from "./ticket-number.js";
import { writeDocument } from "./write-document.js";

/**
 * Writes one return ticket exactly once, through `writeDocument` (same numbering, same locks): a document already
 * carrying `plan.ref` (the web refund's reference) is returned without writing (created: false), so a retry after a
 * crash never makes a second return. `plan` is a ticket plan holding the refund's amounts as positive
 * numbers (validated as any plan); the rows are turned into a return (`returnDocumentRows`). No stock moves here: a
 * ticket moves stock only when Counterpoint posts it, and `restock` decides whether its lines are inventory lines.
 */
export async function writeReturnDocument(
  db: CounterpointDb,
  plan: DocumentPlan,
  numbering: DocumentNumbering,
  opts: { restock: boolean },
): Promise<WrittenDocument> {
  if (plan.kind !== "ticket") throw new DocumentPlanError("kind must be ticket: a return is a ticket with R lines");
  return writeDocument(db, plan, numbering, { rows: (rows) => returnDocumentRows(rows, opts) });
}
