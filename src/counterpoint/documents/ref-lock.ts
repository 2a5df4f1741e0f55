import { sql, type Transaction } from "kysely";
import { engineOf } from "../dialect.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";

/**
 * Locks one web reference until the transaction ends, so two cpwoo writers holding the same order cannot both find
 * no document and both write one, while writers of different orders go side by side. No table is touched: SQL
 * Server's application lock (sp_getapplock, owned by the transaction) and PostgreSQL's transaction advisory lock.
 * SQLite has one writer at a time anyway.
 */
export async function lockRef(trx: Transaction<CounterpointDatabase>, ref: string): Promise<void> {
  const resource = `cpwoo:${ref}`;
  switch (engineOf(trx)) {
    case "mssql":
      await sql`exec sp_getapplock @Resource = ${resource}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000`.execute(
        trx,
      );
      return;
    case "postgres":
      await sql`select pg_advisory_xact_lock(hashtextextended(${resource}, 0))`.execute(trx);
      return;
    case "sqlite":
      return;
  }
}
