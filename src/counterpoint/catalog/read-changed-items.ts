import type { CounterpointDb } from "../connect.js";
import { maintText } from "./maint-text.js";

/** Tables whose LST_MAINT_DT marks a change to an item's web product, stock or price. */
export const catalogChangeTables = [
  "IM_ITEM",
  "EC_ITEM_DESCR",
  "EC_CATEG_ITEM",
  "IM_INV",
  "IM_INV_CELL",
  "IM_PRC",
  "IM_GRID_DIM_1",
  "IM_GRID_DIM_2",
  "IM_GRID_DIM_3",
] as const;
export type CatalogChangeTable = (typeof catalogChangeTables)[number];

/** The latest LST_MAINT_DT in each table (null when empty): read before the changes, it becomes the next cursor. */
export async function readMaintenanceMarks(
  db: CounterpointDb,
  tables: readonly CatalogChangeTable[],
): Promise<Map<CatalogChangeTable, string | null>> {
  const out = new Map<CatalogChangeTable, string | null>();
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.max("LST_MAINT_DT").as("MARK"))
      .executeTakeFirst();
    out.set(table, maintText(row?.MARK ?? null));
  }
  return out;
}

/** ITEM_NOs with a row in one of `tables` maintained at or after `since` (`YYYY-MM-DDTHH:MM:SS.mmm`). */
export async function readChangedItemNos(
  db: CounterpointDb,
  tables: readonly CatalogChangeTable[],
  since: string,
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const table of tables) {
    const rows = await db.selectFrom(table).select("ITEM_NO").distinct().where("LST_MAINT_DT", ">=", since).execute();
    for (const r of rows) out.add(r.ITEM_NO);
  }
  return out;
}

/**
 * One pass over a table for a delta run: the ITEM_NOs with a row maintained at or after `since`, and the latest of
 * those rows' LST_MAINT_DT (null when none), which is where the next run may resume — read in the same statement, so
 * nothing maintained in between is skipped.
 */
export async function readTableChanges(
  db: CounterpointDb,
  table: CatalogChangeTable,
  since: string,
): Promise<{ itemNos: Set<string>; mark: string | null }> {
  const rows = await db
    .selectFrom(table)
    .select(["ITEM_NO", (eb) => eb.fn.max("LST_MAINT_DT").as("MARK")])
    .where("LST_MAINT_DT", ">=", since)
    .groupBy("ITEM_NO")
    .execute();
  const itemNos = new Set<string>();
  let mark: string | null = null;
  for (const r of rows) {
    itemNos.add(r.ITEM_NO);
    const m = maintText(r.MARK);
    if (m !== null && (mark === null || m > mark)) mark = m;
  }
  return { itemNos, mark };
}
