import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import { moneyText } from "../../../src/counterpoint/dialect.js";
import { decodeDocId, docIdFor, docIdVariableDigit, nextDocNumber } from "../../../src/counterpoint/numbering.js";
import { probeCounterpointSchema } from "../../../src/counterpoint/probe.js";
import { counterpointSchema } from "../../../src/counterpoint/schema/counterpoint-schema.js";
import { money, roundTo, sum } from "../../../src/money/index.js";
import { demoStoreRows } from "../../../src/sandbox/replica/demo-store-rows.js";
import { initDemoStore } from "../../../src/sandbox/replica/fill-demo-store.js";
import { freshDatabase, type TestDatabase, testEngines } from "../../helpers/databases.js";

async function dump<DB>(db: Kysely<DB>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of counterpointSchema) {
    const order = sql.join(t.primaryKey.map((c) => sql.ref(c)));
    out[t.name] = (await sql`SELECT * FROM ${sql.table(t.name)} ORDER BY ${order}`.execute(db)).rows;
  }
  return out;
}

describe("demo-store rows (no database)", () => {
  it("are the same for the same seed and differ for another", () => {
    const a = [...demoStoreRows({ items: 40, customers: 15, seed: "s1" })];
    const b = [...demoStoreRows({ items: 40, customers: 15, seed: "s1" })];
    const c = [...demoStoreRows({ items: 40, customers: 15, seed: "s2" })];
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(a.filter((r) => r.table === "IM_ITEM")).toHaveLength(40);
    expect(a.filter((r) => r.table === "AR_CUST")).toHaveLength(15);
  });

  it("refuses options it cannot honour", () => {
    expect(() => [...demoStoreRows({ items: 4, customers: 50, seed: "s" })]).toThrow(
      /--items must be a whole number from 5/,
    );
    expect(() => [...demoStoreRows({ items: 10, customers: 2.5, seed: "s" })]).toThrow(/--customers/);
    expect(() => [...demoStoreRows({ items: 10, customers: 10, seed: "" })]).toThrow(/--seed/);
  });
});

