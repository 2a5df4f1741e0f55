import { randomUUID } from "node:crypto";
import type { CounterpointDb } from "../connect.js";
import { selectForUpdate } from "../dialect.js";
import { docIdFor } from "../numbering.js";
import { DocumentPlanError, DocumentSetupError } from "./document-errors.js";
import type { DocumentPlan, WrittenDocument } from "./document-plan.js";
import { documentRows, documentTables } from "./document-rows.js";
import { findDocumentByRef } from "./find-document-by-ref.js";
import { freeDocId } from "./free-doc-id.js";
import { insertRows } from "./insert-rows.js";
import { returnDocumentRows } from "./return-document-rows.js";
import { type DocumentNumbering, takeTicketNumber } from "./ticket-number.js";
import { validateDocumentPlan } from "./validate-plan.js";
import { stationNumbers } from "./write-document.js";

const guid = () => randomUUID().toUpperCase();

/**
 * Writes one return ticket exactly once, as `writeDocument` writes a sale: under the store's PS_STR_CFG_PS lock, a
 * document already carrying `plan.ref` (the web refund's reference) is returned without writing (created: false), so a
 * retry after a crash never makes a second return. `plan` is a ticket plan holding the refund's amounts as positive
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
  validateDocumentPlan(plan);
  const station = await stationNumbers(db, plan);
  return db.transaction().execute(async (trx) => {
    const counters = await selectForUpdate(trx, "PS_STR_CFG_PS")
      .select(["NXT_TKT_NO", "NXT_ORD_NO"])
      .where("STR_ID", "=", plan.storeId)
      .executeTakeFirst();
    if (counters === undefined) {
      throw new DocumentSetupError(`store ${plan.storeId} has no PS_STR_CFG_PS row (its POS configuration)`);
    }
    const existing = await findDocumentByRef(trx, plan.ref);
    if (existing !== undefined) return { docId: existing.docId, tktNo: existing.tktNo, created: false };
    const tktNo = await takeTicketNumber(trx, plan, numbering, counters);
    const now = new Date();
    const docId = await freeDocId(trx, docIdFor({ ...station, docType: "T", at: now, tktNo }));
    const rows = returnDocumentRows(documentRows(plan, { docId, tktNo, docGuid: guid(), now }, guid), opts);
    for (const table of documentTables) await insertRows(trx, table, rows[table]);
    return { docId, tktNo, created: true };
  });
}
