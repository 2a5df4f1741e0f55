import type { CounterpointDb } from "../connect.js";
import { engineOf, moneyText } from "../dialect.js";
import { chunks } from "./maint-text.js";

/** One value of a grid dimension: DIM_n_UPR is the key cells use, DIM_n the label shown. */
export interface GridDimValue {
  itemNo: string;
  dim: 1 | 2 | 3;
  upr: string;
  label: string;
  seq: number;
}

/** The dimension values of these gridded items (IM_GRID_DIM_1..3), `*` rows included. */
export async function readGridDimensions(db: CounterpointDb, itemNos: readonly string[]): Promise<GridDimValue[]> {
  const out: GridDimValue[] = [];
  for (const part of chunks([...new Set(itemNos)])) {
    const [d1, d2, d3] = await Promise.all([
      db
        .selectFrom("IM_GRID_DIM_1")
        .select(["ITEM_NO", "DIM_1_UPR as UPR", "DIM_1 as LABEL", "DIM_1_SEQ_NO as SEQ"])
        .where("ITEM_NO", "in", part)
        .execute(),
      db
        .selectFrom("IM_GRID_DIM_2")
        .select(["ITEM_NO", "DIM_2_UPR as UPR", "DIM_2 as LABEL", "DIM_2_SEQ_NO as SEQ"])
        .where("ITEM_NO", "in", part)
        .execute(),
      db
        .selectFrom("IM_GRID_DIM_3")
        .select(["ITEM_NO", "DIM_3_UPR as UPR", "DIM_3 as LABEL", "DIM_3_SEQ_NO as SEQ"])
        .where("ITEM_NO", "in", part)
        .execute(),
    ]);
    for (const [n, rows] of [d1, d2, d3].entries()) {
      for (const r of rows) {
        out.push({
          itemNo: r.ITEM_NO,
          dim: (n + 1) as 1 | 2 | 3,
          upr: r.UPR,
          label: r.LABEL ?? r.UPR,
          seq: r.SEQ ?? 0,
        });
      }
    }
  }
  return out;
}

/** Quantities of one IM_INV or IM_INV_CELL row, as exact decimal text. */
export interface StockRow {
  itemNo: string;
  locId: string;
  /** The cell's DIM_1_UPR..DIM_3_UPR; `["*","*","*"]` for an IM_INV (item total) row. */
  dims: [string, string, string];
  /** Column name → quantity text ("12.0000"). */
  qty: Record<string, string>;
  /** IM_INV_CELL.CELL_STAT / IS_ECOMM_ITEM_CELL (null on IM_INV rows). */
  cellActive: boolean;
  cellEcomm: boolean;
}

/**
 * Stock rows at these locations: IM_INV for the items' totals and IM_INV_CELL for grid cells. Only the quantity
 * columns named are read (through moneyText: tedious would return decimals as floats).
 */
export async function readStockRows(
  db: CounterpointDb,
  itemNos: readonly string[],
  locations: readonly string[],
  columns: readonly string[],
): Promise<StockRow[]> {
  const engine = engineOf(db);
  const cols = [...new Set(columns)];
  const out: StockRow[] = [];
  for (const part of chunks([...new Set(itemNos)])) {
    const inv = await db
      .selectFrom("IM_INV")
      .select(["ITEM_NO", "LOC_ID", ...cols.map((c) => moneyText(engine, `IM_INV.${c}`, 4).as(c))])
      .where("ITEM_NO", "in", part)
      .where("LOC_ID", "in", [...locations])
      .execute();
    for (const r of inv as Array<Record<string, string | null>>) {
      out.push({
        itemNo: String(r.ITEM_NO),
        locId: String(r.LOC_ID),
        dims: ["*", "*", "*"],
        qty: Object.fromEntries(cols.map((c) => [c, r[c] ?? "0"])),
        cellActive: true,
        cellEcomm: true,
      });
    }
    const cells = await db
      .selectFrom("IM_INV_CELL")
      .select([
        "ITEM_NO",
        "LOC_ID",
        "DIM_1_UPR",
        "DIM_2_UPR",
        "DIM_3_UPR",
        "CELL_STAT",
        "IS_ECOMM_ITEM_CELL",
        ...cols.map((c) => moneyText(engine, `IM_INV_CELL.${c}`, 4).as(c)),
      ])
      .where("ITEM_NO", "in", part)
      .where("LOC_ID", "in", [...locations])
      .execute();
    for (const r of cells as Array<Record<string, string | null>>) {
      out.push({
        itemNo: String(r.ITEM_NO),
        locId: String(r.LOC_ID),
        dims: [String(r.DIM_1_UPR), String(r.DIM_2_UPR), String(r.DIM_3_UPR)],
        qty: Object.fromEntries(cols.map((c) => [c, r[c] ?? "0"])),
        cellActive: r.CELL_STAT !== "I" && r.CELL_STAT !== "D",
        cellEcomm: r.IS_ECOMM_ITEM_CELL !== "N",
      });
    }
  }
  return out;
}
