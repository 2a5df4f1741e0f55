import { randomUUID } from "node:crypto";
import type { CounterpointDb } from "../connect.js";
import { selectForUpdate } from "../dialect.js";
import { docIdFor } from "../numbering.js";
import { DocumentSetupError } from "./document-errors.js";
import type { DocumentPlan, WrittenDocument } from "./document-plan.js";
import { documentRows, documentTables } from "./document-rows.js";
import { findDocumentByRef } from "./find-document-by-ref.js";
import { freeDocId } from "./free-doc-id.js";
import { insertRows } from "./insert-rows.js";
import { changeCustomerOrderCount } from "./customer-order-count.js";
import { changeStockOnOrder } from "./stock-on-order.js";
import { type DocumentNumbering, takeTicketNumber } from "./ticket-number.js";
import { validateDocumentPlan } from "./validate-plan.js";

const guid = () => randomUUID().toUpperCase();

/** PS_STR.STR_NO and PS_STA.STA_NO: fnGenDocId's store and station numbers. */
async function stationNumbers(db: CounterpointDb, plan: DocumentPlan): Promise<{ storeNo: number; stationNo: number }> {
  const row = await db
    .selectFrom("PS_STA")
    .innerJoin("PS_STR", "PS_STR.STR_ID", "PS_STA.STR_ID")
    .select(["PS_STR.STR_NO", "PS_STA.STA_NO"])
    .where("PS_STA.STR_ID", "=", plan.storeId)
    .where("PS_STA.STA_ID", "=", plan.stationId)
    .executeTakeFirst();
  if (row === undefined) {
    throw new DocumentSetupError(`station ${plan.stationId} of store ${plan.storeId} does not exist in Counterpoint`);
  }
  if (row.STR_NO === null || row.STA_NO === null) {
    throw new DocumentSetupError(
      `PS_STR.STR_NO / PS_STA.STA_NO of store ${plan.storeId} station ${plan.stationId} are not set: DOC_IDs need them`,
    );
  }
  return { storeNo: Number(row.STR_NO), stationNo: Number(row.STA_NO) };
}

/**
 * Writes one document exactly once, in one transaction:
 * 1. locks the store's PS_STR_CFG_PS row — every cpwoo writer of the store queues here, so what follows sees the
 *    documents the previous writer committed;
 * 2. returns the document already carrying `plan.ref` (created: false) without writing: a retry after a crash or a
 *    lost reply never makes a second document;
 * 3. takes TKT_NO (native counter or prefix) and a free DOC_ID (fnGenDocId at the local clock, stepped on if taken);
 * 4. inserts the native rows table by table (multi-row), and on an order adds each stock line's quantity to
 *    QTY_ON_SO (IM_INV, IM_INV_CELL) and counts the order on AR_CUST.NO_OF_ORDS. A ticket moves no stock:
 *    Counterpoint's posting does.
 * The plan is validated before the database is touched. A duplicate key raised by a document Counterpoint inserts at
 * the same moment surfaces as the driver's error: the caller retries the whole call.
 */
export async function writeDocument(
  db: CounterpointDb,
  plan: DocumentPlan,
  numbering: DocumentNumbering,
): Promise<WrittenDocument> {
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
    const docType = plan.kind === "order" ? "O" : "T";
    const docId = await freeDocId(trx, docIdFor({ ...station, docType, at: now, tktNo }));
    const rows = documentRows(plan, { docId, tktNo, docGuid: guid(), now }, guid);
    for (const table of documentTables) await insertRows(trx, table, rows[table]);
    if (plan.kind === "order") {
      const stock = plan.lines.filter((l) => l.allocatesStock);
      await changeStockOnOrder(
        trx,
        plan.stockLoc,
        stock.map((l) => ({ itemNo: l.itemNo, cell: l.cell, qty: l.qty })),
      );
      await changeCustomerOrderCount(trx, plan.custNo, 1);
    }
    return { docId, tktNo, created: true };
  });
}
