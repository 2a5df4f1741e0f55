import { existsSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase, testEngines } from "../helpers/databases.js";
import {
  migrateStateStore,
  openStateStore,
  readMigrationStatus,
  type StateMigration,
  type StateStore,
  stateMigrations,
} from "../../src/store/index.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(database: TestDatabase): Promise<StateStore> {
  const store = await openStateStore(database.url);
  cleanups.push(() => store.close());
  return store;
}

async function fresh(engine: (typeof testEngines)[number]): Promise<TestDatabase> {
  const database = await freshDatabase(engine);
  cleanups.push(() => database.drop());
  return database;
}

describe.each(testEngines)("state store migrations on %s", (engine) => {
  it("applies every migration once, then nothing", async () => {
    const store = await open(await fresh(engine));
    const before = await readMigrationStatus(store);
    expect(before.map((m) => m.appliedAt)).toEqual(stateMigrations.map(() => null));

    const first = await migrateStateStore(store);
    expect(first.applied).toEqual(stateMigrations.map((m) => m.id));
    const second = await migrateStateStore(store);
    expect(second).toEqual({ applied: [], unknown: [] });

    const status = await readMigrationStatus(store);
    expect(status.map((m) => m.id)).toEqual(stateMigrations.map((m) => m.id));
    for (const m of status) expect(m.appliedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The tables are really there.
    const rows = await store.db.selectFrom("synced_orders").selectAll().execute();
    expect(rows).toEqual([]);
  });

  // Two connections in one process cannot race on SQLite (its driver is synchronous); the CLI test runs two
  // real processes against one SQLite file instead.
  it.runIf(engine === "postgres")("is safe when two processes migrate at once", async () => {
    const database = await fresh(engine);
    const a = await open(database);
    const b = await open(database);
    const [ra, rb] = await Promise.all([migrateStateStore(a), migrateStateStore(b)]);
    // Every migration applied exactly once between the two.
    expect([...ra.applied, ...rb.applied].sort()).toEqual(stateMigrations.map((m) => m.id).sort());
    const count = await a.db
      .selectFrom("cpwoo_migrations")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(stateMigrations.length);
  });

  it("rolls a failing migration back and keeps the earlier ones", async () => {
    const store = await open(await fresh(engine));
    const broken: StateMigration = {
      id: "9999_broken",
      description: "creates a table, then fails",
      async up(db) {
        await db.schema.createTable("half_done").addColumn("x", "integer").execute();
        await sql`select * from no_such_table`.execute(db);
      },
    };
    await expect(migrateStateStore(store, [...stateMigrations, broken])).rejects.toThrow(/no_such_table/);
    const status = await readMigrationStatus(store, [...stateMigrations, broken]);
    expect(status.find((m) => m.id === "9999_broken")?.appliedAt).toBeNull();
    expect(status.filter((m) => m.appliedAt !== null)).toHaveLength(stateMigrations.length);
    // The half-created table went with the rolled-back transaction.
    await expect(sql`select * from half_done`.execute(store.db)).rejects.toThrow();
  });

  it("reports migrations applied by a newer version", async () => {
    const store = await open(await fresh(engine));
    await migrateStateStore(store);
    await store.db
      .insertInto("cpwoo_migrations")
      .values({ id: "9000_future", applied_at: "2030-01-01T00:00:00.000Z" })
      .execute();
    expect((await migrateStateStore(store)).unknown).toEqual(["9000_future"]);
    const status = await readMigrationStatus(store);
    expect(status.at(-1)).toMatchObject({ id: "9000_future", appliedAt: "2030-01-01T00:00:00.000Z" });
  });
});

describe("opening the state store", () => {
  it("creates the SQLite file's folder and uses WAL", async () => {
    const database = await fresh("sqlite");
    const nested = database.url.replace(/db\.sqlite$/, join("deeper", "still", "state.sqlite"));
    const store = await openStateStore(nested);
    cleanups.push(() => store.close());
    expect(existsSync(nested.slice("sqlite:".length).replace(/state\.sqlite$/, ""))).toBe(true);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    expect(mode.rows[0]?.journal_mode).toBe("wal");
    const timeout = await sql<{ timeout: number }>`pragma busy_timeout`.execute(store.db);
    expect(Number(timeout.rows[0]?.timeout)).toBeGreaterThan(0);
  });

  it("refuses a URL that is not a state database", async () => {
    await expect(openStateStore("mssql://sa:secret@host/db")).rejects.toThrow(/sqlite: or postgres:\/\//);
    await expect(openStateStore("mysql://x")).rejects.toThrow(/must start with/);
    // The password never appears in the message.
    await expect(openStateStore("mssql://sa:secret@host/db")).rejects.not.toThrow(/secret/);
  });
});
