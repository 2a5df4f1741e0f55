import { sql, type Transaction } from "kysely";
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
  const items = new Map<string, Money>();
  const cells = new Map<string, { itemNo: string; cell: readonly [string, string, string]; qty: Money }>();
  for (const c of changes) {
    items.set(c.itemNo, (items.get(c.itemNo) ?? money(0)).plus(c.qty));
    if (c.cell !== null) {
      const key = [c.itemNo, ...c.cell].join("\u0000");
      const prev = cells.get(key);
      cells.set(key, { itemNo: c.itemNo, cell: c.cell, qty: (prev?.qty ?? money(0)).plus(c.qty) });
    }
  }
  const itemChanges = [...items].filter(([, qty]) => !qty.isZero()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
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
  for (const [, c] of [...cells].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
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
