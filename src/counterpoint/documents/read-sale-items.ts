import { money } from "../../money/index.js";
import { chunks } from "../catalog/maint-text.js";
import type { CounterpointDb } from "../connect.js";
import { engineOf, moneyText } from "../dialect.js";
import type { SaleItem } from "./sale-item.js";

type Cell = [string, string, string];

/** An item as a sale line needs it (`cell` null: the whole item), with the grid cells it has at any location. */
export interface SaleItemWithCells {
  item: SaleItem;
  cells: Cell[];
}

/**
 * IM_ITEM rows of these item numbers (IN-lists of at most 500), each with its grid cells (distinct DIM_1..3_UPR of
 * IM_INV_CELL, any location), keyed by ITEM_NO. Numbers Counterpoint does not have are simply absent. The orders flow
 * matches web SKUs against these itself. `isGrid` when the item has a grid dimension or cells.
 */
export async function readSaleItems(
  db: CounterpointDb,
  itemNos: readonly string[],
): Promise<Map<string, SaleItemWithCells>> {
  const engine = engineOf(db);
  const found = new Map<string, SaleItemWithCells>();
  for (const part of chunks([...new Set(itemNos)])) {
    const [items, cells] = await Promise.all([
      db
        .selectFrom("IM_ITEM")
        .select([
          "ITEM_NO",
          "DESCR",
          "STK_UNIT",
          "CATEG_COD",
          "SUBCAT_COD",
          "ITEM_TYP",
          "TRK_METH",
          "IS_TXBL",
          "STAT",
          "GRID_DIM_1_TAG",
          moneyText(engine, "LST_COST", 4).as("LST_COST"),
        ])
        .where("ITEM_NO", "in", part)
        .execute(),
      db
        .selectFrom("IM_INV_CELL")
        .select(["ITEM_NO", "DIM_1_UPR", "DIM_2_UPR", "DIM_3_UPR"])
        .distinct()
        .where("ITEM_NO", "in", part)
        .orderBy("ITEM_NO")
        .orderBy("DIM_1_UPR")
        .orderBy("DIM_2_UPR")
        .orderBy("DIM_3_UPR")
        .execute(),
    ]);
    const cellsOf = new Map<string, Cell[]>();
    for (const c of cells) {
      const list = cellsOf.get(c.ITEM_NO) ?? [];
      list.push([c.DIM_1_UPR, c.DIM_2_UPR, c.DIM_3_UPR]);
      cellsOf.set(c.ITEM_NO, list);
    }
    for (const r of items) {
      const itemCells = cellsOf.get(r.ITEM_NO) ?? [];
      found.set(r.ITEM_NO, {
        item: {
          itemNo: r.ITEM_NO,
          cell: null,
          descr: r.DESCR ?? r.ITEM_NO,
          unit: r.STK_UNIT ?? "",
          categ: r.CATEG_COD,
          subcat: r.SUBCAT_COD,
          itemType: r.ITEM_TYP,
          trackingMethod: r.TRK_METH,
          taxable: r.IS_TXBL !== "N",
          unitCost: money(r.LST_COST ?? "0"),
          status: r.STAT,
          isGrid: r.GRID_DIM_1_TAG !== null || itemCells.length > 0,
        },
        cells: itemCells,
      });
    }
  }
  return found;
}
