import type { CounterpointDb } from "../connect.js";
import { engineOf, moneyText } from "../dialect.js";
import { chunks } from "./maint-text.js";

/** One IM_PRC row's price at the chosen level: dims `*` for the item price, else a cell's own price. */
export interface PriceRow {
  itemNo: string;
  dims: [string, string, string];
  /** Exact decimal text, null when the level is empty on this row. */
  price: string | null;
}

/**
 * Prices of these items at one location (Counterpoint keeps them at LOC_ID '*' by default) and one level
 * (REG_PRC, PRC_1…PRC_6), per cell when IM_PRC has cell rows.
 */
export async function readPriceRows(
  db: CounterpointDb,
  itemNos: readonly string[],
  locId: string,
  level: string,
): Promise<PriceRow[]> {
  if (!/^(REG_PRC|PRC_[1-6])$/.test(level)) throw new RangeError(`price level "${level}" is not REG_PRC or PRC_1..6`);
  const engine = engineOf(db);
  const out: PriceRow[] = [];
  for (const part of chunks([...new Set(itemNos)])) {
    const rows = await db
      .selectFrom("IM_PRC")
      .select(["ITEM_NO", "DIM_1_UPR", "DIM_2_UPR", "DIM_3_UPR", moneyText(engine, `IM_PRC.${level}`, 4).as("PRICE")])
      .where("ITEM_NO", "in", part)
      .where("LOC_ID", "=", locId)
      .execute();
    for (const r of rows) {
      out.push({ itemNo: r.ITEM_NO, dims: [r.DIM_1_UPR, r.DIM_2_UPR, r.DIM_3_UPR], price: r.PRICE });
    }
  }
  return out;
}
