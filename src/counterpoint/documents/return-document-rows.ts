import { money } from "../../money/index.js";
import type { DocumentRows } from "./document-rows.js";

/** How the return's lines treat stock. */
export interface ReturnRowOptions {
  /**
   * true: inventory lines (ITEM_TYP I), so Counterpoint puts the goods back on hand when it posts the ticket;
   * false: value-only lines (ITEM_TYP N, IS_VAL_RET Y [U: meaning read from the column's name]) that move no stock.
   */
  restock: boolean;
}

type Row = Record<string, unknown>;

/** `-value` at the column's scale; null and absent stay as they are. */
function negate<T extends Row>(row: T, columns: readonly string[]): T {
  const out: Row = { ...row };
  for (const c of columns) {
    const v = out[c];
    // The writer's amounts are decimal text (or plain numbers); anything else is not an amount.
    if (typeof v !== "string" && typeof v !== "number") continue;
    const text = String(v);
    const scale = text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
    out[c] = money(text).negated().toFixed(scale);
  }
  return out as T;
}

const lineMoney = [
  "QTY_SOLD",
  "ORIG_QTY",
  "QTY_TO_REL",
  "EXT_PRC",
  "DISP_EXT_PRC",
  "CALC_EXT_PRC",
  "GROSS_EXT_PRC",
  "GROSS_DISP_EXT_PRC",
  "EXT_COST",
  "TAX_AMT_ALLOC",
  "NORM_TAX_AMT_ALLOC",
] as const;
const totalsMoney = [
  "SUB_TOT",
  "TAX_AMT",
  "NORM_TAX_AMT",
  "TOT_MISC",
  "TOT",
  "TOT_TND",
  "TOT_EXT_COST",
  "TOT_HDR_DISC",
  "TOT_LIN_DISC",
  "TOT_HDR_DISCNTBL_AMT",
] as const;
const taxMoney = [
  "LIN_AMT",
  "TXBL_LIN_AMT",
  "TXBL_QTY",
  "TAX_AMT",
  "NORM_TAX_AMT",
  "TAX_AMT_EXACT",
  "NORM_TAX_AMT_EXACT",
  "TOT_TXBL_AMT",
] as const;

/**
 * A return ticket from the rows of a sale ticket (`documentRows` of a ticket plan whose amounts are the refund's,
 * positive): the lines become LIN_TYP R with negative quantities and amounts, as Counterpoint keeps returns (money
 * out is negative: SAL_LINS 0, RET_LINS and RET_LIN_TOT on the header), the S totals, misc charges and taxes turn
 * negative, and the tender is money paid back (negative AMT). Unit prices stay positive. Pure.
 */
export function returnDocumentRows(rows: DocumentRows, opts: ReturnRowOptions): DocumentRows {
  const lines = rows.PS_DOC_LIN.map((l) => ({
    ...negate(l, lineMoney),
    LIN_TYP: "R",
    ITEM_TYP: opts.restock ? l.ITEM_TYP : "N",
    IS_VAL_RET: opts.restock ? "N" : "Y",
  }));
  const retTot = rows.PS_DOC_HDR_TOT[0]?.SUB_TOT ?? "0.00";
  return {
    ...rows,
    PS_DOC_HDR: rows.PS_DOC_HDR.map((h) => ({
      ...h,
      SAL_LINS: 0,
      SAL_LIN_TOT: "0.00",
      RET_LINS: lines.length,
      RET_LIN_TOT: money(String(retTot)).negated().toFixed(2),
    })),
    PS_DOC_LIN: lines,
    PS_DOC_LIN_PRICE: rows.PS_DOC_LIN_PRICE.map((p) => negate(p, ["QTY_PRCD"])),
    PS_DOC_HDR_TOT: rows.PS_DOC_HDR_TOT.map((t) => ({ ...negate(t, totalsMoney), AMT_DUE: "0.00" })),
    PS_DOC_HDR_MISC_CHRG: rows.PS_DOC_HDR_MISC_CHRG.map((m) => negate(m, ["MISC_AMT"])),
    PS_DOC_TAX: rows.PS_DOC_TAX.map((x) => negate(x, taxMoney)),
    PS_DOC_PMT: rows.PS_DOC_PMT.map((p) => negate(p, ["AMT", "HOME_CURNCY_AMT"])),
    PS_DOC_AUDIT_LOG: rows.PS_DOC_AUDIT_LOG.map((a) => ({ ...a, LOG_ENTRY: "Entered a new ticket with returns" })),
  };
}
