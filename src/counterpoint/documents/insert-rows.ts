import type { Insertable, Transaction } from "kysely";
import type { CounterpointDatabase } from "../schema/database.generated.js";

/** SQL Server takes at most 2,100 parameters per statement; stay well under it. */
const MAX_PARAMETERS = 2000;

/**
 * Inserts rows of one table with as few statements as possible (multi-row VALUES), cut so no statement passes SQL
 * Server's parameter limit. Every row must carry the same columns (SQLite has no DEFAULT in a VALUES list).
 */
export async function insertRows<T extends keyof CounterpointDatabase>(
  trx: Transaction<CounterpointDatabase>,
  table: T,
  rows: readonly Insertable<CounterpointDatabase[T]>[],
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const perRow = Math.max(1, Object.keys(first).length);
  const size = Math.max(1, Math.min(1000, Math.floor(MAX_PARAMETERS / perRow)));
  for (let i = 0; i < rows.length; i += size) {
    const part = rows.slice(i, i + size);
    await trx.insertInto(table).values(part).execute();
  }
}
