import {
  type DatabaseConnection,
  type Driver,
  Kysely,
  MssqlAdapter,
  MssqlIntrospector,
  MssqlQueryCompiler,
  type QueryResult,
} from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import type { CounterpointDatabase } from "../../../src/counterpoint/schema/database.generated.js";
import { loadPricingData } from "../../../src/flows/pricing/load-pricing-data.js";
import { PricingCache } from "../../../src/flows/pricing/pricing-cache.js";
import type { PricingData } from "../../../src/flows/pricing/pricing-data.js";
import { type QuoteResult, quotePrice } from "../../../src/flows/pricing/quote-price.js";
import { initDemoStore } from "../../../src/sandbox/replica/fill-demo-store.js";
import { freshDatabase, type TestDatabase, testEngines } from "../../helpers/databases.js";

const IN_SUMMER = "2025-07-04T12:00:00.000";
const IN_DECEMBER = "2025-12-04T16:00:00.000";
const OPTIONS = { defaultLocation: "*", decimals: 2 };

function ok(result: QuoteResult) {
  if (!result.ok) throw new Error(`expected a price, got ${result.error}: ${result.message}`);
  return result;
}

const maint = { LST_MAINT_DT: "2025-12-01T10:00:00.000", LST_MAINT_USR_ID: "TEST" };

/** Extra groups beyond the demo store's: every filter operator over real columns, a special type, a bad rule. */
async function addTestRules(db: CounterpointDb): Promise<void> {
  await db
    .insertInto("IM_PRC_GRP")
    .values([
      {
        GRP_TYP: "S",
        GRP_COD: "SPECIAL",
        GRP_SEQ_NO: 1,
        DESCR: "Specials",
        NO_BEG_DAT: "Y",
        NO_END_DAT: "Y",
        ENABLED: "Y",
        ...maint,
      },
      {
        GRP_TYP: "P",
        GRP_COD: "FLASH",
        GRP_SEQ_NO: 10,
        DESCR: "Flash sale",
        NO_BEG_DAT: "N",
        NO_END_DAT: "N",
        BEG_DT: "2025-12-04T09:00:00.000",
        END_DT: "2025-12-04T17:00:00.000",
        ENABLED: "Y",
        ...maint,
      },
    ])
    .execute();
  const rule = (
    cod: string,
    typ: string,
    seq: number,
    descr: string,
    itemFilt: string | null,
    custFilt: string | null = null,
  ) => ({
    GRP_TYP: typ,
    GRP_COD: cod,
    RUL_SEQ_NO: seq,
    DESCR: descr,
    ITEM_FILT: itemFilt,
    CUST_FILT: custFilt,
    MIN_QTY: "0",
    IS_CUSTOM: "N",
    USE_BOGO_TWOFER: "N",
    REQ_FULL_GRP_FOR_BOGO_TWOFER: "N",
    ...maint,
  });
  await db
    .insertInto("IM_PRC_RUL")
    .values([
      rule("SPECIAL", "S", 1, "BAD FILTER", "NCR TYPE is (exactly) PC S CS"),
      rule(
        "SPECIAL",
        "S",
        2,
        "LIKE AND IN",
        "(IM_ITEM.ITEM_NO LIKE 'pbo-t%') AND (IM_ITEM.CATEG_COD IN ('APPAREL', 'ACCESSORY'))",
      ),
      rule("SPECIAL", "S", 3, "BETWEEN ON PRICE", "(IM_ITEM.PRC_1 BETWEEN 29 AND 30) AND NOT (IM_ITEM.STAT <> 'A')"),
      rule(
        "SPECIAL",
        "S",
        4,
        "NULL AND OR",
        "(IM_ITEM.ALT_1_UNIT IS NULL) OR (IM_ITEM.ITEM_NO = 'x')",
        "(AR_CUST.CATEG_COD = 'retail')",
      ),
      rule("FLASH", "P", 1, "FLASH SUN CARE", "(IM_ITEM.ITEM_NO = 'PBO-SUN-50')"),
    ] as never)
    .execute();
  await db
    .insertInto("IM_PRC_RUL_BRK")
    .values([
      {
        GRP_TYP: "S",
        GRP_COD: "SPECIAL",
        RUL_SEQ_NO: 1,
        MIN_QTY: "1",
        PRC_METH: "D",
        PRC_BASIS: "1",
        AMT_OR_PCT: "99",
        ...maint,
      },
      {
        GRP_TYP: "S",
        GRP_COD: "SPECIAL",
        RUL_SEQ_NO: 2,
        MIN_QTY: "1",
        PRC_METH: "A",
        PRC_BASIS: "R",
        AMT_OR_PCT: "1.25",
        ...maint,
      },
      {
        GRP_TYP: "S",
        GRP_COD: "SPECIAL",
        RUL_SEQ_NO: 3,
        MIN_QTY: "1",
        PRC_METH: "F",
        PRC_BASIS: "1",
        AMT_OR_PCT: "19.99",
        ...maint,
      },
      {
        GRP_TYP: "S",
        GRP_COD: "SPECIAL",
        RUL_SEQ_NO: 4,
        MIN_QTY: "2",
        PRC_METH: "D",
        PRC_BASIS: "2",
        AMT_OR_PCT: "10",
        ...maint,
      },
      {
        GRP_TYP: "P",
        GRP_COD: "FLASH",
        RUL_SEQ_NO: 1,
        MIN_QTY: "1",
        PRC_METH: "D",
        PRC_BASIS: "3",
        AMT_OR_PCT: "50",
        ...maint,
      },
    ])
    .execute();
}

