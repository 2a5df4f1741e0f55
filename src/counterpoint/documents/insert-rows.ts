import type { Compilable, Insertable, Kysely, Transaction } from "kysely";
import type { CounterpointDatabase } from "../schema/database.generated.js";
import { MSSQL_PARAMETER_BUDGET } from "../statement-batch.js";

/**
 * The INSERTs for rows of one table, as few as possible (multi-row VALUES), cut so no statement passes SQL Server's
 * parameter limit. Every row must carry the same columns (SQLite has no DEFAULT in a VALUES list).
 */
export function insertRowsStatements<T extends keyof CounterpointDatabase>(
  trx: Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>,
  table: T,
  rows: readonly Insertable<CounterpointDatabase[T]>[],
): Compilable[] {
  const first = rows[0];
  if (first === undefined) return [];
  const perRow = Math.max(1, Object.keys(first).length);
  const size = Math.max(1, Math.min(1000, Math.floor(MSSQL_PARAMETER_BUDGET / perRow)));
  const statements: Compilable[] = [];
  for (let i = 0; i < rows.length; i += size) statements.push(trx.insertInto(table).values(rows.slice(i, i + size)));
  return statements;
}
