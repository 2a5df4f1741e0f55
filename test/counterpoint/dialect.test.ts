import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CounterpointDb, connectCounterpoint } from "../../src/counterpoint/connect.js";
import {
  dialectCapabilities,
  engineOf,
  firstRows,
  insertReturning,
  moneyText,
  nowSql,
  pageRows,
  selectForUpdate,
  updateReturning,
} from "../../src/counterpoint/dialect.js";
import { createReplicaSchemaAt } from "../../src/sandbox/replica/create-replica-schema.js";
import { freshDatabase, type TestDatabase, testEngines } from "../helpers/databases.js";

// A Kysely instance with the production SQL Server dialect. Compiling never opens a connection.
const mssql = connectCounterpoint("mssql://cpwoo:secret@cp-server.invalid/WOODYS_CP");
afterAll(() => mssql.destroy());

/** Every query built through the helpers, compiled for SQL Server. */
function tsqlSamples(): string[] {
  return [
    firstRows("mssql", mssql.selectFrom("IM_ITEM").select("ITEM_NO").orderBy("ITEM_NO"), 100).compile().sql,
    pageRows("mssql", mssql.selectFrom("IM_ITEM").select("ITEM_NO").orderBy("ITEM_NO"), 200, 100).compile().sql,
    selectForUpdate(mssql, "PS_STR_CFG_PS").select("NXT_ORD_NO").where("STR_ID", "=", "01").compile().sql,
    mssql
      .selectFrom("IM_PRC")
      .select(moneyText("mssql", "PRC_1", 4).as("PRC_1"))
      .compile().sql,
    insertReturning("mssql", mssql.insertInto("AR_CUST_NOTE").values({ CUST_NO: "1", NOTE_ID: 1 }), [
      "NOTE_ID",
    ]).compile().sql,
  ];
}

describe("compiled T-SQL", () => {
  it("never contains LIMIT (Kysely's .limit() is not T-SQL)", () => {
    for (const text of tsqlSamples()) expect(text.toLowerCase()).not.toContain(" limit ");
    // the trap the helper exists for:
    expect(mssql.selectFrom("IM_ITEM").select("ITEM_NO").limit(5).compile().sql).toContain(" limit ");
  });

  it("takes the first rows with TOP", () => {
    const q = firstRows("mssql", mssql.selectFrom("IM_ITEM").select("ITEM_NO").orderBy("ITEM_NO"), 100).compile();
    expect(q.sql).toBe('select top(100) "ITEM_NO" from "IM_ITEM" order by "ITEM_NO"');
  });

  it("pages with OFFSET … FETCH NEXT", () => {
    const q = pageRows("mssql", mssql.selectFrom("IM_ITEM").select("ITEM_NO").orderBy("ITEM_NO"), 200, 100).compile();
    expect(q.sql).toBe('select "ITEM_NO" from "IM_ITEM" order by "ITEM_NO" offset @1 rows fetch next @2 rows only');
    expect(q.parameters).toEqual([200, 100]);
  });

  it("locks counter rows with UPDLOCK, HOLDLOCK after the table name", () => {
    const q = selectForUpdate(mssql, "PS_STR_CFG_PS")
      .select(["STR_ID", "NXT_ORD_NO"])
      .where("STR_ID", "=", "01")
      .compile();
    expect(q.sql).toBe(
      'select "STR_ID", "NXT_ORD_NO" from "PS_STR_CFG_PS" WITH (UPDLOCK, HOLDLOCK) where "STR_ID" = @1',
    );
  });

  it("reads money as text through CONVERT", () => {
    const q = mssql
      .selectFrom("IM_PRC")
      .select(moneyText("mssql", "IM_PRC.PRC_1", 4).as("PRC_1"))
      .compile();
    expect(q.sql).toBe(
      'select CONVERT(varchar(50), CONVERT(decimal(38, 4), "IM_PRC"."PRC_1")) as "PRC_1" from "IM_PRC"',
    );
  });

  it("returns inserted and updated rows with OUTPUT", () => {
    const ins = insertReturning("mssql", mssql.insertInto("AR_CUST_NOTE").values({ CUST_NO: "1", NOTE_ID: 1 }), [
      "CUST_NO",
      "NOTE_ID",
    ]).compile();
    expect(ins.sql).toBe(
      'insert into "AR_CUST_NOTE" ("CUST_NO", "NOTE_ID") output "inserted"."CUST_NO", "inserted"."NOTE_ID" values (@1, @2)',
    );
    const upd = updateReturning(
      "mssql",
      mssql.updateTable("PS_STR_CFG_PS").set({ NXT_ORD_NO: "O101-000355" }).where("STR_ID", "=", "01"),
      ["NXT_ORD_NO"],
    ).compile();
    expect(upd.sql).toBe(
      'update "PS_STR_CFG_PS" set "NXT_ORD_NO" = @1 output "inserted"."NXT_ORD_NO" where "STR_ID" = @2',
    );
  });

  it("knows which engine a Kysely instance talks to", () => {
    expect(engineOf(mssql)).toBe("mssql");
    expect(dialectCapabilities.mssql.firstRows).toBe("top");
    expect(dialectCapabilities.postgres.rowLock).toBe("FOR UPDATE");
  });

  it("refuses negative row counts", () => {
    expect(() => firstRows("mssql", mssql.selectFrom("IM_ITEM").selectAll(), -1)).toThrow(RangeError);
    expect(() => pageRows("postgres", mssql.selectFrom("IM_ITEM").selectAll(), 0, 1.5)).toThrow(RangeError);
  });
});