describe.each(testEngines)("pricing data loaded from the replica (%s)", (engine) => {
  let target: TestDatabase;
  let db: CounterpointDb;
  let data: PricingData;
  const q = (customer: string, sku: string, qty: string, at = IN_DECEMBER) =>
    quotePrice(data, { customer, sku, qty, at }, OPTIONS);

  beforeAll(async () => {
    target = await freshDatabase(engine);
    ({ db } = await initDemoStore(target.url, { items: 40, customers: 30, seed: "pricing-test" }));
    await addTestRules(db);
    data = (await loadPricingData(db)).data;
  });
  afterAll(async () => {
    await db?.destroy();
    await target?.drop();
  });

  it("loads groups in search order and reads money exactly", () => {
    expect(data.groups.map((g) => g.key)).toEqual([
      "C/144319",
      "C/TIER1",
      "C/TIER2",
      "C/TIER3",
      "C/TIER4",
      "C/TIER5",
      "C/RESELLER",
      "P/SUMMER25",
      "P/HOLIDAY25",
      "P/FLASH",
      "S/SPECIAL",
    ]);
    const superior = data.groups[0]?.rules[0]?.breaks[0];
    expect(superior?.amount?.toFixed(4)).toBe("49.4949");
  });

  it("reports the unreadable rule with its key", () => {
    expect(data.problems).toEqual([expect.objectContaining({ key: "S/SPECIAL/1", field: "ITEM_FILT" })]);
  });

  it("contract rules of the demo store: discount, override with breaks, amount off", () => {
    // 2221 is the SUPERIOR contract customer (NCR BID # 144319): PC S CS items 49.4949 % off Price-1.
    const bottle = ok(q("2221", "PBO-BTL-32", "1"));
    expect(bottle.explanation).toMatchObject({ group: { code: "144319" }, method: "D", basis: "PRC_1" });
    expect(bottle.price).toBe("14.90"); // 29.50 × 0.505051
    const tote = (qty: string) => ok(q("2221", "PBO-TOTE", qty)).price;
    expect([tote("1"), tote("9"), tote("10")]).toEqual(["30.00", "30.00", "27.50"]);
    // By price-group code: the TIER2 bottle override and its 24-unit break.
    expect(ok(q("TIER2", "PBO-BTL-32", "23")).price).toBe("26.55");
    expect(ok(q("TIER2", "PBO-BTL-32", "24")).price).toBe("24.00");
  });

  it("promotions by date, then specials: LIKE/IN, BETWEEN on a decimal column, IS NULL/OR with a customer filter", () => {
    const retail = [...data.customers.values()].find((c) => c.row.PROF_COD_1 === "RETAIL" && c.custNo !== "CASH");
    if (!retail) throw new Error("the demo store has retail customers");
    // Sun care is 20 % off in summer only (P/SUMMER25).
    expect(ok(q(retail.custNo, "PBO-SUN-50", "1", IN_SUMMER)).explanation.group?.code).toBe("SUMMER25");
    // In December the sun cream is on the FLASH sale from 09:00 to 17:00 on Dec 4 only (50 % off Price-3).
    const flash = ok(q(retail.custNo, "PBO-SUN-50", "1"));
    expect(flash.explanation).toMatchObject({ group: { code: "FLASH" }, basis: "PRC_3", method: "D" });
    expect(ok(q(retail.custNo, "PBO-SUN-50", "1", "2025-12-04T17:00:00.001")).explanation.group?.code).not.toBe(
      "FLASH",
    );
    // The hoodie (APPAREL) is in the HOLIDAY25 promotion.
    expect(ok(q(retail.custNo, "PBO-HOOD", "1")).explanation.group?.code).toBe("HOLIDAY25");
    // The tote (ACCESSORY, PBO-T…): LIKE + IN special, amount off REG_PRC.
    const tote = ok(q(retail.custNo, "PBO-TOTE", "1"));
    expect(tote.explanation).toMatchObject({ group: { code: "SPECIAL" }, rule: { seq: 2 }, method: "A" });
    // The bottle (PRC_1 29.50): BETWEEN on a decimal column, fixed price.
    expect(ok(q(retail.custNo, "PBO-BTL-32", "1")).price).toBe("19.99");
  });

  it("a new or changed rule is picked up by the cache when maintenance timestamps change", async () => {
    const logged: string[] = [];
    const log = { info: () => {}, warn: (_o: object, m: string) => logged.push(m), error: () => {} };
    const cache = new PricingCache(db, log);
    await cache.refresh();
    const before = quotePrice(
      cache.data as PricingData,
      { customer: "2221", sku: "PBO-TOTE", qty: "1", at: IN_DECEMBER },
      OPTIONS,
    );
    expect(ok(before).price).toBe("30.00");
    expect(logged).toEqual([expect.stringContaining("S/SPECIAL/1")]);
    await cache.refresh(); // nothing changed: same data object
    const same = cache.data;
    await db
      .updateTable("IM_PRC_RUL_BRK")
      .set({ AMT_OR_PCT: "28.0000", LST_MAINT_DT: "2025-12-05T08:00:00.000" })
      .where("GRP_COD", "=", "144319")
      .where("RUL_SEQ_NO", "=", 2)
      .where("MIN_QTY", "=", "1")
      .execute();
    await cache.refresh();
    expect(cache.data).not.toBe(same);
    const after = quotePrice(
      cache.data as PricingData,
      { customer: "2221", sku: "PBO-TOTE", qty: "1", at: IN_DECEMBER },
      OPTIONS,
    );
    expect(ok(after).price).toBe("28.00");
    expect(logged).toHaveLength(1); // the bad rule is logged once, not at every reload
    expect(cache.snapshot()).toMatchObject({ ready: true, reloads: 2, lastError: null });
  });
});

