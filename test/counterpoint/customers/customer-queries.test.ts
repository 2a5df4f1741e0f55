import { DummyDriver, Kysely, MssqlAdapter, MssqlIntrospector, MssqlQueryCompiler } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import {
  contractGroupsOf,
  custNoExists,
  custNosByEmail,
  customerTemplateRow,
  ecommerceCustomersAfter,
  getCustomer,
  highestCustNumber,
  shipTosOf,
  taxCodes,
} from "../../../src/counterpoint/customers/customer-queries.js";
import {
  addCustomerNote,
  addShipTo,
  CustomerWriteError,
  insertNewCustomer,
  isDuplicateKeyError,
} from "../../../src/counterpoint/customers/customer-writer.js";
import type { CounterpointDatabase } from "../../../src/counterpoint/schema/database.generated.js";
import { MIN_CUSTOMERS, MIN_ITEMS } from "../../../src/sandbox/replica/demo-store-rows.js";
import { initDemoStore } from "../../../src/sandbox/replica/fill-demo-store.js";
import { freshDatabase, type TestDatabase, testEngines } from "../../helpers/databases.js";

/** A SQL Server Kysely that records the T-SQL it would send and answers every query with no rows. */
function recordingMssql(): { db: CounterpointDb; sent: string[] } {
  const sent: string[] = [];
  const db = new Kysely<CounterpointDatabase>({
    dialect: {
      createAdapter: () => new MssqlAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new MssqlIntrospector(k),
      createQueryCompiler: () => new MssqlQueryCompiler(),
    },
    log: (event) => {
      if (event.level === "query") sent.push(event.query.sql);
    },
  });
  return { db, sent };
}

const shipTo = { NAM: "Dock B", ADRS_1: "1 PIER RD", CITY: "MIAMI", STATE: "FL", ZIP_COD: "33135", CNTRY: "US" };
const note = { note: "cpwoo: test", text: "long text", user: "CPWOO", at: "2026-11-21T10:00:00.000" };

describe("customer queries compiled for SQL Server", () => {
  it("use TOP, table lock hints and never LIMIT", async () => {
    const { db, sent } = recordingMssql();
    await getCustomer(db, "2306");
    await custNosByEmail(db, ["A@Example.com"]);
    await custNoExists(db, "OL-100001");
    await highestCustNumber(db, "OL-");
    await taxCodes(db);
    await customerTemplateRow(db, "TEMPLATE", ["CUST_TYP", "TAX_COD"]);
    await ecommerceCustomersAfter(db, "1000", 500);
    await contractGroupsOf(db, ["2221"]);
    await shipTosOf(db, "2306");
    await insertNewCustomer(db, { customer: { NAM: "X", SLS_REP: "", STR_ID: "01" }, shipTo, note }, () =>
      Promise.resolve("OL-100001"),
    );
    await insertNewCustomer(
      db,
      { customer: { NAM: "Y", SLS_REP: "", STR_ID: "01" }, shipTo: null, note: null },
      () => Promise.resolve("OL-100002"),
      50,
      " Ana@Example.com ",
    );
    // Created only if the e-mail is still free, checked under a lock on it in the same batch.
    expect(
      sent.some(
        (t) =>
          t.startsWith("declare @cpwoo_lock int; exec @cpwoo_lock = sp_getapplock @Resource = @1") &&
          t.includes(`if exists (select 1 from "AR_CUST" where lower(trim("EMAIL_ADRS_1")) = @2) throw 51000`) &&
          t.includes(';\ninsert into "AR_CUST"'),
      ),
    ).toBe(true);
    await expect(addShipTo(db, "2306", shipTo)).rejects.toBeInstanceOf(CustomerWriteError);
    for (const text of sent) expect(text.toLowerCase()).not.toMatch(/\blimit\b/);
    expect(sent.some((t) => t.startsWith('select top(500) "CUST_NO"'))).toBe(true);
    expect(sent.some((t) => t.startsWith('select top(1) "CUST_NO"'))).toBe(true);
    expect(sent.some((t) => t.includes("WITH (UPDLOCK, HOLDLOCK)"))).toBe(true);
    expect(sent.some((t) => /lower\(trim\("EMAIL_ADRS_1"\)\)/.test(t))).toBe(true);
    // A new customer, its ship-to and its note go in one batch, numbered on.
    expect(
      sent.some(
        (t) =>
          t.startsWith('insert into "AR_CUST"') &&
          t.includes(';\ninsert into "AR_SHIP_ADRS"') &&
          t.includes("AR_CUST_NOTE"),
      ),
    ).toBe(true);
    await db.destroy();
  });

  it("recognise duplicate-key errors of every engine", () => {
    expect(isDuplicateKeyError(Object.assign(new Error("Violation of PRIMARY KEY"), { number: 2627 }))).toBe(true);
    expect(isDuplicateKeyError(Object.assign(new Error("dup"), { code: "23505" }))).toBe(true);
    expect(isDuplicateKeyError(new Error("UNIQUE constraint failed: AR_CUST.CUST_NO"))).toBe(true);
    expect(isDuplicateKeyError(new Error("String or binary data would be truncated"))).toBe(false);
  });
});

describe.each(testEngines)("customer queries on the %s replica", (engine) => {
  let database: TestDatabase;
  let db: CounterpointDb;
  beforeEach(async () => {
    database = await freshDatabase(engine);
    db = (await initDemoStore(database.url, { items: MIN_ITEMS, customers: MIN_CUSTOMERS + 4, seed: "q" })).db;
  });
  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  it("find customers by e-mail whatever the case, and the highest number of a prefix", async () => {
    const found = await custNosByEmail(db, ["DANA.Whitfield@example.com ", "nobody@example.com"]);
    expect([...found]).toEqual([["dana.whitfield@example.com", "2306"]]);
    expect(await highestCustNumber(db, "C-")).toBe(10017);
    expect(await highestCustNumber(db, "ZZ-")).toBe(0);
    expect(await custNoExists(db, "C-10017")).toBe(true);
    expect(await custNoExists(db, "C-10018")).toBe(false);
  });

  it("page e-commerce customers and find contract groups", async () => {
    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await ecommerceCustomersAfter(db, after, 2);
      if (page.length === 0) break;
      for (const r of page) expect(r.IS_ECOMM_CUST).toBe("Y");
      all.push(...page.map((r) => r.CUST_NO));
      after = page.at(-1)?.CUST_NO ?? null;
    }
    expect(all).toContain("2306");
    expect(all).not.toContain("2221");
    expect([...all].sort()).toEqual(all);
    expect(await contractGroupsOf(db, ["2221", "2306"])).toEqual(new Map([["2221", "144319"]]));
    expect(await taxCodes(db)).toContain("FL-Broward");
  });

  it("number ship-tos and notes per customer, also when added at the same time (B33)", async () => {
    const ids = await Promise.all([1, 2, 3].map(() => addShipTo(db, "2306", shipTo)));
    const existing = (await shipTosOf(db, "2306")).map((s) => s.SHIP_ADRS_ID);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(existing).toContain(id);
    const notes = await Promise.all([1, 2].map(() => addCustomerNote(db, "2306", note)));
    expect(new Set(notes).size).toBe(2);
    await expect(addShipTo(db, "NOPE", shipTo)).rejects.toThrow("customer NOPE does not exist");
  });
});
