import { afterEach, describe, expect, it } from "vitest";
import { cpDateTimeText } from "../../../src/counterpoint/datetime.js";
import { syncCatalog, syncPrices } from "../../../src/flows/catalog/index.js";
import { cpLocalToGmt } from "../../../src/flows/prices/web-price-extras.js";
import { money, toMoneyString } from "../../../src/money/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type CatalogHarness, startCatalogHarness } from "../catalog/catalog-harness.js";

const ALL = ["product", "stock", "price"] as const;
const TIER_KEY = "_cpwoo_tier_prices";

/** Counterpoint-local moments around the demo store's HOLIDAY25 promotion (APPAREL 15% off PRC_1, Nov 28–Dec 31). */
const DURING = new Date("2025-12-04T16:00:00");
const BEFORE = new Date("2025-11-20T09:00:00"); // 8 days before it starts: within the default 30-day horizon
const AFTER = new Date("2026-01-15T09:00:00");
const HOLIDAY_FROM = cpLocalToGmt("2025-11-28T00:00:00.000");
const HOLIDAY_TO = cpLocalToGmt("2025-12-31T23:59:59.000");

describe.each(testEngines)("sale and tier prices on %s", (engine) => {
  let h: CatalogHarness;
  afterEach(async () => {
    await h?.dispose();
  });

  async function web(sku: string) {
    const [found] = await h.ports.woo.products.bySku(sku);
    if (!found) throw new Error(`${sku} is not on the web`);
    return found;
  }
  const tierMeta = (p: { meta_data: Array<{ key: string; value: unknown }> }) =>
    p.meta_data.find((m) => m.key === TIER_KEY)?.value;
  const sale = (p: {
    sale_price: string;
    date_on_sale_from_gmt: string | null;
    date_on_sale_to_gmt: string | null;
  }) => ({
    sale_price: p.sale_price,
    from: p.date_on_sale_from_gmt,
    to: p.date_on_sale_to_gmt,
  });
  const NO_SALE = { sale_price: "", from: null, to: null };

  it("a dated promotion becomes sale_price and dates on products and each variation; unchanged is not re-sent", async () => {
    h = await startCatalogHarness(engine);
    const first = await syncCatalog(h.ports, { parts: [...ALL], now: DURING });
    expect(first.failed).toEqual([]);
    const window = { from: HOLIDAY_FROM, to: HOLIDAY_TO };
    expect(sale(await web("PBO-TEE-PELICAN"))).toEqual({ sale_price: "21.24", ...window }); // 24.99 × 0.85
    // A grid item's variations each get 15% off their own price (L has its own IM_PRC row).
    expect(sale(await web("PBO-HOOD-M"))).toEqual({ sale_price: "45.90", ...window });
    expect(sale(await web("PBO-HOOD-L"))).toEqual({ sale_price: "49.30", ...window });
    // Not apparel, and SUMMER25 (sun care) ended in August. The tote's web-only sale (recorded store) stays.
    expect(sale(await web("PBO-TOTE"))).toEqual({ ...NO_SALE, sale_price: "34.00" });
    expect(sale(await web("PBO-SUN-50"))).toEqual(NO_SALE);

    h.sent.length = 0;
    const again = await syncPrices(h.ports, { now: DURING, full: false });
    expect(again.updated).toBe(0);
    expect(h.writes()).toEqual([]);
  });

  it("a promotion starting within the horizon is sent with its future dates; beyond the horizon it is not", async () => {
    h = await startCatalogHarness(engine, { prices: { saleHorizonDays: 5 } });
    await syncCatalog(h.ports, { parts: [...ALL], now: BEFORE });
    expect(sale(await web("PBO-TEE-PELICAN"))).toEqual(NO_SALE);
    await h.dispose();
    h = await startCatalogHarness(engine);
    await syncCatalog(h.ports, { parts: [...ALL], now: BEFORE });
    expect(sale(await web("PBO-TEE-PELICAN"))).toEqual({ sale_price: "21.24", from: HOLIDAY_FROM, to: HOLIDAY_TO });
  });

  it("an expired or disabled promotion clears the sale cpwoo set, and leaves a merchant's sale alone", async () => {
    h = await startCatalogHarness(engine);
    await syncCatalog(h.ports, { parts: [...ALL], now: DURING });
    // The merchant puts the tote on sale on the web (no promotion in Counterpoint).
    const tote = await web("PBO-TOTE");
    await h.ports.woo.products.update(tote.id, { sale_price: "30.00" });

    // Disabled: the rules changed, so every item is re-priced although no item row changed.
    await h.cp.updateTable("IM_PRC_GRP").set({ ENABLED: "N" }).where("GRP_COD", "=", "HOLIDAY25").execute();
    h.sent.length = 0;
    const disabled = await syncPrices(h.ports, { now: DURING });
    expect(disabled.failed).toEqual([]);
    expect(sale(await web("PBO-TEE-PELICAN"))).toEqual(NO_SALE);
    expect(sale(await web("PBO-HOOD-L"))).toEqual(NO_SALE);
    expect((await web("PBO-TOTE")).sale_price).toBe("30.00");
    const sentSkus = h
      .writes()
      .flatMap((w) => (w.body as { update?: Array<{ id: number; sale_price?: string }> }).update ?? [])
      .filter((u) => u.sale_price !== undefined);
    expect(sentSkus.map((u) => u.id)).toContain((await web("PBO-TEE-PELICAN")).id);
    expect(sentSkus.map((u) => u.id)).toContain((await web("PBO-HOOD-L")).id);
    expect(sentSkus.every((u) => u.sale_price === "")).toBe(true);
    expect(sentSkus.some((u) => u.id === tote.id)).toBe(false);

    // Enabled again, then expired: the clock alone ends it.
    await h.cp.updateTable("IM_PRC_GRP").set({ ENABLED: "Y" }).where("GRP_COD", "=", "HOLIDAY25").execute();
    await syncPrices(h.ports, { now: DURING });
    expect((await web("PBO-HOOD-M")).sale_price).toBe("45.90");
    await syncPrices(h.ports, { now: AFTER });
    expect(sale(await web("PBO-HOOD-M"))).toEqual(NO_SALE);
    expect((await web("PBO-TOTE")).sale_price).toBe("30.00");
  });

  it("with saleOwner counterpoint, a web sale without a promotion is cleared", async () => {
    h = await startCatalogHarness(engine, { prices: { saleOwner: "counterpoint" } });
    await syncCatalog(h.ports, { parts: [...ALL], now: AFTER });
    const tote = await web("PBO-TOTE");
    await h.ports.woo.products.update(tote.id, { sale_price: "30.00" });
    await syncPrices(h.ports, { now: AFTER, full: true });
    expect((await web("PBO-TOTE")).sale_price).toBe("");
  });

  it("writes tier prices as JSON meta by role, only where they differ, and not again when unchanged", async () => {
    h = await startCatalogHarness(engine);
    await syncCatalog(h.ports, { parts: [...ALL], now: AFTER });
    const reg = async (itemNo: string) => {
      const row = await h.cp
        .selectFrom("IM_PRC")
        .select("REG_PRC")
        .where("ITEM_NO", "=", itemNo)
        .where("LOC_ID", "=", "*")
        .where("DIM_1_UPR", "=", "*")
        .executeTakeFirstOrThrow();
      return money(String(row.REG_PRC));
    };
    const pct = (itemNo: string, off: number) =>
      reg(itemNo).then((r) => toMoneyString(r.times(100 - off).dividedBy(100), 2));
    const meta = tierMeta(await web("PBO-TOTE"));
    expect(typeof meta).toBe("string");
    const tiers = JSON.parse(String(meta)) as Record<string, string>;
    // Contract groups TIER1…TIER5 and RESELLER filter on AR_CUST.PROF_COD_1; GOV tiers have no group (regular price).
    expect(tiers).toEqual({
      tier_1_customers: await pct("PBO-TOTE", 28),
      tier_2_customers: await pct("PBO-TOTE", 33),
      tier_3_customers: await pct("PBO-TOTE", 35),
      tier_4_customers: await pct("PBO-TOTE", 37),
      tier_5_customers: await pct("PBO-TOTE", 39),
      reseller: await pct("PBO-TOTE", 38),
    });
    expect(tiers.tier_1_customers).toBe("27.36");
    // Variations carry their own tier meta.
    expect(JSON.parse(String(tierMeta(await web("PBO-HOOD-L"))))).toHaveProperty("tier_1_customers");

    h.sent.length = 0;
    expect((await syncPrices(h.ports, { now: AFTER, full: false })).updated).toBe(0);
    expect(h.writes()).toEqual([]);

    // A tier's rule changes: only the tier meta travels, for every item it touches.
    await h.cp
      .updateTable("IM_PRC_RUL_BRK")
      .set({ AMT_OR_PCT: "50.0000", LST_MAINT_DT: cpDateTimeText(new Date()) })
      .where("GRP_COD", "=", "TIER1")
      .where("MIN_QTY", "=", "1")
      .execute();
    h.sent.length = 0;
    const changed = await syncPrices(h.ports, { now: AFTER });
    expect(changed.updated).toBeGreaterThan(0);
    const updates = h.writes().flatMap((w) => (w.body as { update?: Array<Record<string, unknown>> }).update ?? []);
    expect(updates.every((u) => Object.keys(u).sort().join() === "id,meta_data")).toBe(true);
    expect(JSON.parse(String(tierMeta(await web("PBO-TOTE"))))).toMatchObject({ tier_1_customers: "19.00" });
  });
});
