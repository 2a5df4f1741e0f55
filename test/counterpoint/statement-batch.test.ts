import { type CompiledQuery, Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectCounterpoint } from "../../src/counterpoint/connect.js";
import {
  executeAtomically,
  executeTogether,
  inlinePostgresLiterals,
  joinMssqlStatements,
  shiftPlaceholders,
} from "../../src/counterpoint/statement-batch.js";
import { freshDatabase, type TestDatabase, testEngines } from "../helpers/databases.js";

const compiled = (text: string, parameters: unknown[]): CompiledQuery => ({
  sql: text,
  parameters,
  query: { kind: "RawNode", sqlFragments: [text], parameters: [] },
  queryId: { queryId: "t" },
});

describe("shiftPlaceholders", () => {
  it("renumbers $n and @n outside quoted text only", () => {
    expect(shiftPlaceholders(`insert into "T" ("A", "B") values ($1, $2), ($3, '$1')`, "postgres", 10)).toBe(
      `insert into "T" ("A", "B") values ($11, $12), ($13, '$1')`,
    );
    expect(shiftPlaceholders(`select "x$1", 'it''s $2', $2`, "postgres", 5)).toBe(`select "x$1", 'it''s $2', $7`);
    expect(shiftPlaceholders(`update [T@1] set "A" = @1 where "B" = @12; select @@ROWCOUNT`, "mssql", 3)).toBe(
      `update [T@1] set "A" = @4 where "B" = @15; select @@ROWCOUNT`,
    );
    expect(shiftPlaceholders(`exec sp_getapplock @Resource = @1`, "mssql", 2)).toBe(
      `exec sp_getapplock @Resource = @3`,
    );
    // A doubled closing character stays inside the quoted text; unclosed text runs to the end.
    expect(shiftPlaceholders(`select [a]]$1], 'x''$1''', "q""$2", $3, '$4`, "postgres", 1)).toBe(
      `select [a]]$2], 'x''$1''', "q""$2", $4, '$4`,
    );
    expect(shiftPlaceholders(`select [a]]@1], N'x''@2', @3@4, @@1`, "mssql", 1)).toBe(
      `select [a]]@1], N'x''@2', @4@5, @@1`,
    );
  });
});

describe("joining statements", () => {
  it("numbers SQL Server statements on into one batch", () => {
    const parts = [
      compiled(`insert into "A" ("X") values (@1)`, [1]),
      compiled(`insert into "B" ("Y", "Z") values (@1, @2)`, [2, 3]),
      compiled(`update "C" set "N" = "N" + 1 where "K" = @1`, [4]),
    ];
    const batch = joinMssqlStatements(parts);
    expect(batch.sql).toBe(
      `insert into "A" ("X") values (@1);\ninsert into "B" ("Y", "Z") values (@2, @3);\n` +
        `update "C" set "N" = "N" + 1 where "K" = @4`,
    );
    expect(batch.parameters).toEqual([1, 2, 3, 4]);
  });

  it("writes PostgreSQL values in as quoted literals, escaping quotes and backslashes, and refuses other values", () => {
    const q = compiled(`insert into "T" ("A", "B", "C", "D", "E") values ($1, $2, $3, $4, $5)`, [
      "O'Brien; drop table x --",
      "C:\\path",
      12.5,
      null,
      true,
    ]);
    expect(inlinePostgresLiterals(q)).toBe(
      `insert into "T" ("A", "B", "C", "D", "E") values ('O''Brien; drop table x --',  E'C:\\\\path', '12.5', NULL, 'true')`,
    );
    expect(inlinePostgresLiterals(compiled(`select $1`, [new Date(0)]))).toBeUndefined();
    expect(inlinePostgresLiterals(compiled(`select '$1', $1`, ["a"]))).toBe(`select '$1', 'a'`);
  });
});

interface Db {
  parent: { id: number; name: string; kids: number };
  child: { parent_id: number; seq: number; note: string };
}

describe.each(testEngines)("executeTogether on %s", (engine) => {
  let database: TestDatabase;
  let db: Kysely<Db>;
  beforeAll(async () => {
    database = await freshDatabase(engine);
    db = connectCounterpoint(database.url) as unknown as Kysely<Db>;
    await sql`create table parent (id integer primary key, name varchar(20) not null, kids integer not null)`.execute(
      db,
    );
    await sql`create table child (parent_id integer not null references parent (id), seq integer not null,
      note varchar(20) not null, primary key (parent_id, seq))`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it("writes a parent, its children and an update in one go, in order; an orphan fails the whole go", async () => {
    await db.insertInto("parent").values({ id: 9, name: "nine", kids: 0 }).execute();
    const rows = Array.from({ length: 1200 }, (_, i) => ({ parent_id: 1, seq: i + 1, note: `n'${i}$1\\` }));
    await db.transaction().execute(async (trx) => {
      await executeTogether(trx, [
        trx.insertInto("parent").values({ id: 1, name: "one", kids: 0 }),
        // 3,600 parameters: past SQL Server's budget for one request; the notes hold quotes and placeholders.
        ...[0, 400, 800].map((at) => trx.insertInto("child").values(rows.slice(at, at + 400))),
        trx.updateTable("parent").set({ kids: sql`kids + 1200` }).where("id", "=", 9),
        trx.updateTable("parent").set({ kids: sql`kids + 1` }).where("id", "=", 1),
      ]);
    });
    const parents = await db.selectFrom("parent").selectAll().orderBy("id").execute();
    expect(parents).toEqual([
      { id: 1, name: "one", kids: 1 },
      { id: 9, name: "nine", kids: 1200 },
    ]);
    const notes = await db.selectFrom("child").select("note").orderBy("seq").execute();
    expect(notes.length).toBe(1200);
    expect(notes[7]?.note).toBe("n'7$1\\");

    await expect(
      db.transaction().execute(async (trx) => {
        await executeTogether(trx, [
          trx.insertInto("parent").values({ id: 2, name: "two", kids: 0 }),
          trx.insertInto("child").values({ parent_id: 3, seq: 1, note: "orphan" }),
        ]);
      }),
    ).rejects.toThrow();
    expect(await db.selectFrom("parent").select("id").where("id", "=", 2).execute()).toEqual([]);
  });

  it("runs statements atomically without a transaction of the caller's: all or nothing", async () => {
    await executeAtomically(db, (q) => [
      q.insertInto("parent").values({ id: 20, name: "twenty", kids: 0 }),
      q.insertInto("child").values({ parent_id: 20, seq: 1, note: "x" }),
      q.updateTable("parent").set({ kids: sql`kids + 1` }).where("id", "=", 9),
    ]);
    expect(await db.selectFrom("child").select("note").where("parent_id", "=", 20).execute()).toEqual([{ note: "x" }]);
    await expect(
      executeAtomically(db, (q) => [
        q.insertInto("parent").values({ id: 21, name: "lost", kids: 0 }),
        q.updateTable("parent").set({ kids: sql`kids + 100` }).where("id", "=", 9),
        q.insertInto("child").values({ parent_id: 22, seq: 1, note: "orphan" }),
      ]),
    ).rejects.toThrow();
    expect(await db.selectFrom("parent").select("id").where("id", "=", 21).execute()).toEqual([]);
    expect(await db.selectFrom("parent").select("kids").where("id", "=", 9).executeTakeFirst()).toEqual({ kids: 1201 });
  });
});
