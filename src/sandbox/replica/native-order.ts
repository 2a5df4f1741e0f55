import { type Money, money, roundTo, sum, ZERO } from "../../money/index.js";
import { type DemoRow, demoRow } from "./demo-row.js";

export interface NativeOrderContact {
  NAM: string;
  FST_NAM: string | null;
  LST_NAM: string | null;
  ADRS_1: string | null;
  ADRS_2: string | null;
  ADRS_3: string | null;
  CITY: string | null;
  STATE: string | null;
  ZIP_COD: string | null;
  CNTRY: string | null;
  PHONE_1: string | null;
  EMAIL_ADRS_1: string | null;
  NAM_TYP: "B" | "P";
}

export interface NativeOrderLine {
  itemNo: string;
  descr: string;
  categ: string | null;
  subcat: string | null;
  trackingMethod: string;
  unit: string;
  qty: string;
  /** Unit price after pricing (PRC, CALC_PRC). */
  price: string;
  /** Item price-1 and regular price (PRC_1, REG_PRC, UNIT_RETL_VAL). */
  price1: string;
  regPrice: string;
  unitCost: string;
  /** A single grid cell: DIM_1_UPR..DIM_3_UPR; null for a non-grid item. */
  cell: readonly [string, string, string] | null;
  lineGuid: string;
}

export interface NativeOrderInput {
  docId: string;
  docGuid: string;
  tktNo: string;
  storeId: string;
  stationId: string;
  drawerId: string;
  user: string;
  /** Local entry time, ISO text. */
  enteredAt: string;
  custNo: string;
  taxCode: string;
  custPoNo: string | null;
  stockLoc: string;
  priceLoc: string;
  billTo: NativeOrderContact;
  /** Ship-to copied from AR_SHIP_ADRS (ADRS_ID is its SHIP_ADRS_ID, `(DEFAULT)` natively). */
  shipTo: NativeOrderContact & { ADRS_ID: string };
  lines: readonly NativeOrderLine[];
  /** One row per authority of the tax code, in AR_TAX_COD_AUTH order. */
  taxes: readonly { authCod: string; pct: string }[];
  /** Freight as misc charge 1 (MISC_TYP A); "0" still writes the row, as CP does. */
  shipping: string;
}

const m2 = (v: Money) => roundTo(v, 2).toFixed(2);
const m4 = (v: Money) => roundTo(v, 4).toFixed(4);

/** Splits `total` over `weights` in proportion, to the cent, the last share taking the rounding remainder. */
function allocate(total: Money, weights: readonly Money[]): Money[] {
  const whole = sum(weights);
  if (whole.isZero()) return weights.map(() => ZERO);
  const shares = weights.map((w) => roundTo(total.times(w).dividedBy(whole), 2));
  const drift = total.minus(sum(shares));
  const last = shares.length - 1;
  if (last >= 0) shares[last] = (shares[last] ?? ZERO).plus(drift);
  return shares;
}

/**
 * The rows Counterpoint itself writes for an open order (DOC_TYP O), laid out as SCHEMA_FULL §2.1 describes:
 * header with ORD_LINS/TO_REL_LINS and contacts 1/2, LIN_TYP O lines with QTY_ENTD = QTY_TO_REL = QTY_SOLD and the
 * five equal extended prices, totals rows O (whole order), R (to release) and V (left open, zero), a misc-charge row,
 * one PS_DOC_TAX row per authority with TAX_DOC_PART O, bill-to and ship-to contacts, DOC_STAT O and one audit entry.
 * Rows come parent first (foreign-key order).
 */
