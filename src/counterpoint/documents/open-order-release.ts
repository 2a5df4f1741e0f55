import type { Transaction } from "kysely";
import { money } from "../../money/index.js";
import { engineOf, moneyText } from "../dialect.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";
import { changeCustomerOrderCount } from "./customer-order-count.js";
import { DocumentDeleteRefusedError } from "./document-errors.js";
import { changeStockOnOrder, type StockOnOrderChange } from "./stock-on-order.js";

type Trx = Transaction<CounterpointDatabase>;

/** QTY_ON_SO given back for one item (or cell) at one location. */
export interface ReleasedStock {
  itemNo: string;
  cell: readonly [string, string, string] | null;
  locId: string;
  qty: string;
}

/** The header columns the rollback and the cancellation check before touching an open order. */
export const openOrderHeaderColumns = [
  "DOC_ID",
  "TKT_NO",
  "DOC_TYP",
  "CUST_NO",
  "REF",
  "STK_LOC_ID",
  "HAS_RLSD_LINS",
  "HAS_PCKD_LINS",
  "HAS_PCKVRFD_LINS",
  "HAS_INVCD_LINS",
] as const;

export interface OpenOrderHeader {
  DOC_TYP: string;
  CUST_NO: string | null;
  REF: string | null;
  STK_LOC_ID: string | null;
  HAS_RLSD_LINS: string | null;
  HAS_PCKD_LINS: string | null;
  HAS_PCKVRFD_LINS: string | null;
  HAS_INVCD_LINS: string | null;
}

/** An error refusing `docId`, worded for what was attempted ("deleted", "cancelled"). */
export type Refusal = (why: string) => DocumentDeleteRefusedError;

export function refusal(docId: string, what: string): Refusal {
  return (why) => new DocumentDeleteRefusedError(`document ${docId} not ${what}: ${why}`);
}

/** Refuses anything but an order whose REF is cpwoo's (when `refPrefix` is given). */
export function refuseUnlessOwnOrder(hdr: OpenOrderHeader, refPrefix: string | undefined, refuse: Refusal): void {
  if (hdr.DOC_TYP !== "O") throw refuse(`it is not an order (DOC_TYP ${hdr.DOC_TYP})`);
  if (refPrefix !== undefined && !(hdr.REF ?? "").startsWith(refPrefix)) {
    throw refuse(`its REF "${hdr.REF ?? ""}" does not start with "${refPrefix}" (not cpwoo's)`);
  }
}

/** Refuses an order Counterpoint already released, picked, verified or invoiced lines of. */
export function refuseIfProcessed(hdr: OpenOrderHeader, refuse: Refusal): void {
  const flags = ["HAS_RLSD_LINS", "HAS_PCKD_LINS", "HAS_PCKVRFD_LINS", "HAS_INVCD_LINS"] as const;
  const set = flags.filter((f) => hdr[f] !== "N");
  if (set.length > 0) throw refuse(`Counterpoint already processed it (${set.join(", ")} not N)`);
}

export interface OpenOrderLine {
  LIN_SEQ_NO: number;
  LIN_TYP: string;
  ITEM_TYP: string | null;
  ITEM_NO: string;
  STK_LOC_ID: string | null;
  IS_SINGLE_CELL: string | null;
  DIM_1_UPR: string | null;
  DIM_2_UPR: string | null;
  DIM_3_UPR: string | null;
  QTY_SOLD: string | null;
}

/** The order's lines, refusing one that has package tracking numbers or a shipped quantity. */
export async function readUnshippedLines(trx: Trx, docId: string, refuse: Refusal): Promise<OpenOrderLine[]> {
  const engine = engineOf(trx);
  const [tracking, lines] = await Promise.all([
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
  ]);
  if (tracking.length > 0) throw refuse("it has package tracking numbers (shipped)");
  const shipped = lines.find((l) => !money(l.QTY_SHIPPED ?? "0").isZero());
  if (shipped !== undefined) throw refuse(`line ${shipped.LIN_SEQ_NO} (${shipped.ITEM_NO}) has shipped quantity`);
  return lines;
}

/**
 * Gives back exactly what the order's stock lines (LIN_TYP O, ITEM_TYP I) allocated on QTY_ON_SO (IM_INV, and
 * IM_INV_CELL for a cell), per location, and takes the order off the customer's NO_OF_ORDS.
 */
export async function releaseOrderAllocation(
  trx: Trx,
  hdr: OpenOrderHeader,
  lines: readonly OpenOrderLine[],
): Promise<ReleasedStock[]> {
  const byLoc = new Map<string, StockOnOrderChange[]>();
  for (const l of lines) {
    if (l.LIN_TYP !== "O" || l.ITEM_TYP !== "I") continue;
    const loc = l.STK_LOC_ID ?? hdr.STK_LOC_ID;
    if (loc === null) continue;
    const cell =
      l.IS_SINGLE_CELL === "Y" ? ([l.DIM_1_UPR ?? "*", l.DIM_2_UPR ?? "*", l.DIM_3_UPR ?? "*"] as const) : null;
    byLoc.set(loc, [...(byLoc.get(loc) ?? []), { itemNo: l.ITEM_NO, cell, qty: money(l.QTY_SOLD ?? "0").negated() }]);
  }
  // The customer's count before the stock, as the writer does: the two lock in the same order.
  if (hdr.CUST_NO !== null) await changeCustomerOrderCount(trx, hdr.CUST_NO, -1);
  const released: ReleasedStock[] = [];
  for (const [loc, changes] of byLoc) {
    await changeStockOnOrder(trx, loc, changes);
    for (const c of changes)
      released.push({ itemNo: c.itemNo, cell: c.cell, locId: loc, qty: c.qty.negated().toFixed(4) });
  }
  return released;
}
