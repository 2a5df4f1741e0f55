import type { Kysely, Transaction } from "kysely";
import { maintText } from "../catalog/maint-text.js";
import { engineOf, moneyText } from "../dialect.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";

type Db = Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>;

/** A document as stored, for `cpwoo orders show` and reconciliation. Money and quantities are exact decimal text. */
export interface StoredDocument {
  header: {
    docId: string;
    tktNo: string;
    docType: string;
    storeId: string;
    stationId: string;
    drawerId: string | null;
    custNo: string | null;
    ref: string | null;
    custPoNo: string | null;
    taxCode: string | null;
    shipViaCode: string | null;
    user: string | null;
    stockLoc: string | null;
    /** TKT_DT, `YYYY-MM-DDTHH:MM:SS.mmm` local. */
    enteredAt: string | null;
    salLins: number | null;
    ordLins: number;
    toRelLins: number;
    salLinTot: string;
    hasReleasedLines: boolean;
    /** PS_DOC_HDR_DOC_STAT (orders): DOC_STAT and TOT_DEP_RECEIVED; null when the row is absent (tickets). */
    docStat: string | null;
    depositReceived: string | null;
  };
  lines: {
    seq: number;
    lineType: string;
    itemNo: string;
    descr: string | null;
    cell: [string, string, string] | null;
    itemType: string;
    qty: string;
    qtyShipped: string;
    unit: string | null;
    price: string | null;
    regPrice: string | null;
    extPrice: string;
    grossExtPrice: string;
    extCost: string | null;
    taxAlloc: string;
  }[];
  totals: {
    type: string;
    lines: number | null;
    subTot: string;
    lineDisc: string;
    hdrDisc: string;
    tax: string;
    misc: string;
    total: string;
    tendered: string;
    amountDue: string;
    extCost: string | null;
  }[];
  miscCharges: { totType: string; no: number; amount: string }[];
  taxes: { authCod: string; rulCod: string; part: string; taxable: string | null; amount: string | null }[];
  payments: { seq: number; payCode: string | null; payCodeType: string; amount: string; descr: string | null }[];
  notes: { seq: number; noteId: string | null; text: string | null }[];
  contacts: {
    id: number;
    nam: string | null;
    adrs1: string | null;
    city: string | null;
    state: string | null;
    zipCod: string | null;
    email: string | null;
    adrsId: string | null;
  }[];
}

const text = (v: string | null) => v ?? "0";

