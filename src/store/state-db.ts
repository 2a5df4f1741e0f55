import type { Kysely, Transaction } from "kysely";
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
