import type { CounterpointDb } from "../connect.js";
import { cpDateTimeText } from "../datetime.js";
import { selectForUpdate } from "../dialect.js";
import { fit } from "../fit.js";
import {
  openOrderHeaderColumns,
  type ReleasedStock,
  readUnshippedLines,
  refusal,
  refuseIfProcessed,
  refuseUnlessOwnOrder,
  releaseOrderAllocation,
} from "./open-order-release.js";

/** DOC_STAT of an order cancelled (`C`) or voided (`V`) by cpwoo [U: CP's own letters are not documented]. */
export const cancelledDocStats = { cancel: "C", void: "V" } as const;

export interface CancelDocumentOptions {
  mode: "cancel" | "void";
  /** CURR_USR_ID, LST_MAINT_USR_ID, VOID_USR_ID. */
  user: string;
  /** PS_DOC_HDR.VOID_REAS in `void` mode. */
  voidReason: string;
  /** Why, for the audit row's LOG_ENTRY (250). */
  reason: string;
  /** Refuse unless the document's REF starts with this: only cpwoo's own documents are cancelled. */
  refPrefix?: string;
  now?: Date;
}

export interface CancelledDocument {
  docId: string;
  tktNo: string;
  /** True when the document was already cancelled or voided: nothing was changed by this call. */
  already: boolean;
  /** DOC_STAT now. */
  docStat: string;
  /** QTY_ON_SO given back by this call (empty when `already`). */
  released: ReleasedStock[];
}

/**
 * Cancels (or voids) one open order cpwoo wrote, exactly once, in one transaction: the header is locked, then a
 * document already cancelled or voided is reported as such and left alone (a retry after a crash or a lost reply
 * releases nothing twice). Otherwise it is refused (DocumentDeleteRefusedError) unless it is an open order with
 * nothing released, picked, invoiced or shipped; then the QTY_ON_SO of its stock lines (LIN_TYP O, ITEM_TYP I) is
 * released, the customer's open-order count goes down, DOC_STAT becomes C (V when voided, with VOID_USR_ID and
 * VOID_REAS) with LST_DOC_ACTIV C, and an audit row ACTIV C records it. The document stays for the record.
 */
export async function cancelOpenDocument(
  db: CounterpointDb,
  docId: string,
  opts: CancelDocumentOptions,
): Promise<CancelledDocument> {
  const now = cpDateTimeText(opts.now ?? new Date());
  const newStat = cancelledDocStats[opts.mode];
  const refuse = refusal(docId, "cancelled");
  return db.transaction().execute(async (trx) => {
    const hdr = await selectForUpdate(trx, "PS_DOC_HDR")
      .select([...openOrderHeaderColumns, "DOC_GUID", "STR_ID", "STA_ID", "DRW_ID"])
      .where("DOC_ID", "=", docId)
      .executeTakeFirst();
    if (hdr === undefined) throw refuse("there is no open document with this DOC_ID (posted or deleted?)");
    refuseUnlessOwnOrder(hdr, opts.refPrefix, refuse);
    const base = { docId: String(hdr.DOC_ID), tktNo: hdr.TKT_NO };
    const stat = await trx
      .selectFrom("PS_DOC_HDR_DOC_STAT")
      .select("DOC_STAT")
      .where("DOC_ID", "=", docId)
      .executeTakeFirst();
    if (stat === undefined) throw refuse("it has no PS_DOC_HDR_DOC_STAT row");
    if (stat.DOC_STAT === cancelledDocStats.cancel || stat.DOC_STAT === cancelledDocStats.void) {
      return { ...base, already: true, docStat: stat.DOC_STAT, released: [] };
    }
    if (stat.DOC_STAT !== "O") throw refuse(`its DOC_STAT is ${stat.DOC_STAT}, not O`);
    refuseIfProcessed(hdr, refuse);
    const [lines, audit] = await Promise.all([
      readUnshippedLines(trx, docId, refuse),
      trx
        .selectFrom("PS_DOC_AUDIT_LOG")
        .select((eb) => eb.fn.max("LOG_SEQ_NO").as("LAST"))
        .where("DOC_ID", "=", docId)
        .executeTakeFirst(),
    ]);
    const released = await releaseOrderAllocation(trx, hdr, lines);

    await trx
      .updateTable("PS_DOC_HDR_DOC_STAT")
      .set({ DOC_STAT: newStat, LST_DOC_ACTIV: "C", LST_DOC_EDIT_DT: now, LST_DOC_EDIT_USR_ID: opts.user })
      .where("DOC_ID", "=", docId)
      .execute();
    await trx
      .updateTable("PS_DOC_HDR")
      .set({
        LST_MAINT_DT: now,
        LST_MAINT_USR_ID: opts.user,
        ...(opts.mode === "void" ? { VOID_USR_ID: opts.user, VOID_REAS: opts.voidReason } : {}),
      })
      .where("DOC_ID", "=", docId)
      .execute();
    const verb = opts.mode === "void" ? "Voided" : "Cancelled";
    await trx
      .insertInto("PS_DOC_AUDIT_LOG")
      .values({
        DOC_ID: docId,
        LOG_SEQ_NO: Number(audit?.LAST ?? 0) + 1,
        DOC_TYP: "O",
        DOC_GUID: hdr.DOC_GUID,
        CURR_DT: now,
        CURR_STR_ID: hdr.STR_ID,
        CURR_STA_ID: hdr.STA_ID,
        CURR_DRW_ID: hdr.DRW_ID,
        CURR_USR_ID: opts.user,
        ACTIV: "C",
        LOG_ENTRY: fit("PS_DOC_AUDIT_LOG", "LOG_ENTRY", `${verb} order: ${opts.reason}`).value,
      })
      .execute();
    return { ...base, already: false, docStat: newStat, released };
  });
}
