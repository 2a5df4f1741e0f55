import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely, type LogEvent, MssqlDialect, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import * as Tarn from "tarn";
import * as Tedious from "tedious";
import { type DatabaseUrl, parseDatabaseUrl } from "../config/index.js";
import type { CounterpointDatabase } from "./schema/database.generated.js";

export type CounterpointDb = Kysely<CounterpointDatabase>;

export class CounterpointUrlError extends Error {}

/** tedious settings from `mssql://user:password@host[:port]/database?encrypt=…&trustServerCertificate=…&instance=…`. */
export function tediousConfig(url: string): Tedious.ConnectionConfiguration {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CounterpointUrlError("CPWOO_CP_DB: not a valid mssql:// URL");
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (u.hostname === "") throw new CounterpointUrlError("CPWOO_CP_DB: the mssql:// URL needs a host");
  if (database === "")
    throw new CounterpointUrlError("CPWOO_CP_DB: the mssql:// URL needs a database, e.g. /WOODYS_CP");
  const flag = (name: string, fallback: boolean) => {
    const v = u.searchParams.get(name);
    return v === null ? fallback : v === "true" || v === "1" || v === "yes";
  };
  const instanceName = u.searchParams.get("instance") ?? u.searchParams.get("instanceName") ?? undefined;
  const domain = u.searchParams.get("domain");
  const userName = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  return {
    server: u.hostname,
    authentication:
      domain === null
        ? { type: "default", options: { userName, password } }
        : { type: "ntlm", options: { userName, password, domain } },
    options: {
      database,
      // tedious refuses a port together with an instance name (the SQL Browser supplies the port).
      ...(instanceName ? { instanceName } : { port: u.port === "" ? 1433 : Number(u.port) }),
      encrypt: flag("encrypt", true),
      trustServerCertificate: flag("trustServerCertificate", false),
      // Counterpoint stores local wall-clock times: read them as local, not UTC.
      useUTC: false,
      appName: "cpwoo",
    },
  };
}

function sqliteDatabase(file: string): Database.Database {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  if (file !== ":memory:") db.pragma("journal_mode = WAL");
  return db;
}

/**
 * A Kysely instance on the Counterpoint database named by a `CPWOO_CP_DB` URL: `mssql://…` (tedious + tarn) in
 * production, `postgres://…` or `sqlite:<file>` for the replica. Call `destroy()` when done.
 */
export function connectCounterpoint(
  url: string | DatabaseUrl,
  options: { log?: ((event: LogEvent) => void) | undefined } = {},
): CounterpointDb {
  const parsed = typeof url === "string" ? parseDatabaseUrl(url) : url;
  // Kysely takes its query log (the daemon's metrics) only at construction.
  const log = options.log === undefined ? {} : { log: options.log };
  switch (parsed.kind) {
    case "mssql": {
      const config = tediousConfig(parsed.url);
      return new Kysely<CounterpointDatabase>({
        dialect: new MssqlDialect({
          tarn: { ...Tarn, options: { min: 0, max: 10 } },
          tedious: { ...Tedious, connectionFactory: () => new Tedious.Connection(config) },
        }),
        ...log,
      });
    }
    case "postgres": {
      const pool = new pg.Pool({ connectionString: parsed.url, max: 10 });
      // A client losing its connection (database restarted) must not crash the process: the query in flight
      // fails, the pool drops the client, and the next query reconnects. Checked-out clients need their own listener.
      pool.on("error", () => {});
      pool.on("connect", (client) => client.on("error", () => {}));
      return new Kysely<CounterpointDatabase>({ dialect: new PostgresDialect({ pool }), ...log });
    }
    case "sqlite": {
      const file = parsed.file;
      if (file === undefined) throw new CounterpointUrlError("CPWOO_CP_DB: sqlite: needs a file path");
      return new Kysely<CounterpointDatabase>({
        dialect: new SqliteDialect({ database: sqliteDatabase(file) }),
        ...log,
      });
    }
  }
}
