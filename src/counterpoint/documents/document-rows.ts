import type { Insertable } from "kysely";
import { type Money, roundTo, sum, ZERO } from "../../money/index.js";
import { cpDateText, cpDateTimeText } from "../datetime.js";
import { fit } from "../fit.js";
import type { CounterpointDatabase as Cp } from "../schema/database.generated.js";
import type { DocumentContact, DocumentPlan } from "./document-plan.js";

/** The numbers a document gets under the lock, and the moment it is written (local wall clock). */
export interface DocumentNumbers {
  docId: string;
  tktNo: string;
  docGuid: string;
  /** Entry time into Counterpoint: LST_MAINT_DT, audit CURR_DT, note dates. */
  now: Date;
}

/** Every row of one document, per table, parents before children (foreign-key order = `documentTables`). */
export interface DocumentRows {
  PS_DOC_HDR: Insertable<Cp["PS_DOC_HDR"]>[];
  PS_DOC_HDR_DOC_STAT: Insertable<Cp["PS_DOC_HDR_DOC_STAT"]>[];
  PS_DOC_LIN: Insertable<Cp["PS_DOC_LIN"]>[];
  PS_DOC_LIN_PRICE: Insertable<Cp["PS_DOC_LIN_PRICE"]>[];
  PS_DOC_HDR_TOT: Insertable<Cp["PS_DOC_HDR_TOT"]>[];
  PS_DOC_HDR_MISC_CHRG: Insertable<Cp["PS_DOC_HDR_MISC_CHRG"]>[];
  PS_DOC_TAX: Insertable<Cp["PS_DOC_TAX"]>[];
  PS_DOC_PMT: Insertable<Cp["PS_DOC_PMT"]>[];
  PS_DOC_CONTACT: Insertable<Cp["PS_DOC_CONTACT"]>[];
  PS_DOC_NOTE: Insertable<Cp["PS_DOC_NOTE"]>[];
  PS_DOC_AUDIT_LOG: Insertable<Cp["PS_DOC_AUDIT_LOG"]>[];
}

/** The tables of a document in insert order (a child after its parent); delete in reverse. */
export const documentTables = [
  "PS_DOC_HDR",
  "PS_DOC_HDR_DOC_STAT",
  "PS_DOC_LIN",
  "PS_DOC_LIN_PRICE",
  "PS_DOC_HDR_TOT",
  "PS_DOC_HDR_MISC_CHRG",
  "PS_DOC_TAX",
  "PS_DOC_PMT",
  "PS_DOC_CONTACT",
  "PS_DOC_NOTE",
  "PS_DOC_AUDIT_LOG",
] as const satisfies readonly (keyof DocumentRows)[];

const m2 = (v: Money) => roundTo(v, 2).toFixed(2);
const m4 = (v: Money) => roundTo(v, 4).toFixed(4);
const yn = (b: boolean) => (b ? "Y" : "N");

function contactRow(docId: string, id: number, c: DocumentContact, adrsId: string | null) {
  return {
    DOC_ID: docId,
    CONTACT_ID: id,
    NAM: c.nam,
    FST_NAM: c.fstNam,
    LST_NAM: c.lstNam,
    ADRS_1: c.adrs1,
    ADRS_2: c.adrs2,
    ADRS_3: c.adrs3,
    CITY: c.city,
    STATE: c.state,
    ZIP_COD: c.zipCod,
    CNTRY: c.cntry,
    PHONE_1: c.phone1,
    EMAIL_ADRS_1: c.email,
    ADRS_ID: adrsId,
    NAM_TYP: c.namTyp,
  } satisfies Insertable<Cp["PS_DOC_CONTACT"]>;
}

/**
 * The rows Counterpoint itself writes for an open order or a ticket (SCHEMA_FULL §2.1/§2.2, the replica's
 * native-order.ts), filled from a validated plan. Pure: no I/O; `guid` makes line GUIDs.
 *
 * Order: LIN_TYP O lines with QTY_ENTD = QTY_TO_REL = QTY_SOLD, header ORD_LINS/TO_REL_LINS = lines, SAL_LINS 0,
 * HAS_ENTD_LINS Y, totals O (whole order), R (lines to release) and V (left open, zero), DOC_STAT O, TAX_DOC_PART O.
 * Ticket: LIN_TYP S lines with QTY_ENTD 0, SAL_LINS/SAL_LIN_TOT, HAS_ENTD_LINS N, one totals row S, no DOC_STAT.
 * Every line's five extended prices are filled (B5) and the header points at contacts 1 and 2 (B3).
 */
