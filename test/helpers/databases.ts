import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export type TestEngine = "sqlite" | "postgres";

/** SQLite always; PostgreSQL too when `CPWOO_TEST_PG_URL` is set (CI sets it). */
export const testEngines: readonly TestEngine[] = process.env.CPWOO_TEST_PG_URL ? ["sqlite", "postgres"] : ["sqlite"];

export interface TestDatabase {
  engine: TestEngine;
  /** A `CPWOO_*_DB` style URL: `sqlite:<file>` or `postgres://…?options=-c search_path=<schema>`. */
  url: string;
  /** PostgreSQL only: the fresh schema the URL points at. */
  schema?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a new SQLite file, or a new PostgreSQL schema on the test server. */
export async function freshDatabase(engine: TestEngine): Promise<TestDatabase> {
  if (engine === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "cpwoo-test-"));
    return {
      engine,
      url: `sqlite:${join(dir, "db.sqlite")}`,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const base = process.env.CPWOO_TEST_PG_URL;
  if (!base) throw new Error("CPWOO_TEST_PG_URL is not set");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    engine,
    url: url.toString(),
    schema,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
