import type { CounterpointDb } from "../connect.js";
import { selectForUpdate } from "../dialect.js";
import { documentTables } from "./document-rows.js";
import {
  openOrderHeaderColumns,
  type ReleasedStock,
  readUnshippedLines,
  refusal,
  refuseIfProcessed,
  refuseUnlessOwnOrder,
  releaseOrderAllocation,
} from "./open-order-release.js";

export interface DeleteDocumentOptions {
  /** Refuse unless the document's REF starts with this: only cpwoo's own documents are rolled back. */
  refPrefix?: string;
}

export interface DeletedDocument {
  docId: string;
  tktNo: string;
  ref: string | null;
  /** QTY_ON_SO given back, per item/cell and location. */
  released: ReleasedStock[];
}

/**
 * The operator's rollback of one open order cpwoo wrote, in one transaction: refused (DocumentDeleteRefusedError) unless
 * the document is still in PS_DOC_HDR as an open order (DOC_TYP O, DOC_STAT O) with nothing released, picked,
 * invoiced or shipped and no tracking number; then the QTY_ON_SO its stock lines (LIN_TYP O, ITEM_TYP I) allocated is
 * released on IM_INV / IM_INV_CELL, the customer's NO_OF_ORDS goes down by one, and every PS_DOC_* row is deleted,
 * children first.
 */
export async function deleteOpenDocument(
  db: CounterpointDb,
  docId: string,
  opts: DeleteDocumentOptions = {},
): Promise<DeletedDocument> {
  const refuse = refusal(docId, "deleted");
  return db.transaction().execute(async (trx) => {
    const hdr = await selectForUpdate(trx, "PS_DOC_HDR")
      .select([...openOrderHeaderColumns])
      .where("DOC_ID", "=", docId)
      .executeTakeFirst();
    if (hdr === undefined) throw refuse("there is no open document with this DOC_ID (posted or deleted?)");
    refuseUnlessOwnOrder(hdr, opts.refPrefix, refuse);
    refuseIfProcessed(hdr, refuse);
    const stat = await trx
      .selectFrom("PS_DOC_HDR_DOC_STAT")
      .select("DOC_STAT")
      .where("DOC_ID", "=", docId)
      .executeTakeFirst();
    if (stat !== undefined && stat.DOC_STAT !== "O") throw refuse(`its DOC_STAT is ${stat.DOC_STAT}, not O`);
    const lines = await readUnshippedLines(trx, docId, refuse);
    const released = await releaseOrderAllocation(trx, hdr, lines);
    await trx.deleteFrom("PS_DOC_LIN_CELL").where("DOC_ID", "=", docId).execute();
    for (const table of [...documentTables].reverse()) {
      await trx.deleteFrom(table).where("DOC_ID", "=", docId).execute();
    }
    return { docId: String(hdr.DOC_ID), tktNo: hdr.TKT_NO, ref: hdr.REF, released };
  });
}
