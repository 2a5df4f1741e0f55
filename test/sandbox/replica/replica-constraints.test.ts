import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import { moneyText } from "../../../src/counterpoint/dialect.js";
import { isTruncationError } from "../../../src/counterpoint/errors.js";
import { createReplicaSchemaAt } from "../../../src/sandbox/replica/create-replica-schema.js";
import { freshDatabase, type TestDatabase, testEngines } from "../../helpers/databases.js";

// The replica must refuse what SQL Server refuses, on both engines.
describe.each(testEngines)("replica constraints on %s", (engine) => {
  let database: TestDatabase;
  let db: CounterpointDb;

  beforeAll(async () => {
    database = await freshDatabase(engine);
    db = await createReplicaSchemaAt(database.url);
    await db.insertInto("PS_STR").values({ STR_ID: "01", DESCR: "Main", STR_NO: 1 }).execute();
    await db.insertInto("PS_STA").values({ STR_ID: "01", STA_ID: "101", DESCR: "Web", STA_NO: 1 }).execute();
    await db.insertInto("IM_LOC").values({ LOC_ID: "01", DESCR: "Main" }).execute();
    await db
      .insertInto("IM_ITEM")
      .values({ ITEM_NO: "PBO-TOTE", DESCR: "Canvas Beach Tote", ACCT_COD: "1", PRC_1: "38.00" })
      .execute();
    await db
      .insertInto("IM_INV")
      .values({ ITEM_NO: "PBO-TOTE", LOC_ID: "01", QTY_ON_HND: "495", QTY_COMMIT: "480" })
      .execute();
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const customer = { CUST_NO: "10001", NAM: "Pelican Bay Outfitters", SLS_REP: "", STR_ID: "01" };

  it("accepts a customer with the required columns only, filling defaults", async () => {
    await db.insertInto("AR_CUST").values(customer).execute();
    const row = await db
      .selectFrom("AR_CUST")
      .select(["CUST_TYP", "BAL_METH", "IS_ECOMM_CUST", "PROMPT_NAM_ADRS", "LST_AGE_METH", "ALLOW_AR_CHRG"])
      .where("CUST_NO", "=", "10001")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      CUST_TYP: "C",
      BAL_METH: "O",
      IS_ECOMM_CUST: "N",
      PROMPT_NAM_ADRS: "S",
      LST_AGE_METH: "!",
      ALLOW_AR_CHRG: "Y",
    });
  });

  it("rejects a 41-character AR_CUST.NAM as a truncation, and takes 40", async () => {
    const err = await db
      .insertInto("AR_CUST")
      .values({ ...customer, CUST_NO: "10002", NAM: "x".repeat(41) })
      .execute()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(Error);
    expect(isTruncationError(err)).toBe(true);
    await db
      .insertInto("AR_CUST")
      .values({ ...customer, CUST_NO: "10002", NAM: "x".repeat(40) })
      .execute();
  });

  it.each([
    ["BAL_METH", "X"],
    ["CUST_TYP", "Z"],
    ["CUST_NAM_TYP", "Q"],
    ["PROMPT_NAM_ADRS", "X"],
    ["LST_AGE_METH", "X"],
    ["LST_STMNT_METH", "O"],
    ["IS_ECOMM_CUST", "1"],
    ["ALLOW_TKTS", "y"],
  ] as const)("rejects AR_CUST.%s = '%s'", async (column, value) => {
    await expect(
      db
        .insertInto("AR_CUST")
        .values({ ...customer, CUST_NO: `X${column}`.slice(0, 15), [column]: value })
        .execute(),
    ).rejects.toThrow(/check constraint|CHECK constraint/i);
  });

  it("rejects IM_ITEM.STAT outside A/V/D", async () => {
    await expect(
      db.insertInto("IM_ITEM").values({ ITEM_NO: "BAD", DESCR: "x", ACCT_COD: "1", PRC_1: "1", STAT: "X" }).execute(),
    ).rejects.toThrow(/check constraint/i);
  });

  it("rejects a NULL PS_DOC_HDR.TKT_NO", async () => {
    await expect(
      db
        .insertInto("PS_DOC_HDR")
        // @ts-expect-error TKT_NO is NOT NULL: the types refuse it too
        .values({ DOC_ID: 101163492218, STR_ID: "01", STA_ID: "101", TKT_NO: null, DOC_GUID: guid(1) })
        .execute(),
    ).rejects.toThrow(/null/i);
  });

  it("rejects document rows whose parent does not exist (foreign keys)", async () => {
    await expect(
      db
        .insertInto("PS_DOC_HDR")
        .values({ DOC_ID: 101163492219, STR_ID: "01", STA_ID: "999", TKT_NO: "O999-000001", DOC_GUID: guid(2) })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
  });

  it("computes IM_INV.QTY_AVAIL = QTY_ON_HND − QTY_COMMIT and follows updates", async () => {
    const read = () =>
      db
        .selectFrom("IM_INV")
        .select(moneyText(engine, "QTY_AVAIL", 4).as("avail"))
        .where("ITEM_NO", "=", "PBO-TOTE")
        .executeTakeFirstOrThrow();
    expect(await read()).toEqual({ avail: "15.0000" });
    await db
      .updateTable("IM_INV")
      .set({ QTY_ON_HND: "-7000", QTY_COMMIT: "1000" })
      .where("ITEM_NO", "=", "PBO-TOTE")
      .execute();
    expect(await read()).toEqual({ avail: "-8000.0000" });
    await db
      .updateTable("IM_INV")
      .set({ QTY_ON_HND: "0.3", QTY_COMMIT: "0.1" })
      .where("ITEM_NO", "=", "PBO-TOTE")
      .execute();
    expect(await read()).toEqual({ avail: "0.2000" });
  });

  it("rejects an UPDATE of the computed QTY_AVAIL", async () => {
    await expect(
      // @ts-expect-error QTY_AVAIL is computed: the types refuse it too
      db.updateTable("IM_INV").set({ QTY_AVAIL: "5" }).where("ITEM_NO", "=", "PBO-TOTE").execute(),
    ).rejects.toThrow(/generated|QTY_AVAIL/i);
  });

  it("reads decimals back as exact text and refuses numbers that overflow their precision", async () => {
    await db
      .updateTable("IM_ITEM")
      .set({ PRC_1: "41.769", REG_PRC: "12345678901.2345" })
      .where("ITEM_NO", "=", "PBO-TOTE")
      .execute();
    const row = await db
      .selectFrom("IM_ITEM")
      .select([
        moneyText(engine, "PRC_1", 4).as("prc"),
        moneyText(engine, "REG_PRC", 4).as("reg"),
        moneyText(engine, "LST_COST", 2).as("cost"),
      ])
      .where("ITEM_NO", "=", "PBO-TOTE")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ prc: "41.7690", reg: "12345678901.2345", cost: "0.00" });
    await expect(
      db.updateTable("IM_ITEM").set({ PRC_1: "123456789012.5" }).where("ITEM_NO", "=", "PBO-TOTE").execute(),
    ).rejects.toThrow(/overflow/i);
    await expect(
      db.updateTable("IM_ITEM").set({ PRC_1: "abc" }).where("ITEM_NO", "=", "PBO-TOTE").execute(),
    ).rejects.toThrow();
  });

  it("refuses a tinyint out of range and a malformed date-time", async () => {
    await expect(
      db.updateTable("AR_CUST").set({ RS_STAT: 256 }).where("CUST_NO", "=", "10001").execute(),
    ).rejects.toThrow();
    await expect(
      db.updateTable("AR_CUST").set({ LST_MAINT_DT: "next tuesday" }).where("CUST_NO", "=", "10001").execute(),
    ).rejects.toThrow();
    await db
      .updateTable("AR_CUST")
      .set({ LST_MAINT_DT: "2025-12-04T13:05:10.000" })
      .where("CUST_NO", "=", "10001")
      .execute();
  });
});

function guid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}
