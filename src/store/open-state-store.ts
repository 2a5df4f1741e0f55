import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl } from "../config/index.js";
import { SqliteImmediateDialect } from "./sqlite-immediate-dialect.js";
import type { StateTables } from "./state-tables.js";

export type StateEngine = "sqlite" | "postgres";

/** cpwoo's own state database: a Kysely instance typed with the state tables, and how to close it. */
export interface StateStore {
  readonly engine: StateEngine;
  readonly db: Kysely<StateTables>;
  /** The URL with any password hidden, for messages. */
  readonly label: string;
  close(): Promise<void>;
}

export interface OpenStateStoreOptions {
  /** SQLite: how long a writer waits for another process's write lock (ms). Default 5000. */
  busyTimeoutMs?: number;
  /** PostgreSQL: pool size. Default 10. */
  maxConnections?: number;
}

function createStore(url: string, options: OpenStateStoreOptions): StateStore {
  const parsed = parseDatabaseUrl(url);
  const label = redactDatabaseUrl(parsed.url);
  if (parsed.kind === "sqlite") {
    const file = parsed.file ?? ":memory:";
    if (file !== ":memory:") mkdirSync(dirname(resolve(file)), { recursive: true });
    const sqlite = new Database(file);
    try {
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      sqlite.pragma("foreign_keys = ON");
      sqlite.pragma("synchronous = NORMAL");
    } catch (err) {
      sqlite.close();
      throw err;
    }
    const db = new Kysely<StateTables>({ dialect: new SqliteImmediateDialect({ database: sqlite }) });
    return { engine: "sqlite", db, label, close: () => db.destroy() };
  }
  if (parsed.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: parsed.url, max: options.maxConnections ?? 10 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on("error", () => {});
    // Likewise a checked-out client: its query fails and the pool drops it.
    pool.on("connect", (client) => client.on("error", () => {}));
    const db = new Kysely<StateTables>({ dialect: new PostgresDialect({ pool }) });
    return { engine: "postgres", db, label, close: () => db.destroy() };
  }
  throw new DatabaseUrlError(`the state database must be sqlite: or postgres:// (not ${parsed.kind})`);
}

/**
 * Opens the state database named by a `CPWOO_STATE_DB` value: `sqlite:<file>` (parent folder created,
 * WAL journal, busy timeout, foreign keys on) or `postgres://…`, and checks that it answers. Open it once
 * per process and share it: SQLite work in one process is serialised through its single connection.
 * Throws `DatabaseUrlError` for a URL that names no state database.
 */
export async function openStateStore(url: string, options: OpenStateStoreOptions = {}): Promise<StateStore> {
  const store = createStore(url, options);
  try {
    await sql`select 1`.execute(store.db);
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