describe("pricing queries on SQL Server", () => {
  it("compile to T-SQL without LIMIT and read money as text", async () => {
    const captured: string[] = [];
    const connection: DatabaseConnection = {
      executeQuery: <R>(query: { sql: string }): Promise<QueryResult<R>> => {
        captured.push(query.sql);
        return Promise.resolve({ rows: [] });
      },
      streamQuery: () => {
        throw new Error("not used");
      },
    };
    const driver: Driver = {
      init: async () => {},
      acquireConnection: () => Promise.resolve(connection),
      beginTransaction: async () => {},
      commitTransaction: async () => {},
      rollbackTransaction: async () => {},
      releaseConnection: async () => {},
      destroy: async () => {},
    };
    const mssql = new Kysely<CounterpointDatabase>({
      dialect: {
        createAdapter: () => new MssqlAdapter(),
        createDriver: () => driver,
        createIntrospector: (k) => new MssqlIntrospector(k),
        createQueryCompiler: () => new MssqlQueryCompiler(),
      },
    });
    await loadPricingData(mssql);
    await mssql.destroy();
    expect(captured.length).toBeGreaterThanOrEqual(12);
    for (const text of captured) expect(text.toLowerCase()).not.toContain(" limit ");
    const breaks = captured.find((t) => t.includes("PRC_METH"));
    expect(breaks).toContain('CONVERT(varchar(50), CONVERT(decimal(38, 4), "AMT_OR_PCT"))');
    const items = captured.find((t) => t.includes("LST_COST"));
    expect(items).toContain('CONVERT(varchar(50), CONVERT(decimal(38, 4), "IM_ITEM"."LST_COST"))');
  });
});
