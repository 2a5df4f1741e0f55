import { money } from "../../money/index.js";
import type { CounterpointDb } from "../connect.js";
import { cpDateTimeText } from "../datetime.js";
import { engineOf, moneyText, selectForUpdate } from "../dialect.js";
import { fit } from "../fit.js";
import { changeCustomerOrderCount } from "./customer-order-count.js";
import { DocumentDeleteRefusedError } from "./document-errors.js";
import { changeStockOnOrder, type StockOnOrderChange } from "./stock-on-order.js";

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
  released: { itemNo: string; cell: readonly [string, string, string] | null; locId: string; qty: string }[];
}

const refuse = (docId: string, why: string) =>
  new DocumentDeleteRefusedError(`document ${docId} not cancelled: ${why}`);

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
  const engine = engineOf(db);
  const now = cpDateTimeText(opts.now ?? new Date());
  const newStat = cancelledDocStats[opts.mode];
  return db.transaction().execute(async (trx) => {
    const hdr = await selectForUpdate(trx, "PS_DOC_HDR")
      .select([
        "DOC_ID",
        "TKT_NO",
        "DOC_TYP",
        "DOC_GUID",
        "STR_ID",
        "STA_ID",
        "DRW_ID",
        "CUST_NO",
        "REF",
        "STK_LOC_ID",
        "HAS_RLSD_LINS",
        "HAS_PCKD_LINS",
        "HAS_PCKVRFD_LINS",
        "HAS_INVCD_LINS",
      ])
      .where("DOC_ID", "=", docId)
      .executeTakeFirst();
    if (hdr === undefined) throw refuse(docId, "there is no open document with this DOC_ID (posted or deleted?)");
    if (hdr.DOC_TYP !== "O") throw refuse(docId, `it is not an order (DOC_TYP ${hdr.DOC_TYP})`);
    if (opts.refPrefix !== undefined && !(hdr.REF ?? "").startsWith(opts.refPrefix)) {
      throw refuse(docId, `its REF "${hdr.REF ?? ""}" does not start with "${opts.refPrefix}" (not cpwoo's)`);
    }
    const base = { docId: String(hdr.DOC_ID), tktNo: hdr.TKT_NO };
    const stat = await trx
      .selectFrom("PS_DOC_HDR_DOC_STAT")
      .select("DOC_STAT")
      .where("DOC_ID", "=", docId)
      .executeTakeFirst();
    if (stat === undefined) throw refuse(docId, "it has no PS_DOC_HDR_DOC_STAT row");
    if (stat.DOC_STAT === cancelledDocStats.cancel || stat.DOC_STAT === cancelledDocStats.void) {
      return { ...base, already: true, docStat: stat.DOC_STAT, released: [] };
    }
    if (stat.DOC_STAT !== "O") throw refuse(docId, `its DOC_STAT is ${stat.DOC_STAT}, not O`);
    const flags = ["HAS_RLSD_LINS", "HAS_PCKD_LINS", "HAS_PCKVRFD_LINS", "HAS_INVCD_LINS"] as const;
    const set = flags.filter((f) => hdr[f] !== "N");
    if (set.length > 0) throw refuse(docId, `Counterpoint already processed it (${set.join(", ")} not N)`);

    const [tracking, lines, audit] = await Promise.all([
      trx.selectFrom("PS_DOC_PKG_TRK_NO").select("PKG_TRK_NO").where("DOC_ID", "=", docId).execute(),
      trx
        .selectFrom("PS_DOC_LIN")
        .select([
          "LIN_SEQ_NO",
          "LIN_TYP",
          "ITEM_TYP",
          "ITEM_NO",
          "STK_LOC_ID",
          "IS_SINGLE_CELL",
          "DIM_1_UPR",
          "DIM_2_UPR",
          "DIM_3_UPR",
          moneyText(engine, "QTY_SOLD", 4).as("QTY_SOLD"),
          moneyText(engine, "QTY_SHIPPED", 4).as("QTY_SHIPPED"),
        ])
        .where("DOC_ID", "=", docId)
        .orderBy("LIN_SEQ_NO")
        .execute(),
      trx
        .selectFrom("PS_DOC_AUDIT_LOG")
        .select((eb) => eb.fn.max("LOG_SEQ_NO").as("LAST"))
        .where("DOC_ID", "=", docId)
        .executeTakeFirst(),
    ]);
    if (tracking.length > 0) throw refuse(docId, "it has package tracking numbers (shipped)");
    const shipped = lines.find((l) => !money(l.QTY_SHIPPED ?? "0").isZero());
    if (shipped !== undefined) {
      throw refuse(docId, `line ${shipped.LIN_SEQ_NO} (${shipped.ITEM_NO}) has shipped quantity`);
    }

    const byLoc = new Map<string, StockOnOrderChange[]>();
    for (const l of lines) {
      if (l.LIN_TYP !== "O" || l.ITEM_TYP !== "I") continue;
      const loc = l.STK_LOC_ID ?? hdr.STK_LOC_ID;
      if (loc === null) continue;
      const cell =
        l.IS_SINGLE_CELL === "Y" ? ([l.DIM_1_UPR ?? "*", l.DIM_2_UPR ?? "*", l.DIM_3_UPR ?? "*"] as const) : null;
      byLoc.set(loc, [...(byLoc.get(loc) ?? []), { itemNo: l.ITEM_NO, cell, qty: money(l.QTY_SOLD ?? "0").negated() }]);
    }
    const released: CancelledDocument["released"] = [];
    for (const [loc, changes] of byLoc) {
      await changeStockOnOrder(trx, loc, changes);
      for (const c of changes) {
        released.push({ itemNo: c.itemNo, cell: c.cell, locId: loc, qty: c.qty.negated().toFixed(4) });
      }
    }
    if (hdr.CUST_NO !== null) await changeCustomerOrderCount(trx, hdr.CUST_NO, -1);

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
