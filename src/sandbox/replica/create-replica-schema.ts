import { type Kysely, sql } from "kysely";
import { type CounterpointDb, connectCounterpoint } from "../../counterpoint/connect.js";
import { engineOf } from "../../counterpoint/dialect.js";
import { type ReplicaEngine, replicaDdl } from "./replica-ddl.js";

export class ReplicaError extends Error {}

/** The replica engine of a Kysely instance; SQL Server is refused (the replica never touches a real Counterpoint). */
export function replicaEngineOf<DB>(db: Kysely<DB>): ReplicaEngine {
  const engine = engineOf(db);
  if (engine === "mssql") throw new ReplicaError("the replica is created on SQLite or PostgreSQL, never on SQL Server");
  return engine;
}

/** Creates every Counterpoint table of the definition in an empty database, in one transaction. */
export async function createReplicaSchema<DB>(db: Kysely<DB>): Promise<void> {
  const engine = replicaEngineOf(db);
  await db.transaction().execute(async (trx) => {
    const existing = await existingTables(trx, engine);
    if (existing.length > 0) {
      throw new ReplicaError(`the database already holds Counterpoint tables (${existing.slice(0, 3).join(", ")}…)`);
    }
    for (const statement of replicaDdl(engine)) await sql.raw(statement).execute(trx);
  });
}

async function existingTables<DB>(db: Kysely<DB>, engine: ReplicaEngine): Promise<string[]> {
  const query =
    engine === "postgres"
      ? sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name IN ('PS_DOC_HDR', 'IM_ITEM', 'AR_CUST')`
      : sql<{ name: string }>`SELECT name FROM sqlite_master
          WHERE type = 'table' AND name IN ('PS_DOC_HDR', 'IM_ITEM', 'AR_CUST')`;
  return (await query.execute(db)).rows.map((r) => r.name);
}

/** Connects to a `sqlite:` or `postgres://` URL and creates the replica schema there. The caller destroys the db. */
export async function createReplicaSchemaAt(url: string): Promise<CounterpointDb> {
  const db = connectCounterpoint(url);
  try {
    await createReplicaSchema(db);
    return db;
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