describe.each(testEngines)("demo store on %s", (engine) => {
  const databases: TestDatabase[] = [];
  const dbs: CounterpointDb[] = [];
  let db: CounterpointDb;

  async function init(items: number, customers: number, seed: string): Promise<CounterpointDb> {
    const database = await freshDatabase(engine);
    databases.push(database);
    const created = await initDemoStore(database.url, { items, customers, seed });
    dbs.push(created.db);
    return created.db;
  }

  beforeAll(async () => {
    db = await init(200, 50, "pelican-bay");
  });
  afterAll(async () => {
    for (const d of dbs) await d.destroy();
    for (const d of databases) await d.drop();
  });

  const text = (column: string, scale: number) => moneyText(engine, column, scale);

  it("writes the same rows for the same seed, other rows for another seed", async () => {
    const a = await init(30, 12, "determinism");
    const b = await init(30, 12, "determinism");
    const c = await init(30, 12, "another seed");
    const dumpA = await dump(a);
    expect(await dump(b)).toEqual(dumpA);
    const dumpC = await dump(c);
    expect(dumpC.IM_ITEM).not.toEqual(dumpA.IM_ITEM);
    // the native orders are fixed facts (only their GUIDs come from the seed)
    const ids = (rows: unknown[] | undefined) => (rows ?? []).map((r) => String((r as { DOC_ID: unknown }).DOC_ID));
    expect(ids(dumpC.PS_DOC_HDR)).toEqual(ids(dumpA.PS_DOC_HDR));
  });

  it("passes cpwoo's schema probe", async () => {
    expect((await probeCounterpointSchema(db)).ok).toBe(true);
  });

  it("sets up the store, stations, drawer and native-style counters", async () => {
    expect(await db.selectFrom("PS_STR").select(["STR_ID", "STR_NO"]).execute()).toEqual([{ STR_ID: "01", STR_NO: 1 }]);
    expect(await db.selectFrom("PS_STA").select(["STA_ID", "STA_NO"]).orderBy("STA_ID").execute()).toEqual([
      { STA_ID: "101", STA_NO: 1 },
      { STA_ID: "102", STA_NO: 2 },
    ]);
    expect(await db.selectFrom("PS_DRW").select("DRW_ID").execute()).toEqual([{ DRW_ID: "1" }]);
    const cfg = await db
      .selectFrom("PS_STR_CFG_PS")
      .select(["NXT_ORD_NO", "NXT_ORD_NO_AUTO", "NXT_TKT_NO"])
      .executeTakeFirstOrThrow();
    const lastOrder = await db
      .selectFrom("PS_DOC_HDR")
      .select("TKT_NO")
      .where("DOC_TYP", "=", "O")
      .orderBy("TKT_NO", "desc")
      .executeTakeFirstOrThrow();
    expect(cfg.NXT_ORD_NO).toBe(nextDocNumber(lastOrder.TKT_NO));
    expect(cfg.NXT_ORD_NO).toBe("O101-000354");
    expect(cfg.NXT_ORD_NO_AUTO).toBe("Y");
  });

  it("has the recorded store's SKUs, the hoodie as a Size grid with per-cell stock", async () => {
    const items = await db
      .selectFrom("IM_PRC")
      .select(["ITEM_NO", "LOC_ID", "DIM_1_UPR", text("PRC_1", 2).as("price")])
      .where("ITEM_NO", "like", "PBO-%")
      .orderBy("ITEM_NO")
      .orderBy("DIM_1_UPR")
      .execute();
    expect(items).toEqual([
      { ITEM_NO: "PBO-BTL-32", LOC_ID: "*", DIM_1_UPR: "*", price: "29.50" },
      { ITEM_NO: "PBO-HOOD", LOC_ID: "*", DIM_1_UPR: "*", price: "54.00" },
      { ITEM_NO: "PBO-HOOD", LOC_ID: "*", DIM_1_UPR: "L", price: "58.00" },
      { ITEM_NO: "PBO-SUN-50", LOC_ID: "*", DIM_1_UPR: "*", price: "14.95" },
      { ITEM_NO: "PBO-TEE-PELICAN", LOC_ID: "*", DIM_1_UPR: "*", price: "24.99" },
      { ITEM_NO: "PBO-TOTE", LOC_ID: "*", DIM_1_UPR: "*", price: "38.00" },
    ]);
    const hood = await db
      .selectFrom("IM_ITEM")
      .select(["TRK_METH", "GRID_DIM_1_TAG", "DIM_COUNT"])
      .where("ITEM_NO", "=", "PBO-HOOD")
      .executeTakeFirstOrThrow();
    expect(hood).toEqual({ TRK_METH: "G", GRID_DIM_1_TAG: "Size", DIM_COUNT: 1 });
    const dims = await db
      .selectFrom("IM_GRID_DIM_1")
      .select("DIM_1_UPR")
      .where("ITEM_NO", "=", "PBO-HOOD")
      .orderBy("DIM_1_SEQ_NO")
      .execute();
    expect(dims.map((d) => d.DIM_1_UPR)).toEqual(["S", "M", "L"]);
    expect(
      await db.selectFrom("IM_GRID_DIM_3").select("DIM_3_UPR").where("ITEM_NO", "=", "PBO-HOOD").execute(),
    ).toEqual([{ DIM_3_UPR: "*" }]);
    const cells = await db
      .selectFrom("IM_INV_CELL")
      .select(["DIM_1_UPR", text("QTY_ON_HND", 0).as("onHand"), text("QTY_AVAIL", 0).as("avail")])
      .where("ITEM_NO", "=", "PBO-HOOD")
      .where("LOC_ID", "=", "01")
      .orderBy("DIM_1_UPR")
      .execute();
    // the native order O101-000352 commits 3 of size M
    expect(cells).toEqual([
      { DIM_1_UPR: "L", onHand: "5", avail: "5" },
      { DIM_1_UPR: "M", onHand: "10", avail: "7" },
      { DIM_1_UPR: "S", onHand: "8", avail: "8" },
    ]);
    const inv = await db
      .selectFrom("IM_INV")
      .select(text("QTY_ON_HND", 0).as("q"))
      .where("ITEM_NO", "=", "PBO-HOOD")
      .where("LOC_ID", "=", "01")
      .executeTakeFirstOrThrow();
    expect(inv.q).toBe("23");
  });

  it("mixes item kinds: statuses, e-commerce or not, grids (~10%), negative stock, barcodes, web categories", async () => {
    const stat = await db
      .selectFrom("IM_ITEM")
      .select(["STAT", db.fn.countAll<number>().as("n")])
      .groupBy("STAT")
      .execute();
    expect(stat.map((s) => s.STAT).sort()).toEqual(["A", "D", "V"]);
    const ecomm = await db
      .selectFrom("IM_ITEM")
      .select(["IS_ECOMM_ITEM", db.fn.countAll<number>().as("n")])
      .groupBy("IS_ECOMM_ITEM")
      .execute();
    expect(ecomm.map((s) => s.IS_ECOMM_ITEM).sort()).toEqual(["N", "Y"]);
    const grids = Number(
      (
        await db
          .selectFrom("IM_ITEM")
          .select(db.fn.countAll<number>().as("n"))
          .where("TRK_METH", "=", "G")
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(grids).toBeGreaterThanOrEqual(10);
    expect(grids).toBeLessThanOrEqual(40);
    const negative = await db.selectFrom("IM_INV").select("ITEM_NO").where("QTY_ON_HND", "<", "0").execute();
    expect(negative.length).toBeGreaterThan(0);
    const locations = await db.selectFrom("IM_INV").select("LOC_ID").distinct().orderBy("LOC_ID").execute();
    expect(locations.map((l) => l.LOC_ID)).toEqual(["01", "02", "03"]);
    const noPrice = await db
      .selectFrom("IM_ITEM")
      .select("ITEM_NO")
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("IM_PRC")
              .select("IM_PRC.ITEM_NO")
              .whereRef("IM_PRC.ITEM_NO", "=", "IM_ITEM.ITEM_NO")
              .where("IM_PRC.LOC_ID", "=", "*"),
          ),
        ),
      )
      .execute();
    expect(noPrice).toEqual([]);
    const barcodes = await db.selectFrom("IM_BARCOD").select("BARCOD").execute();
    expect(new Set(barcodes.map((b) => b.BARCOD)).size).toBe(barcodes.length);
    // every e-commerce item has a web category and an HTML description; the tree has children
    const ecItems = await db.selectFrom("IM_ITEM").select("ITEM_NO").where("IS_ECOMM_ITEM", "=", "Y").execute();
    const linked = await db.selectFrom("EC_CATEG_ITEM").select("ITEM_NO").distinct().execute();
    expect(linked.length).toBe(ecItems.length);
    const html = await db
      .selectFrom("EC_ITEM_DESCR")
      .select("HTML_DESCR")
      .where("ITEM_NO", "=", "PBO-TOTE")
      .executeTakeFirstOrThrow();
    expect(html.HTML_DESCR).toMatch(/^<h2>Canvas Beach Tote<\/h2>/);
    const children = await db.selectFrom("EC_CATEG").select("DESCR").where("PARENT_ID", "is not", null).execute();
    expect(children.map((c) => c.DESCR)).toContain("T-Shirts");
  });

  it("has Florida county tax codes with their authorities and rules", async () => {
    const codes = (await db.selectFrom("AR_TAX_COD").select("TAX_COD").execute()).map((c) => c.TAX_COD);
    expect(codes).toEqual(expect.arrayContaining(["FL-Broward", "FL-Miami-D", "FL-Indian ", "CUS-EXEMPT"]));
    const broward = await db
      .selectFrom("AR_TAX_COD_AUTH")
      .innerJoin("SY_TAX_AUTH_RUL", "SY_TAX_AUTH_RUL.AUTH_COD", "AR_TAX_COD_AUTH.AUTH_COD")
      .select(["AR_TAX_COD_AUTH.AUTH_COD", text("SY_TAX_AUTH_RUL.TAX_PCT_1", 3).as("pct")])
      .where("AR_TAX_COD_AUTH.TAX_COD", "=", "FL-Broward")
      .orderBy("AR_TAX_COD_AUTH.SEQ_NO")
      .execute();
    expect(broward).toEqual([
      { AUTH_COD: "FL", pct: "6.000" },
      { AUTH_COD: "BROWARD", pct: "1.000" },
    ]);
  });

  it("has customers with tiers, e-mails, e-commerce flags and ship-to addresses", async () => {
    const customers = await db
      .selectFrom("AR_CUST")
      .select(["CUST_NO", "PROF_COD_1", "IS_ECOMM_CUST", "EMAIL_ADRS_1", "TAX_COD"])
      .execute();
    expect(customers).toHaveLength(50);
    expect(new Set(customers.map((c) => c.PROF_COD_1))).toEqual(expect.objectContaining({}));
    expect([...new Set(customers.map((c) => c.PROF_COD_1))]).toEqual(
      expect.arrayContaining(["RETAIL", "TIER1", "TIER2", "TIER3", "RESELLER"]),
    );
    expect([...new Set(customers.map((c) => c.IS_ECOMM_CUST))].sort()).toEqual(["N", "Y"]);
    const emails = customers.flatMap((c) => (c.EMAIL_ADRS_1 ? [c.EMAIL_ADRS_1] : []));
    expect(new Set(emails).size).toBe(emails.length);
    for (const e of emails) expect(e).toBe(e.toLowerCase());
    expect(customers.find((c) => c.CUST_NO === "2306")).toMatchObject({
      EMAIL_ADRS_1: "dana.whitfield@example.com",
      TAX_COD: "FL-Saint J",
    });
    expect(customers.find((c) => c.CUST_NO === "C-10017")?.EMAIL_ADRS_1).toBe("bart.okonkwo@example.org");
    const shipTos = await db.selectFrom("AR_SHIP_ADRS").select(["CUST_NO", "SHIP_ADRS_ID"]).execute();
    expect(shipTos.map((s) => s.SHIP_ADRS_ID)).toEqual(expect.arrayContaining(["(DEFAULT)", "1"]));
  });

  it("has price groups whose filters are real SQL predicates, breaks of all four methods, and a dated promotion", async () => {
    const rules = await db.selectFrom("IM_PRC_RUL").select(["GRP_COD", "RUL_SEQ_NO", "ITEM_FILT"]).execute();
    const groups = await db
      .selectFrom("IM_PRC_GRP")
      .select(["GRP_TYP", "GRP_COD", "CUST_FILT", "NO_BEG_DAT", "BEG_DAT", "END_DAT"])
      .execute();
    for (const r of rules) {
      const where = r.ITEM_FILT ?? "(1=1)";
      const n = await sql<{
        n: number;
      }>`SELECT COUNT(*) AS n FROM "IM_ITEM" WHERE ${sql.raw(where.replaceAll(/(\w+)\.(\w+)/g, '"$1"."$2"'))}`.execute(
        db,
      );
      expect(Number(n.rows[0]?.n), `${r.GRP_COD}/${r.RUL_SEQ_NO} ${where}`).toBeGreaterThan(0);
    }
    for (const g of groups.filter((x) => x.CUST_FILT !== null)) {
      const where = (g.CUST_FILT ?? "").replaceAll(/(\w+)\.(\w+)/g, '"$1"."$2"');
      const n = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM "AR_CUST" WHERE ${sql.raw(where)}`.execute(db);
      expect(Number(n.rows[0]?.n), `${g.GRP_COD} ${where}`).toBeGreaterThan(0);
    }
    const tier1 = groups.find((g) => g.GRP_COD === "TIER1");
    expect(tier1).toMatchObject({ GRP_TYP: "C", CUST_FILT: "(AR_CUST.PROF_COD_1 = 'TIER1')" });
    expect(rules.find((r) => r.GRP_COD === "144319" && r.RUL_SEQ_NO === 1)?.ITEM_FILT).toBe(
      "(IM_ITEM.PROF_COD_1 = 'PC S CS')",
    );
    const methods = await db.selectFrom("IM_PRC_RUL_BRK").select("PRC_METH").distinct().execute();
    expect(methods.map((m) => m.PRC_METH).sort()).toEqual(["A", "D", "M", "O"]);
    const promo = groups.find((g) => g.GRP_TYP === "P");
    expect(promo).toMatchObject({ NO_BEG_DAT: "N" });
    expect(promo?.BEG_DAT).toBeTruthy();
    expect(promo?.END_DAT).toBeTruthy();
  });

  it("lays out native open orders as Counterpoint does (SCHEMA_FULL §2.1)", async () => {
    const headers = await db
      .selectFrom("PS_DOC_HDR")
      .select([
        "DOC_ID",
        "TKT_NO",
        "DOC_TYP",
        "TKT_TYP",
        "STR_ID",
        "STA_ID",
        "CUST_NO",
        "TAX_COD",
        "ORD_LINS",
        "SAL_LINS",
        "TO_REL_LINS",
        "HAS_ENTD_LINS",
        "BILL_TO_CONTACT_ID",
        "SHIP_TO_CONTACT_ID",
        "TKT_DT",
      ])
      .orderBy("TKT_NO")
      .execute();
    expect(headers.map((h) => h.TKT_NO)).toEqual(["O101-000350", "O101-000351", "O101-000352", "O101-000353"]);
    for (const h of headers) {
      const id = String(h.DOC_ID);
      expect(id).toMatch(/^\d{12}$/);
      const parts = decodeDocId(id);
      expect(parts).toMatchObject({
        storeNo: 1,
        stationNo: 1,
        docType: "O",
        variableDigit: docIdVariableDigit(h.TKT_NO),
      });
      const at = h.TKT_DT instanceof Date ? h.TKT_DT : new Date(String(h.TKT_DT));
      expect(id).toBe(docIdFor({ storeNo: 1, stationNo: 1, docType: "O", at, tktNo: h.TKT_NO }));
      expect(h).toMatchObject({
        DOC_TYP: "O",
        TKT_TYP: "T",
        STR_ID: "01",
        STA_ID: "101",
        SAL_LINS: 0,
        HAS_ENTD_LINS: "Y",
        BILL_TO_CONTACT_ID: 1,
        SHIP_TO_CONTACT_ID: 2,
      });

      const lines = await db
        .selectFrom("PS_DOC_LIN")
        .select([
          "LIN_TYP",
          "ITEM_NO",
          text("QTY_SOLD", 4).as("qty"),
          text("ORIG_QTY", 4).as("orig"),
          text("QTY_ENTD", 4).as("entd"),
          text("QTY_TO_REL", 4).as("rel"),
          text("PRC", 4).as("prc"),
          text("EXT_PRC", 2).as("ext"),
          text("GROSS_EXT_PRC", 2).as("gross"),
          text("DISP_EXT_PRC", 2).as("disp"),
          text("CALC_EXT_PRC", 2).as("calc"),
          text("TAX_AMT_ALLOC", 2).as("taxAlloc"),
        ])
        .where("DOC_ID", "=", h.DOC_ID)
        .execute();
      expect(h.ORD_LINS).toBe(lines.length);
      expect(h.TO_REL_LINS).toBe(lines.length);
      for (const l of lines) {
        expect(l.LIN_TYP).toBe("O");
        expect([l.orig, l.entd, l.rel]).toEqual([l.qty, l.qty, l.qty]);
        const ext = roundTo(money(l.qty ?? "0").times(money(l.prc ?? "0")), 2).toFixed(2);
        expect([l.ext, l.gross, l.disp, l.calc]).toEqual([ext, ext, ext, ext]);
      }
      const totals = await db
        .selectFrom("PS_DOC_HDR_TOT")
        .select([
          "TOT_TYP",
          text("SUB_TOT", 2).as("sub"),
          text("TAX_AMT", 2).as("tax"),
          text("TOT_MISC", 2).as("misc"),
          text("TOT", 2).as("tot"),
          text("AMT_DUE", 2).as("due"),
        ])
        .where("DOC_ID", "=", h.DOC_ID)
        .orderBy("TOT_TYP")
        .execute();
      expect(totals.map((t) => t.TOT_TYP)).toEqual(["O", "R", "V"]);
      const [o, r, v] = totals;
      const subTot = sum(lines.map((l) => money(l.ext ?? "0")));
      expect(o?.sub).toBe(subTot.toFixed(2));
      const taxes = await db
        .selectFrom("PS_DOC_TAX")
        .select(["AUTH_COD", "TAX_DOC_PART", text("TAX_AMT", 2).as("amt"), text("TXBL_LIN_AMT", 2).as("base")])
        .where("DOC_ID", "=", h.DOC_ID)
        .execute();
      const auths = await db
        .selectFrom("AR_TAX_COD_AUTH")
        .select("AUTH_COD")
        .where("TAX_COD", "=", h.TAX_COD ?? "")
        .execute();
      expect(taxes.map((t) => t.AUTH_COD).sort()).toEqual(auths.map((a) => a.AUTH_COD).sort());
      for (const t of taxes) expect([t.TAX_DOC_PART, t.base]).toEqual(["O", o?.sub]);
      const taxTotal = sum(taxes.map((t) => money(t.amt ?? "0")));
      expect(o?.tax).toBe(taxTotal.toFixed(2));
      expect(sum(lines.map((l) => money(l.taxAlloc ?? "0"))).toFixed(2)).toBe(o?.tax);
      const misc = await db
        .selectFrom("PS_DOC_HDR_MISC_CHRG")
        .select(["TOT_TYP", "MISC_CHRG_NO", text("MISC_AMT", 2).as("amt")])
        .where("DOC_ID", "=", h.DOC_ID)
        .execute();
      expect(misc).toEqual([{ TOT_TYP: "O", MISC_CHRG_NO: 1, amt: o?.misc }]);
      expect(o?.tot).toBe(
        subTot
          .plus(taxTotal)
          .plus(money(o?.misc ?? "0"))
          .toFixed(2),
      );
      expect(o?.due).toBe(o?.tot);
      expect([r?.sub, r?.tax, r?.tot]).toEqual([o?.sub, "0.00", o?.sub]);
      expect([v?.sub, v?.tax, v?.tot, v?.due]).toEqual(["0.00", "0.00", "0.00", "0.00"]);

      const contacts = await db
        .selectFrom("PS_DOC_CONTACT")
        .select(["CONTACT_ID", "ADRS_ID"])
        .where("DOC_ID", "=", h.DOC_ID)
        .orderBy("CONTACT_ID")
        .execute();
      expect(contacts).toEqual([
        { CONTACT_ID: 1, ADRS_ID: null },
        { CONTACT_ID: 2, ADRS_ID: "(DEFAULT)" },
      ]);
      expect(
        await db
          .selectFrom("PS_DOC_HDR_DOC_STAT")
          .select(["DOC_STAT", "LST_DOC_ACTIV"])
          .where("DOC_ID", "=", h.DOC_ID)
          .execute(),
      ).toEqual([{ DOC_STAT: "O", LST_DOC_ACTIV: "N" }]);
      expect(
        await db
          .selectFrom("PS_DOC_AUDIT_LOG")
          .select(["LOG_SEQ_NO", "ACTIV", "LOG_ENTRY"])
          .where("DOC_ID", "=", h.DOC_ID)
          .execute(),
      ).toEqual([{ LOG_SEQ_NO: 1, ACTIV: "N", LOG_ENTRY: "Entered a new order" }]);
    }
    // the exempt customer's order carries one zero tax row
    const exempt = headers.find((h) => h.TAX_COD === "CUS-EXEMPT");
    expect(exempt?.CUST_NO).toBe("10057");
    // orders raise their customers' NO_OF_ORDS and commit stock
    const dana = await db
      .selectFrom("AR_CUST")
      .select("NO_OF_ORDS")
      .where("CUST_NO", "=", "2306")
      .executeTakeFirstOrThrow();
    expect(dana.NO_OF_ORDS).toBe(1);
    const sun = await db
      .selectFrom("IM_INV")
      .select(text("QTY_COMMIT", 0).as("c"))
      .where("ITEM_NO", "=", "PBO-SUN-50")
      .where("LOC_ID", "=", "01")
      .executeTakeFirstOrThrow();
    expect(sun.c).toBe("25");
  });
});
