import type { Money } from "../../money/index.js";

/**
 * A Counterpoint document to write, before it has numbers: everything the document writer needs to lay down the rows
 * Counterpoint itself writes for an open order (DOC_TYP O, SCHEMA_FULL §2.1) or a completed ticket (DOC_TYP T, §2.2).
 * Built by the orders flow's pure mapping; written, numbered and allocated by `writeDocument`. Strings are already
 * folded and fitted to their columns; money is decimal, already rounded as it will be stored.
 */
export interface DocumentPlan {
  /** `order`: an open order (LIN_TYP O, totals O/R/V, stock allocated on QTY_ON_SO); `ticket`: a sale (LIN_TYP S, totals S). */
  kind: "order" | "ticket";
  /** PS_DOC_HDR.REF: the web order's reference, unique per web order; how a document is always found again. */
  ref: string;
  storeId: string;
  stationId: string;
  drawerId: string;
  /** USR_ID, SLS_REP and LST_MAINT_USR_ID. */
  user: string;
  custNo: string;
  taxCode: string | null;
  shipViaCode: string | null;
  /** CUST_PO_NO: the web order number, as the shopper knows it. */
  custPoNo: string | null;
  /** TKT_DT: when the web order was placed, store-local wall-clock time. */
  enteredAt: Date;
  stockLoc: string;
  priceLoc: string;
  /** PS_DOC_CONTACT 1. */
  billTo: DocumentContact;
  /** PS_DOC_CONTACT 2; ADRS_ID is the AR_SHIP_ADRS id it came from (`(DEFAULT)` for the customer's own address). */
  shipTo: DocumentContact & { adrsId: string };
  lines: readonly DocumentLine[];
  /** Misc charges (shipping, fees), at most 5, numbered 1–5. The writer always writes charge 1, as CP does. */
  miscCharges: readonly DocumentMiscCharge[];
  /** One row per tax authority (PS_DOC_TAX). */
  taxes: readonly DocumentTax[];
  payments: readonly DocumentPayment[];
  /** PS_DOC_NOTE rows, in order (the shopper's note, the web order reference…). */
  notes: readonly DocumentNote[];
  totals: DocumentTotals;
}

export interface DocumentContact {
  nam: string;
  fstNam: string | null;
  lstNam: string | null;
  adrs1: string | null;
  adrs2: string | null;
  adrs3: string | null;
  city: string | null;
  state: string | null;
  zipCod: string | null;
  cntry: string | null;
  phone1: string | null;
  email: string | null;
  /** B business, P person. */
  namTyp: "B" | "P";
}

export interface DocumentLine {
  itemNo: string;
  /** DESCR (from the item, or the web line's name when the item has none). */
  descr: string;
  /** DIM_1_UPR..DIM_3_UPR of a single grid cell (`*` unused); null for a non-grid item. */
  cell: readonly [string, string, string] | null;
  /** QTY_SOLD = ORIG_QTY = QTY_ENTD = QTY_TO_REL (4 dp), in the stock unit. */
  qty: Money;
  /** QTY_UNIT: the item's stock unit (IM_ITEM.STK_UNIT). */
  unit: string;
  /** PRC = CALC_PRC: unit price after the line's discount (4 dp). */
  price: Money;
  /** REG_PRC = PRC_1 = UNIT_RETL_VAL: unit price before discounts (4 dp). */
  regPrice: Money;
  /** EXT_PRC = DISP_EXT_PRC = CALC_EXT_PRC: the line's net amount (2 dp), the web line's total. */
  extPrice: Money;
  /** GROSS_EXT_PRC = GROSS_DISP_EXT_PRC: before the line's discount (2 dp), the web line's subtotal. */
  grossExtPrice: Money;
  /** UNIT_COST = PRESUMED_COST (4 dp) and EXT_COST (2 dp). */
  unitCost: Money;
  extCost: Money;
  categ: string | null;
  subcat: string | null;
  taxable: boolean;
  /** IM_ITEM.TRK_METH. */
  trackingMethod: string;
  /** TAX_AMT_ALLOC: this line's share of the document's tax (2 dp). */
  taxAlloc: Money;
  /** Inventory item whose stock is allocated (QTY_ON_SO) on an order; false for non-inventory items (e.g. freight). */
  allocatesStock: boolean;
}

export interface DocumentMiscCharge {
  /** MISC_CHRG_NO, 1–5. */
  no: number;
  /** MISC_AMT (2 dp). */
  amount: Money;
}

export interface DocumentTax {
  authCod: string;
  rulCod: string;
  /** LIN_AMT = TXBL_LIN_AMT = TOT_TXBL_AMT (2 dp). */
  taxableAmount: Money;
  /** TAX_AMT = NORM_TAX_AMT (2 dp). */
  amount: Money;
}

export interface DocumentPayment {
  /** PAY_COD. */
  payCode: string;
  /** PAY_COD_TYP (e.g. `C` credit card, `B` cash, `A` A/R) [U: letters other than A and B]. */
  payCodeType: string;
  /** AMT = HOME_CURNCY_AMT (2 dp). */
  amount: Money;
  /** DESCR (30). */
  descr: string;
  /** PAY_DAT. */
  paidAt: Date | null;
}

export interface DocumentNote {
  /** NOTE_ID (10), e.g. `WEB`. */
  noteId: string;
  text: string;
}

/** The money of the document; the writer copies it into the totals rows. Invariant: total = subTot − hdrDisc + tax + misc. */
export interface DocumentTotals {
  /** Σ line EXT_PRC (net of line discounts). */
  subTot: Money;
  /** Σ (GROSS_EXT_PRC − EXT_PRC): line discounts, already inside subTot (TOT_LIN_DISC; never subtracted again). */
  lineDisc: Money;
  /** Header discount subtracted from subTot (TOT_HDR_DISC), e.g. a negative web fee. */
  hdrDisc: Money;
  tax: Money;
  /** Σ misc charges (TOT_MISC). */
  misc: Money;
  total: Money;
  /** Σ payments (TOT_TND; DOC_STAT.TOT_DEP_RECEIVED on an order). AMT_DUE = total − tendered. */
  tendered: Money;
  /** Σ EXT_COST. */
  extCost: Money;
}

/** What the writer did: the numbers of the document, and whether this call created it or found it by its REF. */
export interface WrittenDocument {
  docId: string;
  tktNo: string;
  created: boolean;
}