export function nativeOrderRows(o: NativeOrderInput): DemoRow[] {
  const lines = o.lines.map((l, i) => {
    const qty = money(l.qty);
    const ext = roundTo(qty.times(money(l.price)), 2);
    return { ...l, seq: i + 1, qtyM: qty, ext, extCost: roundTo(qty.times(money(l.unitCost)), 2) };
  });
  const subTot = sum(lines.map((l) => l.ext));
  const taxes = o.taxes.map((t) => ({
    ...t,
    amount: roundTo(subTot.times(money(t.pct)).dividedBy(100), 2),
    exact: roundTo(subTot.times(money(t.pct)).dividedBy(100), 4),
  }));
  const taxTotal = sum(taxes.map((t) => t.amount));
  const lineTax = allocate(
    taxTotal,
    lines.map((l) => l.ext),
  );
  const shipping = roundTo(money(o.shipping), 2);
  const totQty = sum(lines.map((l) => l.qtyM));
  const extCost = sum(lines.map((l) => l.extCost));
  const common = { STR_ID: o.storeId, STA_ID: o.stationId, TKT_NO: o.tktNo };

  const rows: DemoRow[] = [];
  rows.push(
    demoRow("PS_DOC_HDR", {
      DOC_ID: o.docId,
      ...common,
      DOC_TYP: "O",
      TKT_TYP: "T",
      SAL_LINS: 0,
      ORD_LINS: lines.length,
      SAL_LIN_TOT: "0.00",
      DRW_ID: o.drawerId,
      CUST_NO: o.custNo,
      TAX_COD: o.taxCode,
      NORM_TAX_COD: o.taxCode,
      CUST_PO_NO: o.custPoNo,
      USR_ID: o.user,
      SLS_REP: o.user,
      STK_LOC_ID: o.stockLoc,
      PRC_LOC_ID: o.priceLoc,
      DOC_GUID: o.docGuid,
      BILL_TO_CONTACT_ID: 1,
      SHIP_TO_CONTACT_ID: 2,
      REQ_REPRICE: "N",
      IS_DOC_COMMITTED: "N",
      TIMES_PRTD: 0,
      TKT_DT: o.enteredAt,
      IS_REL_TKT: "N",
      HAS_ENTD_LINS: "Y",
      HAS_PCKD_LINS: "N",
      HAS_PCKVRFD_LINS: "N",
      HAS_INVCD_LINS: "N",
      HAS_RLSD_LINS: "N",
      TO_REL_LINS: lines.length,
      TO_LEAVE_LINS: 0,
      LST_MAINT_DT: o.enteredAt,
      LST_MAINT_USR_ID: o.user,
      RS_UTC_DT: o.enteredAt,
    }),
    demoRow("PS_DOC_HDR_DOC_STAT", {
      DOC_ID: o.docId,
      LST_DOC_ACTIV: "N",
      DOC_STAT: "O",
      TOT_DEP_RECEIVED: "0.00",
      IS_SUSPENDED: "N",
      PREQ_WRKGRP_ID: "1",
    }),
  );
  lines.forEach((l, i) => {
    const ext = m2(l.ext);
    rows.push(
      demoRow("PS_DOC_LIN", {
        DOC_ID: o.docId,
        LIN_SEQ_NO: l.seq,
        ...common,
        LIN_TYP: "O",
        ITEM_NO: l.itemNo,
        DESCR: l.descr,
        CATEG_COD: l.categ,
        SUBCAT_COD: l.subcat,
        CELL_DESCR: l.cell ? l.cell.filter((d) => d !== "*").join("/") : "(N/A)",
        IS_SINGLE_CELL: l.cell ? "Y" : "N",
        DIM_1_UPR: l.cell?.[0] ?? "*",
        DIM_2_UPR: l.cell?.[1] ?? "*",
        DIM_3_UPR: l.cell?.[2] ?? "*",
        QTY_SOLD: m4(l.qtyM),
        ORIG_QTY: m4(l.qtyM),
        QTY_ENTD: m4(l.qtyM),
        QTY_TO_REL: m4(l.qtyM),
        QTY_TO_LEAVE: "0",
        QTY_SHIPPED: "0",
        QTY_UNIT: l.unit,
        SELL_UNIT: "0",
        QTY_NUMER: "1",
        QTY_DENOM: "1",
        PRC: l.price,
        CALC_PRC: l.price,
        PRC_1: l.price1,
        REG_PRC: l.regPrice,
        UNIT_RETL_VAL: l.price1,
        EXT_PRC: ext,
        GROSS_EXT_PRC: ext,
        DISP_EXT_PRC: ext,
        GROSS_DISP_EXT_PRC: ext,
        CALC_EXT_PRC: ext,
        UNIT_COST: l.unitCost,
        PRESUMED_COST: l.unitCost,
        EXT_COST: m2(l.extCost),
        STK_LOC_ID: o.stockLoc,
        PRC_LOC_ID: o.priceLoc,
        IS_TXBL: "Y",
        NORM_IS_TXBL: "Y",
        ITEM_TYP: "I",
        TRK_METH: l.trackingMethod,
        TAX_AMT_ALLOC: m2(lineTax[i] ?? ZERO),
        NORM_TAX_AMT_ALLOC: m2(lineTax[i] ?? ZERO),
        LIN_GUID: l.lineGuid,
      }),
      demoRow("PS_DOC_LIN_PRICE", {
        DOC_ID: o.docId,
        LIN_SEQ_NO: l.seq,
        PRC_SEQ_NO: 1,
        PRC_JUST_STR: "Price-1",
        PRC_GRP_TYP: "!",
        PRC_RUL_SEQ_NO: -1,
        QTY_PRCD: m4(l.qtyM),
        UNIT_PRC: l.price,
        DIM_1_UPR: l.cell?.[0] ?? "*",
        DIM_2_UPR: l.cell?.[1] ?? "*",
        DIM_3_UPR: l.cell?.[2] ?? "*",
      }),
    );
  });
  const totals = (typ: "O" | "R" | "V", amounts: { lins: number; sub: Money; tax: Money; misc: Money; cost: Money }) =>
    demoRow("PS_DOC_HDR_TOT", {
      DOC_ID: o.docId,
      TOT_TYP: typ,
      INITIAL_MIN_DUE: "0.00",
      HAS_TAX_OVRD: "!",
      TAX_AMT_SHIPPED: "0.00",
      LINS: amounts.lins,
      TOT_GFC_AMT: "0.00",
      TOT_SVC_AMT: "0.00",
      SUB_TOT: m2(amounts.sub),
      TAX_OVRD_LINS: 0,
      TOT_EXT_COST: m2(amounts.cost),
      TOT_MISC: m2(amounts.misc),
      TAX_AMT: m2(amounts.tax),
      NORM_TAX_AMT: m2(amounts.tax),
      TOT_TND: "0.00",
      TOT_CHNG: "0.00",
      TOT_WEIGHT: "0",
      TOT_CUBE: "0",
      TOT: m2(amounts.sub.plus(amounts.tax).plus(amounts.misc)),
      AMT_DUE: m2(amounts.sub.plus(amounts.tax).plus(amounts.misc)),
      TOT_HDR_DISC: "0.00",
      TOT_LIN_DISC: "0.00",
      TOT_HDR_DISCNTBL_AMT: m2(amounts.sub),
      TOT_TIP_AMT: "0.00",
    });
  rows.push(
    totals("O", { lins: lines.length, sub: subTot, tax: taxTotal, misc: shipping, cost: extCost }),
    // R: what is marked to release (every line here); tax stays on the O row [GD].
    totals("R", { lins: lines.length, sub: subTot, tax: ZERO, misc: ZERO, cost: extCost }),
    // V: what is left open: nothing.
    totals("V", { lins: 0, sub: ZERO, tax: ZERO, misc: ZERO, cost: ZERO }),
    demoRow("PS_DOC_HDR_MISC_CHRG", {
      DOC_ID: o.docId,
      TOT_TYP: "O",
      MISC_CHRG_NO: 1,
      MISC_TYP: "A",
      MISC_AMT: m2(shipping),
      MISC_PCT: "0",
    }),
  );
  for (const t of taxes) {
    rows.push(
      demoRow("PS_DOC_TAX", {
        DOC_ID: o.docId,
        AUTH_COD: t.authCod,
        RUL_COD: "TAX",
        TAX_DOC_PART: "O",
        LIN_AMT: m2(subTot),
        TXBL_LIN_AMT: m2(subTot),
        TXBL_MISC_CHG_AMT_1: "0.00",
        TXBL_MISC_CHG_AMT_2: "0.00",
        TXBL_MISC_CHG_AMT_3: "0.00",
        TXBL_MISC_CHG_AMT_4: "0.00",
        TXBL_MISC_CHG_AMT_5: "0.00",
        TXBL_GFC_AMT: "0.00",
        TXBL_SVC_AMT: "0.00",
        TXBL_TAX_AMT: "0.00",
        TXBL_QTY: m4(totQty),
        TAX_AMT: m2(t.amount),
        NORM_TAX_AMT: m2(t.amount),
        TAX_AMT_EXACT: m4(t.exact),
        NORM_TAX_AMT_EXACT: m4(t.exact),
        TOT_TXBL_AMT: m2(subTot),
      }),
    );
  }
  const { ADRS_ID, ...shipTo } = o.shipTo;
  rows.push(
    demoRow("PS_DOC_CONTACT", { DOC_ID: o.docId, CONTACT_ID: 1, ...o.billTo }),
    demoRow("PS_DOC_CONTACT", { DOC_ID: o.docId, CONTACT_ID: 2, ...shipTo, ADRS_ID }),
    demoRow("PS_DOC_AUDIT_LOG", {
      DOC_ID: o.docId,
      LOG_SEQ_NO: 1,
      DOC_TYP: "O",
      DOC_GUID: o.docGuid,
      CURR_DT: o.enteredAt,
      CURR_STR_ID: o.storeId,
      CURR_STA_ID: o.stationId,
      CURR_DRW_ID: o.drawerId,
      CURR_USR_ID: o.user,
      ACTIV: "N",
      LOG_ENTRY: "Entered a new order",
    }),
  );
  return rows;
}
