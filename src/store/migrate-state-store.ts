import { type Kysely, sql } from "kysely";
import { isoTime } from "./iso-time.js";
import { type StateMigration, stateMigrations } from "./migrations/index.js";
import type { StateEngine, StateStore } from "./open-state-store.js";
import type { StateTables } from "./state-tables.js";

export interface MigrationRun {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Ids in the migrations table that this build of cpwoo does not know (a newer version ran here). */
  unknown: string[];
}

export interface MigrationStatus {
  id: string;
  description: string;
  /** When it was applied, or null while pending. */
  appliedAt: string | null;
}

async function ensureMigrationsTable(db: Kysely<StateTables>): Promise<void> {
  await db.schema
    .createTable("cpwoo_migrations")
    .ifNotExists()
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("applied_at", "text", (c) => c.notNull())
    .execute();
}

async function appliedIds(db: Kysely<StateTables>): Promise<Map<string, string>> {
  const rows = await db.selectFrom("cpwoo_migrations").select(["id", "applied_at"]).execute();
  return new Map(rows.map((r) => [r.id, r.applied_at]));
}

/**
 * Runs `work` holding the migration lock. PostgreSQL: a session advisory lock keyed by the current schema,
 * so two processes starting at once apply each migration exactly once. SQLite: every migration transaction
 * is `BEGIN IMMEDIATE` (see the dialect), which already serialises writers across processes.
 */
async function withMigrationLock<T>(
  db: Kysely<StateTables>,
  engine: StateEngine,
  work: (db: Kysely<StateTables>) => Promise<T>,
): Promise<T> {
  if (engine === "sqlite") return work(db);
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext(current_schema() || '.cpwoo_migrations'))`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(current_schema() || '.cpwoo_migrations'))`.execute(conn);
    }
  });
}

async function applyOne(db: Kysely<StateTables>, engine: StateEngine, migration: StateMigration): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // Checked again inside the transaction: another process may have applied it meanwhile.
    const done = await trx
      .selectFrom("cpwoo_migrations")
      .select("id")
      .where("id", "=", migration.id)
      .executeTakeFirst();
    if (done) return false;
    await migration.up(trx, engine);
    await trx.insertInto("cpwoo_migrations").values({ id: migration.id, applied_at: isoTime() }).execute();
    return true;
  });
}

/**
 * Brings the state database up to date. Idempotent: already-applied migrations are skipped. Each migration
 * runs in its own transaction together with its row in `cpwoo_migrations`, so a failure leaves the database
 * at the last complete version.
 */
export async function migrateStateStore(
  store: StateStore,
  migrations: readonly StateMigration[] = stateMigrations,
): Promise<MigrationRun> {
  return withMigrationLock(store.db, store.engine, async (db) => {
    if (store.engine === "sqlite") await db.transaction().execute((trx) => ensureMigrationsTable(trx));
    else await ensureMigrationsTable(db);
    const applied: string[] = [];
    for (const migration of migrations) {
      if (await applyOne(db, store.engine, migration)) applied.push(migration.id);
    }
    const known = new Set(migrations.map((m) => m.id));
    const unknown = [...(await appliedIds(db)).keys()].filter((id) => !known.has(id)).sort();
    return { applied, unknown };
  });
}

/** Every known migration with its applied time (null = pending); unknown applied ids are listed last. */
export async function readMigrationStatus(
  store: StateStore,
  migrations: readonly StateMigration[] = stateMigrations,
): Promise<MigrationStatus[]> {
  const exists = await sql<{ n: number | string }>`select count(*) as n from ${sql.raw(
    store.engine === "sqlite"
      ? "sqlite_master where type = 'table' and name = 'cpwoo_migrations'"
      : "information_schema.tables where table_schema = current_schema() and table_name = 'cpwoo_migrations'",
  )}`.execute(store.db);
  const applied = Number(exists.rows[0]?.n ?? 0) > 0 ? await appliedIds(store.db) : new Map<string, string>();
  const known = migrations.map((m) => ({ id: m.id, description: m.description, appliedAt: applied.get(m.id) ?? null }));
  const ids = new Set(migrations.map((m) => m.id));
  const unknown = [...applied]
    .filter(([id]) => !ids.has(id))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, at]) => ({ id, description: "(unknown to this version of cpwoo)", appliedAt: at }));
  return [...known, ...unknown];
}
