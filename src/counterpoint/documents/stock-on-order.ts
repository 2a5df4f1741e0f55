import { type CompiledQuery, type Kysely, sql, type Transaction } from "kysely";
import { type Money, money } from "../../money/index.js";
import { engineOf } from "../dialect.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";

/** Items per UPDATE: three parameters each, well inside SQL Server's 2,100. */
const ITEMS_PER_STATEMENT = 300;

/** Quantity allocated (positive) or released (negative) on IM_INV.QTY_ON_SO for one item, and its grid cell if any. */
export interface StockOnOrderChange {
  itemNo: string;
  cell: readonly [string, string, string] | null;
  qty: Money;
}

/**
 * Adds each change to QTY_ON_SO at `locId` — IM_INV, and IM_INV_CELL for a grid cell — with arithmetic in SQL (never
 * read-modify-write, so CP's own concurrent updates are kept). A missing IM_INV row (or cell row) is inserted with
 * zero quantities and the change (a release never inserts). Changes are merged per row and applied in key order, so two writers lock rows in the
 * same order. Counterpoint itself only moves stock when a ticket posts (L11): QTY_ON_SO is the open-order view.
 */
export async function changeStockOnOrder(
  trx: Transaction<CounterpointDatabase>,
  locId: string,
  changes: readonly StockOnOrderChange[],
): Promise<void> {
  const merged = mergedChanges(changes);
  const itemChanges = merged.items.filter((c) => !c.qty.isZero()).map((c): [string, Money] => [c.itemNo, c.qty]);
  // One UPDATE per chunk of items (a CASE on ITEM_NO), rather than one per item: a 25-line order is one statement.
  for (let i = 0; i < itemChanges.length; i += ITEMS_PER_STATEMENT) {
    const chunk = itemChanges.slice(i, i + ITEMS_PER_STATEMENT);
    const itemNos = chunk.map(([itemNo]) => itemNo);
    const byItem = sql.join(
      chunk.map(([itemNo, qty]) => sql`when ${itemNo} then CAST(${qty.toFixed(4)} AS decimal(15, 4))`),
      sql` `,
    );
    const r = await trx
      .updateTable("IM_INV")
      .set({ QTY_ON_SO: sql`${sql.ref("QTY_ON_SO")} + case ${sql.ref("ITEM_NO")} ${byItem} end` })
      .where("LOC_ID", "=", locId)
      .where(
        "ITEM_NO",
        "in",
        // PostgreSQL's UPDATE locks rows in the order it meets them, which moves as row versions move: two orders of
        // the same items could lock them crosswise and deadlock. The sub-select locks them in key order first.
        engineOf(trx) === "postgres"
          ? trx
              .selectFrom("IM_INV")
              .select("ITEM_NO")
              .where("LOC_ID", "=", locId)
              .where("ITEM_NO", "in", itemNos)
              .orderBy("ITEM_NO")
              .forUpdate()
          : itemNos,
      )
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === chunk.length) continue;
    // Some items have no row at this location yet: an allocation creates it (a release never does).
    const present = await trx
      .selectFrom("IM_INV")
      .select("ITEM_NO")
      .where("LOC_ID", "=", locId)
      .where("ITEM_NO", "in", itemNos)
      .execute();
    const have = new Set(present.map((row) => row.ITEM_NO));
    const missing = chunk.filter(([itemNo, qty]) => !have.has(itemNo) && qty.greaterThan(0));
    if (missing.length > 0) {
      await trx
        .insertInto("IM_INV")
        .values(missing.map(([itemNo, qty]) => ({ ITEM_NO: itemNo, LOC_ID: locId, QTY_ON_SO: qty.toFixed(4) })))
        .execute();
    }
  }
  for (const c of merged.cells) {
    if (c.qty.isZero()) continue;
    const q = c.qty.toFixed(4);
    const dims = { DIM_1_UPR: c.cell[0], DIM_2_UPR: c.cell[1], DIM_3_UPR: c.cell[2] };
    const r = await trx
      .updateTable("IM_INV_CELL")
      .set({ QTY_ON_SO: sql`${sql.ref("QTY_ON_SO")} + CAST(${q} AS decimal(15, 4))` })
      .where("ITEM_NO", "=", c.itemNo)
      .where("LOC_ID", "=", locId)
      .where("DIM_1_UPR", "=", dims.DIM_1_UPR)
      .where("DIM_2_UPR", "=", dims.DIM_2_UPR)
      .where("DIM_3_UPR", "=", dims.DIM_3_UPR)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0 && c.qty.greaterThan(0)) {
      // Needs the item's grid dimension rows (foreign keys): a cell the item does not have is refused here.
      await trx
        .insertInto("IM_INV_CELL")
        .values({ ITEM_NO: c.itemNo, LOC_ID: locId, ...dims, QTY_ON_SO: q })
        .execute();
    }
  }
}

