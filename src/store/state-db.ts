import { type Kysely, PostgresAdapter, sql, type Transaction } from "kysely";
import type { StateTables } from "./state-tables.js";

/** What every repository function takes: the store's Kysely instance or a transaction on it. */
export type StateDb = Kysely<StateTables>;

/** Runs `work` in a transaction: the caller's if `db` already is one, else a new one. */
export async function inTransaction<T>(db: StateDb, work: (trx: Transaction<StateTables>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<StateTables>);
  return db.transaction().execute(work);
}

/** Kysely reports affected rows as bigint; this is the plain count. */
export function affectedRows(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | undefined): number {
  return Number(result?.numUpdatedRows ?? result?.numDeletedRows ?? 0n);
}

/** Whether the store is PostgreSQL (a transaction on it included). */
export function isPostgresStore(db: StateDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * PostgreSQL plans from table statistics that autovacuum refreshes about once a minute. A table that grows from
 * nothing by thousands of rows (a backlog on the first run, or after downtime) is planned without them until then: the
 * planner took a per-state index for single-order updates and read every received order each time. So after a large
 * insert, relative to what the statistics know, they are taken at once (ANALYZE samples; it blocks no reads or writes).
 */
export async function refreshStatisticsAfterGrowth(
  db: StateDb,
  table: keyof StateTables,
  added: number,
): Promise<void> {
  if (added < 100 || !isPostgresStore(db)) return;
  const row = await sql<{ tuples: number }>`select reltuples as tuples from pg_class where oid = ${table}::regclass`
    .execute(db)
    .then((r) => r.rows[0]);
  // reltuples is -1 before the first ANALYZE.
  if (row !== undefined && Number(row.tuples) >= 0 && added <= Number(row.tuples) / 10) return;
  await sql`analyze ${sql.table(table)}`.execute(db);
}