export function documentRows(plan: DocumentPlan, n: DocumentNumbers, guid: () => string): DocumentRows {
  const order = plan.kind === "order";
  const docId = n.docId;
  const t = plan.totals;
  const now = cpDateTimeText(n.now);
  const utcNow = n.now.toISOString().slice(0, 23);
  const common = { STR_ID: plan.storeId, STA_ID: plan.stationId, TKT_NO: n.tktNo };
  const lins = plan.lines.length;
  const totTyp = order ? "O" : "S";

  const hdr: Insertable<Cp["PS_DOC_HDR"]> = {
    DOC_ID: docId,
    ...common,
    DOC_TYP: order ? "O" : "T",
    TKT_TYP: "T",
    SAL_LINS: order ? 0 : lins,
    ORD_LINS: order ? lins : 0,
    SAL_LIN_TOT: order ? "0.00" : m2(t.subTot),
    DRW_ID: plan.drawerId,
    CUST_NO: plan.custNo,
    SHIP_VIA_COD: plan.shipViaCode,
    TAX_COD: plan.taxCode,
    NORM_TAX_COD: plan.taxCode,
    CUST_PO_NO: plan.custPoNo,
    USR_ID: plan.user,
    SLS_REP: plan.user,
    STK_LOC_ID: plan.stockLoc,
    PRC_LOC_ID: plan.priceLoc,
    DOC_GUID: n.docGuid,
    BILL_TO_CONTACT_ID: 1,
    SHIP_TO_CONTACT_ID: 2,
    REQ_REPRICE: "N",
    IS_DOC_COMMITTED: "N",
    TIMES_PRTD: 0,
    TKT_DT: cpDateTimeText(plan.enteredAt),
    IS_REL_TKT: "N",
    REF: plan.ref,
    HAS_ENTD_LINS: yn(order),
    HAS_PCKD_LINS: "N",
    HAS_PCKVRFD_LINS: "N",
    HAS_INVCD_LINS: "N",
    HAS_RLSD_LINS: "N",
    TO_REL_LINS: lins,
    TO_LEAVE_LINS: 0,
    LST_MAINT_DT: now,
    LST_MAINT_USR_ID: plan.user,
    RS_UTC_DT: utcNow,
  };

  const lines: Insertable<Cp["PS_DOC_LIN"]>[] = [];
  const prices: Insertable<Cp["PS_DOC_LIN_PRICE"]>[] = [];
  plan.lines.forEach((l, i) => {
    const qty = m4(l.qty);
    const price = m4(l.price);
    const reg = m4(l.regPrice);
    const ext = m2(l.extPrice);
    const gross = m2(l.grossExtPrice);
    const dims = { DIM_1_UPR: l.cell?.[0] ?? "*", DIM_2_UPR: l.cell?.[1] ?? "*", DIM_3_UPR: l.cell?.[2] ?? "*" };
    const cellDescr = l.cell ? l.cell.filter((d) => d !== "*").join("/") : "(N/A)";
    lines.push({
      DOC_ID: docId,
      LIN_SEQ_NO: i + 1,
      ...common,
      LIN_TYP: order ? "O" : "S",
      ITEM_NO: l.itemNo,
      DESCR: l.descr,
      CATEG_COD: l.categ,
      SUBCAT_COD: l.subcat,
      CELL_DESCR: fit("PS_DOC_LIN", "CELL_DESCR", cellDescr).value,
      IS_SINGLE_CELL: yn(l.cell !== null),
      ...dims,
      QTY_SOLD: qty,
      ORIG_QTY: qty,
      QTY_ENTD: order ? qty : "0",
      QTY_TO_REL: qty,
      QTY_TO_LEAVE: "0",
      QTY_SHIPPED: "0",
      QTY_UNIT: l.unit,
      SELL_UNIT: "0",
      QTY_NUMER: "1",
      QTY_DENOM: "1",
      PRC: price,
      CALC_PRC: price,
      PRC_1: reg,
      REG_PRC: reg,
      UNIT_RETL_VAL: reg,
      EXT_PRC: ext,
      DISP_EXT_PRC: ext,
      CALC_EXT_PRC: ext,
      GROSS_EXT_PRC: gross,
      GROSS_DISP_EXT_PRC: gross,
      UNIT_COST: m4(l.unitCost),
      PRESUMED_COST: m4(l.unitCost),
      EXT_COST: m2(l.extCost),
      STK_LOC_ID: plan.stockLoc,
      PRC_LOC_ID: plan.priceLoc,
      IS_TXBL: yn(l.taxable),
      NORM_IS_TXBL: yn(l.taxable),
      // Only inventory items allocate stock; the deleter releases exactly the ITEM_TYP I lines.
      ITEM_TYP: l.allocatesStock ? "I" : "N",
      TRK_METH: l.trackingMethod,
      TAX_AMT_ALLOC: m2(l.taxAlloc),
      NORM_TAX_AMT_ALLOC: m2(l.taxAlloc),
      LIN_GUID: guid(),
    });
    prices.push({
      DOC_ID: docId,
      LIN_SEQ_NO: i + 1,
      PRC_SEQ_NO: 1,
      PRC_JUST_STR: "Price-1",
      PRC_GRP_TYP: "!",
      PRC_RUL_SEQ_NO: -1,
      // "I": a price set from outside (the web), as integrations mark manual prices; null when it is the item's.
      PRC_BRK_DESCR: l.price.equals(l.regPrice) ? null : "I",
      QTY_PRCD: qty,
      UNIT_PRC: price,
      ...dims,
    });
  });

  const totalsRow = (
    typ: "O" | "R" | "V" | "S",
    a: { lins: number; sub: Money; tax: Money; misc: Money; cost: Money; hdrDisc: Money; linDisc: Money; tnd: Money },
  ): Insertable<Cp["PS_DOC_HDR_TOT"]> => {
    const tot = a.sub.minus(a.hdrDisc).plus(a.tax).plus(a.misc);
    return {
      DOC_ID: docId,
      TOT_TYP: typ,
      INITIAL_MIN_DUE: "0.00",
      HAS_TAX_OVRD: "!",
      TAX_AMT_SHIPPED: "0.00",
      LINS: a.lins,
      TOT_GFC_AMT: "0.00",
      TOT_SVC_AMT: "0.00",
      SUB_TOT: m2(a.sub),
      TAX_OVRD_LINS: 0,
      TOT_EXT_COST: m2(a.cost),
      TOT_MISC: m2(a.misc),
      TAX_AMT: m2(a.tax),
      NORM_TAX_AMT: m2(a.tax),
      TOT_TND: m2(a.tnd),
      TOT_CHNG: "0.00",
      TOT_WEIGHT: "0",
      TOT_CUBE: "0",
      TOT: m2(tot),
      AMT_DUE: m2(tot.minus(a.tnd)),
      TOT_HDR_DISC: m2(a.hdrDisc),
      TOT_LIN_DISC: m2(a.linDisc),
      TOT_HDR_DISCNTBL_AMT: m2(a.sub),
      TOT_TIP_AMT: "0.00",
    };
  };
  const whole = {
    lins,
    sub: t.subTot,
    tax: t.tax,
    misc: t.misc,
    cost: t.extCost,
    hdrDisc: t.hdrDisc,
    linDisc: t.lineDisc,
    tnd: t.tendered,
  };
  const nothing = { lins: 0, sub: ZERO, tax: ZERO, misc: ZERO, cost: ZERO, hdrDisc: ZERO, linDisc: ZERO, tnd: ZERO };
  const totals = order
    ? [
        totalsRow("O", whole),
        // R: the lines marked to release (all of them); tax, charges and tender stay on the O row, as CP keeps them.
        totalsRow("R", { ...nothing, lins, sub: t.subTot, cost: t.extCost, linDisc: t.lineDisc }),
        // V: the part left open: nothing.
        totalsRow("V", nothing),
      ]
    : [totalsRow("S", whole)];

  // Charge 1 is always there (CP writes it even at 0); the plan's charges fill their own numbers.
  const charges = new Map<number, Money>([[1, ZERO]]);
  for (const m of plan.miscCharges) charges.set(m.no, m.amount);
  const misc = [...charges]
    .sort(([a], [b]) => a - b)
    .map(([no, amount]) => ({
      DOC_ID: docId,
      TOT_TYP: totTyp,
      MISC_CHRG_NO: no,
      MISC_TYP: "A",
      MISC_AMT: m2(amount),
      MISC_PCT: "0",
    }));

  const taxedQty = sum(plan.lines.filter((l) => l.taxable).map((l) => l.qty));
  const taxes = plan.taxes.map((x) => ({
    DOC_ID: docId,
    AUTH_COD: x.authCod,
    RUL_COD: x.rulCod,
    TAX_DOC_PART: totTyp,
    LIN_AMT: m2(x.taxableAmount),
    TXBL_LIN_AMT: m2(x.taxableAmount),
    TXBL_MISC_CHG_AMT_1: "0.00",
    TXBL_MISC_CHG_AMT_2: "0.00",
    TXBL_MISC_CHG_AMT_3: "0.00",
    TXBL_MISC_CHG_AMT_4: "0.00",
    TXBL_MISC_CHG_AMT_5: "0.00",
    TXBL_GFC_AMT: "0.00",
    TXBL_SVC_AMT: "0.00",
    TXBL_TAX_AMT: "0.00",
    TXBL_QTY: m4(taxedQty),
    TAX_AMT: m2(x.amount),
    NORM_TAX_AMT: m2(x.amount),
    TAX_AMT_EXACT: m4(x.amount),
    NORM_TAX_AMT_EXACT: m4(x.amount),
    TOT_TXBL_AMT: m2(x.taxableAmount),
  }));

  const payments = plan.payments.map((p, i) => ({
    DOC_ID: docId,
    PMT_SEQ_NO: i + 1,
    ...common,
    PAY_COD: p.payCode,
    PAY_COD_TYP: p.payCodeType,
    AMT: m2(p.amount),
    HOME_CURNCY_AMT: m2(p.amount),
    EXCH_LOSS: "0.00",
    FINAL_PMT: "N",
    PMT_LIN_TYP: "T",
    PAY_DAT: p.paidAt === null ? null : cpDateText(p.paidAt),
    DESCR: p.descr,
    EDC_AUTH_FLG: "O",
    CURNCY_COD: "HOME",
    EXCH_RATE_NUMER: "1",
    EXCH_RATE_DENOM: "1",
  }));

  const notes = plan.notes.map((x, i) => ({
    DOC_ID: docId,
    NOTE_SEQ_NO: i + 1,
    NOTE_ID: x.noteId,
    // Only the columns the NCR API and CP's view name: the rest of PS_DOC_NOTE is not known for sure [U].
    NOTE: fit("PS_DOC_NOTE", "NOTE", x.text).value,
    NOTE_TXT: x.text,
  }));

  return {
    PS_DOC_HDR: [hdr],
    PS_DOC_HDR_DOC_STAT: order
      ? [
          {
            DOC_ID: docId,
            LST_DOC_ACTIV: "N",
            DOC_STAT: "O",
            TOT_DEP_RECEIVED: m2(t.tendered),
            IS_SUSPENDED: "N",
            PREQ_WRKGRP_ID: "1",
          },
        ]
      : [],
    PS_DOC_LIN: lines,
    PS_DOC_LIN_PRICE: prices,
    PS_DOC_HDR_TOT: totals,
    PS_DOC_HDR_MISC_CHRG: misc,
    PS_DOC_TAX: taxes,
    PS_DOC_PMT: payments,
    PS_DOC_CONTACT: [contactRow(docId, 1, plan.billTo, null), contactRow(docId, 2, plan.shipTo, plan.shipTo.adrsId)],
    PS_DOC_NOTE: notes,
    PS_DOC_AUDIT_LOG: [
      {
        DOC_ID: docId,
        LOG_SEQ_NO: 1,
        DOC_TYP: order ? "O" : "T",
        DOC_GUID: n.docGuid,
        CURR_DT: now,
        CURR_STR_ID: plan.storeId,
        CURR_STA_ID: plan.stationId,
        CURR_DRW_ID: plan.drawerId,
        CURR_USR_ID: plan.user,
        ACTIV: "N",
        LOG_ENTRY: order ? "Entered a new order" : "Entered a new ticket",
      },
    ],
  };
}