/** Every row of one open document (PS_DOC_HDR and its PS_DOC_* children), or undefined when there is none. */
export async function readDocument(db: Db, docId: string): Promise<StoredDocument | undefined> {
  const e = engineOf(db);
  const m = (column: string, scale: number) => moneyText(e, column, scale);
  const hdr = await db
    .selectFrom("PS_DOC_HDR as h")
    .leftJoin("PS_DOC_HDR_DOC_STAT as s", "s.DOC_ID", "h.DOC_ID")
    .select([
      "h.DOC_ID",
      "h.TKT_NO",
      "h.DOC_TYP",
      "h.STR_ID",
      "h.STA_ID",
      "h.DRW_ID",
      "h.CUST_NO",
      "h.REF",
      "h.CUST_PO_NO",
      "h.TAX_COD",
      "h.SHIP_VIA_COD",
      "h.USR_ID",
      "h.STK_LOC_ID",
      "h.TKT_DT",
      "h.SAL_LINS",
      "h.ORD_LINS",
      "h.TO_REL_LINS",
      "h.HAS_RLSD_LINS",
      m("h.SAL_LIN_TOT", 2).as("SAL_LIN_TOT"),
      "s.DOC_STAT",
      m("s.TOT_DEP_RECEIVED", 2).as("TOT_DEP_RECEIVED"),
    ])
    .where("h.DOC_ID", "=", docId)
    .executeTakeFirst();
  if (hdr === undefined) return undefined;

  const [lines, totals, misc, taxes, payments, notes, contacts] = await Promise.all([
    db
      .selectFrom("PS_DOC_LIN")
      .select([
        "LIN_SEQ_NO",
        "LIN_TYP",
        "ITEM_NO",
        "DESCR",
        "IS_SINGLE_CELL",
        "DIM_1_UPR",
        "DIM_2_UPR",
        "DIM_3_UPR",
        "ITEM_TYP",
        "QTY_UNIT",
        m("QTY_SOLD", 4).as("QTY_SOLD"),
        m("QTY_SHIPPED", 4).as("QTY_SHIPPED"),
        m("PRC", 4).as("PRC"),
        m("REG_PRC", 4).as("REG_PRC"),
        m("EXT_PRC", 2).as("EXT_PRC"),
        m("GROSS_EXT_PRC", 2).as("GROSS_EXT_PRC"),
        m("EXT_COST", 2).as("EXT_COST"),
        m("TAX_AMT_ALLOC", 2).as("TAX_AMT_ALLOC"),
      ])
      .where("DOC_ID", "=", docId)
      .orderBy("LIN_SEQ_NO")
      .execute(),
    db
      .selectFrom("PS_DOC_HDR_TOT")
      .select([
        "TOT_TYP",
        "LINS",
        m("SUB_TOT", 2).as("SUB_TOT"),
        m("TOT_LIN_DISC", 2).as("TOT_LIN_DISC"),
        m("TOT_HDR_DISC", 2).as("TOT_HDR_DISC"),
        m("TAX_AMT", 2).as("TAX_AMT"),
        m("TOT_MISC", 2).as("TOT_MISC"),
        m("TOT", 2).as("TOT"),
        m("TOT_TND", 2).as("TOT_TND"),
        m("AMT_DUE", 2).as("AMT_DUE"),
        m("TOT_EXT_COST", 2).as("TOT_EXT_COST"),
      ])
      .where("DOC_ID", "=", docId)
      .orderBy("TOT_TYP")
      .execute(),
    db
      .selectFrom("PS_DOC_HDR_MISC_CHRG")
      .select(["TOT_TYP", "MISC_CHRG_NO", m("MISC_AMT", 2).as("MISC_AMT")])
      .where("DOC_ID", "=", docId)
      .orderBy("TOT_TYP")
      .orderBy("MISC_CHRG_NO")
      .execute(),
    db
      .selectFrom("PS_DOC_TAX")
      .select(["AUTH_COD", "RUL_COD", "TAX_DOC_PART", m("TOT_TXBL_AMT", 2).as("TXBL"), m("TAX_AMT", 2).as("TAX")])
      .where("DOC_ID", "=", docId)
      .orderBy("TAX_DOC_PART")
      .orderBy("AUTH_COD")
      .execute(),
    db
      .selectFrom("PS_DOC_PMT")
      .select(["PMT_SEQ_NO", "PAY_COD", "PAY_COD_TYP", "DESCR", m("AMT", 2).as("AMT")])
      .where("DOC_ID", "=", docId)
      .orderBy("PMT_SEQ_NO")
      .execute(),
    db
      .selectFrom("PS_DOC_NOTE")
      .select(["NOTE_SEQ_NO", "NOTE_ID", "NOTE_TXT"])
      .where("DOC_ID", "=", docId)
      .orderBy("NOTE_SEQ_NO")
      .execute(),
    db
      .selectFrom("PS_DOC_CONTACT")
      .select(["CONTACT_ID", "NAM", "ADRS_1", "CITY", "STATE", "ZIP_COD", "EMAIL_ADRS_1", "ADRS_ID"])
      .where("DOC_ID", "=", docId)
      .orderBy("CONTACT_ID")
      .execute(),
  ]);

  return {
    header: {
      docId: String(hdr.DOC_ID),
      tktNo: hdr.TKT_NO,
      docType: hdr.DOC_TYP,
      storeId: hdr.STR_ID,
      stationId: hdr.STA_ID,
      drawerId: hdr.DRW_ID,
      custNo: hdr.CUST_NO,
      ref: hdr.REF,
      custPoNo: hdr.CUST_PO_NO,
      taxCode: hdr.TAX_COD,
      shipViaCode: hdr.SHIP_VIA_COD,
      user: hdr.USR_ID,
      stockLoc: hdr.STK_LOC_ID,
      enteredAt: maintText(hdr.TKT_DT),
      salLins: hdr.SAL_LINS,
      ordLins: hdr.ORD_LINS,
      toRelLins: hdr.TO_REL_LINS,
      salLinTot: text(hdr.SAL_LIN_TOT),
      hasReleasedLines: hdr.HAS_RLSD_LINS === "Y",
      docStat: hdr.DOC_STAT,
      depositReceived: hdr.TOT_DEP_RECEIVED,
    },
    lines: lines.map((l) => ({
      seq: l.LIN_SEQ_NO,
      lineType: l.LIN_TYP,
      itemNo: l.ITEM_NO,
      descr: l.DESCR,
      cell: l.IS_SINGLE_CELL === "Y" ? [l.DIM_1_UPR ?? "*", l.DIM_2_UPR ?? "*", l.DIM_3_UPR ?? "*"] : null,
      itemType: l.ITEM_TYP,
      qty: text(l.QTY_SOLD),
      qtyShipped: text(l.QTY_SHIPPED),
      unit: l.QTY_UNIT,
      price: l.PRC,
      regPrice: l.REG_PRC,
      extPrice: text(l.EXT_PRC),
      grossExtPrice: text(l.GROSS_EXT_PRC),
      extCost: l.EXT_COST,
      taxAlloc: text(l.TAX_AMT_ALLOC),
    })),
    totals: totals.map((t) => ({
      type: t.TOT_TYP,
      lines: t.LINS,
      subTot: text(t.SUB_TOT),
      lineDisc: text(t.TOT_LIN_DISC),
      hdrDisc: text(t.TOT_HDR_DISC),
      tax: text(t.TAX_AMT),
      misc: text(t.TOT_MISC),
      total: text(t.TOT),
      tendered: text(t.TOT_TND),
      amountDue: text(t.AMT_DUE),
      extCost: t.TOT_EXT_COST,
    })),
    miscCharges: misc.map((c) => ({ totType: c.TOT_TYP, no: c.MISC_CHRG_NO, amount: text(c.MISC_AMT) })),
    taxes: taxes.map((x) => ({
      authCod: x.AUTH_COD,
      rulCod: x.RUL_COD,
      part: x.TAX_DOC_PART,
      taxable: x.TXBL,
      amount: x.TAX,
    })),
    payments: payments.map((p) => ({
      seq: p.PMT_SEQ_NO,
      payCode: p.PAY_COD,
      payCodeType: p.PAY_COD_TYP,
      amount: text(p.AMT),
      descr: p.DESCR,
    })),
    notes: notes.map((x) => ({ seq: x.NOTE_SEQ_NO, noteId: x.NOTE_ID, text: x.NOTE_TXT })),
    contacts: contacts.map((c) => ({
      id: c.CONTACT_ID,
      nam: c.NAM,
      adrs1: c.ADRS_1,
      city: c.CITY,
      state: c.STATE,
      zipCod: c.ZIP_COD,
      email: c.EMAIL_ADRS_1,
      adrsId: c.ADRS_ID,
    })),
  };
}