describe.each(testEngines)("dialect helpers executed on the %s replica", (engine) => {
  let database: TestDatabase;
  let db: CounterpointDb;

  beforeAll(async () => {
    database = await freshDatabase(engine);
    db = await createReplicaSchemaAt(database.url);
    await db.insertInto("PS_STR").values({ STR_ID: "01", DESCR: "Main", STR_NO: 1 }).execute();
    await db
      .insertInto("PS_STR_CFG_PS")
      .values({
        STR_ID: "01",
        STK_LOC_ID: "01",
        PRC_LOC_ID: "*",
        AR_TAX_COD: "FL-Broward",
        TIP_METH: "N",
        ALLOW_5_DIGIT_PLU: "N",
        NXT_ORD_NO: "O101-000354",
      })
      .execute();
    for (let i = 1; i <= 7; i++) {
      await db
        .insertInto("IM_ITEM")
        .values({ ITEM_NO: `ITEM-${i}`, DESCR: `Item ${i}`, ACCT_COD: "1", PRC_1: `${i}.5` })
        .execute();
    }
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it("compiles without LIMIT problems and runs", async () => {
    expect(engineOf(db)).toBe(engine);
    const first = await firstRows(engine, db.selectFrom("IM_ITEM").select("ITEM_NO").orderBy("ITEM_NO"), 3).execute();
    expect(first.map((r) => r.ITEM_NO)).toEqual(["ITEM-1", "ITEM-2", "ITEM-3"]);
    const page = await pageRows(engine, db.selectFrom("IM_ITEM").select("ITEM_NO").orderBy("ITEM_NO"), 5, 3).execute();
    expect(page.map((r) => r.ITEM_NO)).toEqual(["ITEM-6", "ITEM-7"]);
  });

  it("reads and bumps a counter under a lock in a transaction", async () => {
    const next = await db.transaction().execute(async (trx) => {
      const row = await selectForUpdate(trx, "PS_STR_CFG_PS")
        .select("NXT_ORD_NO")
        .where("STR_ID", "=", "01")
        .executeTakeFirstOrThrow();
      const updated = await updateReturning(
        engine,
        trx.updateTable("PS_STR_CFG_PS").set({ NXT_ORD_NO: "O101-000355" }).where("STR_ID", "=", "01"),
        ["NXT_ORD_NO"],
      ).executeTakeFirstOrThrow();
      return { taken: row.NXT_ORD_NO, stored: updated.NXT_ORD_NO };
    });
    expect(next).toEqual({ taken: "O101-000354", stored: "O101-000355" });
    if (engine === "postgres") {
      expect(selectForUpdate(db, "PS_STR_CFG_PS").selectAll().compile().sql).toMatch(/for update$/);
    }
  });

  it("returns inserted rows", async () => {
    const rows = await insertReturning(engine, db.insertInto("IM_LOC").values({ LOC_ID: "02", DESCR: "Warehouse" }), [
      "LOC_ID",
      "DESCR",
    ]).execute();
    expect(rows).toEqual([{ LOC_ID: "02", DESCR: "Warehouse" }]);
  });

  it("reads money as exact text, NULL as NULL", async () => {
    const rows = await db
      .selectFrom("IM_ITEM")
      .select(["ITEM_NO", moneyText(engine, "PRC_1", 4).as("prc"), moneyText(engine, "REG_PRC", 2).as("reg")])
      .where("ITEM_NO", "in", ["ITEM-1", "ITEM-7"])
      .orderBy("ITEM_NO")
      .execute();
    expect(rows).toEqual([
      { ITEM_NO: "ITEM-1", prc: "1.5000", reg: null },
      { ITEM_NO: "ITEM-7", prc: "7.5000", reg: null },
    ]);
  });

  it("reads the database's local clock", async () => {
    const { rows } = await sql<{ now: Date | string }>`SELECT ${nowSql(engine)} AS now`.execute(db);
    const now = rows[0]?.now;
    const parsed = now instanceof Date ? now : new Date(String(now));
    expect(Math.abs(parsed.getTime() - Date.now())).toBeLessThan(5 * 60_000);
  });
});
