import { sql } from "kysely";
import type { Settings } from "../config/index.js";
import { readStockRows } from "../counterpoint/catalog/index.js";
import type { CounterpointDb } from "../counterpoint/connect.js";
import { engineOf, nowSql } from "../counterpoint/dialect.js";
import { availableQuantity, safetyBufferFor } from "../flows/inventory/available-stock.js";

export interface StockChange {
  itemNo: string;
  locId: string;
  /** What the web should show once the change is synced (cpwoo's available-to-sell formula). */
  expectedWebStock: number;
}

/**
 * Receives `delta` units of a (non-gridded) item at the first stock location the way Counterpoint records it: on hand
 * moves (available and net quantity are computed from it) and the row's maintenance time is bumped, which is what the
 * stock sync looks for.
 */
export async function receiveCounterpointStock(
  cp: CounterpointDb,
  settings: Pick<Settings, "catalog" | "counterpoint">,
  item: { itemNo: string; categCod: string | null },
  delta: number,
): Promise<StockChange> {
  if (!Number.isInteger(delta)) throw new Error(`stock change of ${item.itemNo}: ${delta} is not a whole number`);
  const locId = settings.counterpoint.stockLocations[0];
  if (locId === undefined) throw new Error("counterpoint.stockLocations is empty");
  const result = await cp
    .updateTable("IM_INV")
    .set({
      QTY_ON_HND: sql`${sql.ref("QTY_ON_HND")} + ${delta}`,
      LST_MAINT_DT: sql<string>`${nowSql(engineOf(cp))}`,
    })
    .where("ITEM_NO", "=", item.itemNo)
    .where("LOC_ID", "=", locId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new Error(`${item.itemNo} has no IM_INV row at location ${locId}`);

  const formula = settings.catalog.stock;
  const rows = await readStockRows(cp, [item.itemNo], settings.counterpoint.stockLocations, [
    ...formula.add,
    ...formula.subtract,
  ]);
  const buffer = safetyBufferFor(formula.safetyBuffer, item.itemNo, item.categCod);
  return {
    itemNo: item.itemNo,
    locId,
    expectedWebStock: availableQuantity(
      rows.map((r) => r.qty),
      formula,
      buffer,
    ),
  };
}