/** Changes merged per row (item; item + cell), in key order, so every writer locks rows in the same order. */
function mergedChanges(changes: readonly StockOnOrderChange[]) {
  const items = new Map<string, { itemNo: string; qty: Money }>();
  const cells = new Map<string, { itemNo: string; cell: readonly [string, string, string]; qty: Money }>();
  for (const c of changes) {
    items.set(c.itemNo, { itemNo: c.itemNo, qty: (items.get(c.itemNo)?.qty ?? money(0)).plus(c.qty) });
    if (c.cell !== null) {
      const key = [c.itemNo, ...c.cell].join("\u0000");
      cells.set(key, { itemNo: c.itemNo, cell: c.cell, qty: (cells.get(key)?.qty ?? money(0)).plus(c.qty) });
    }
  }
  const byKey = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return { items: byKey(items), cells: byKey(cells) };
}

const qtyParam = (qty: Money) => sql`CAST(${qty.toFixed(4)} AS decimal(15, 4))`;

/**
 * Statements that add an order's allocations to QTY_ON_SO at `locId` (IM_INV, and IM_INV_CELL for grid cells),
 * inserting rows the location lacks, without reading first — so they can go in the same request as the document:
 * an upsert on PostgreSQL and SQLite, MERGE … WITH (HOLDLOCK) on SQL Server. Rows are taken in key order. A cell the
 * item's grid does not have is refused by its foreign keys.
 */
export function stockAllocationStatements<DB>(
  db: Kysely<DB> | Transaction<DB>,
  locId: string,
  changes: readonly StockOnOrderChange[],
): CompiledQuery[] {
  for (const c of changes) {
    if (!c.qty.greaterThan(0)) throw new RangeError(`an allocation of ${c.itemNo} must be more than 0`);
  }
  const { items, cells } = mergedChanges(changes);
  const mssql = engineOf(db) === "mssql";
  const statements: CompiledQuery[] = [];
  for (let i = 0; i < items.length; i += ITEMS_PER_STATEMENT) {
    const rows = sql.join(
      items.slice(i, i + ITEMS_PER_STATEMENT).map((c) => sql`(${c.itemNo}, ${locId}, ${qtyParam(c.qty)})`),
    );
    statements.push(
      (mssql
        ? sql`merge "IM_INV" with (holdlock) as t using (values ${rows}) as s ("ITEM_NO", "LOC_ID", "QTY")
on t."ITEM_NO" = s."ITEM_NO" and t."LOC_ID" = s."LOC_ID"
when matched then update set "QTY_ON_SO" = t."QTY_ON_SO" + s."QTY"
when not matched then insert ("ITEM_NO", "LOC_ID", "QTY_ON_SO") values (s."ITEM_NO", s."LOC_ID", s."QTY");`
        : sql`insert into "IM_INV" ("ITEM_NO", "LOC_ID", "QTY_ON_SO") values ${rows}
on conflict ("ITEM_NO", "LOC_ID") do update set "QTY_ON_SO" = "IM_INV"."QTY_ON_SO" + excluded."QTY_ON_SO"`
      ).compile(db),
    );
  }
  const CELLS_PER_STATEMENT = 300;
  for (let i = 0; i < cells.length; i += CELLS_PER_STATEMENT) {
    const rows = sql.join(
      cells
        .slice(i, i + CELLS_PER_STATEMENT)
        .map((c) => sql`(${c.itemNo}, ${locId}, ${c.cell[0]}, ${c.cell[1]}, ${c.cell[2]}, ${qtyParam(c.qty)})`),
    );
    const columns = sql`("ITEM_NO", "LOC_ID", "DIM_1_UPR", "DIM_2_UPR", "DIM_3_UPR", "QTY")`;
    statements.push(
      (mssql
        ? sql`merge "IM_INV_CELL" with (holdlock) as t using (values ${rows}) as s ${columns}
on t."ITEM_NO" = s."ITEM_NO" and t."LOC_ID" = s."LOC_ID" and t."DIM_1_UPR" = s."DIM_1_UPR"
 and t."DIM_2_UPR" = s."DIM_2_UPR" and t."DIM_3_UPR" = s."DIM_3_UPR"
when matched then update set "QTY_ON_SO" = t."QTY_ON_SO" + s."QTY"
when not matched then insert ("ITEM_NO", "LOC_ID", "DIM_1_UPR", "DIM_2_UPR", "DIM_3_UPR", "QTY_ON_SO")
 values (s."ITEM_NO", s."LOC_ID", s."DIM_1_UPR", s."DIM_2_UPR", s."DIM_3_UPR", s."QTY");`
        : sql`insert into "IM_INV_CELL" ("ITEM_NO", "LOC_ID", "DIM_1_UPR", "DIM_2_UPR", "DIM_3_UPR", "QTY_ON_SO")
values ${rows} on conflict ("ITEM_NO", "LOC_ID", "DIM_1_UPR", "DIM_2_UPR", "DIM_3_UPR")
do update set "QTY_ON_SO" = "IM_INV_CELL"."QTY_ON_SO" + excluded."QTY_ON_SO"`
      ).compile(db),
    );
  }
  return statements;
}
