import { afterEach, describe, expect, it } from "vitest";
import { compilePricingData } from "../../../src/flows/pricing/compile-pricing-data.js";
import {
  cpLocalToGmt,
  saleMoments,
  tierParties,
  type WebPriceContext,
  webPriceExtras,
} from "../../../src/flows/prices/web-price-extras.js";
import { baseBook, brk, group, rule } from "../pricing/pricing-fixture.js";

const NOW = new Date("2025-12-04T16:00:00");
const dated = (beg: string, end: string) => ({ NO_BEG_DAT: "N", BEG_DT: beg, NO_END_DAT: "N", END_DT: end });

function context(extra: Partial<Parameters<typeof compilePricingData>[0]>, horizonDays = 30): WebPriceContext {
  const data = compilePricingData({ ...baseBook(), ...extra });
  const sales = saleMoments(data, NOW, horizonDays);
  return {
    data,
    ...sales,
    tiers: tierParties(
      { RETAIL: "customer", TIER1: "tier_1_customers", TIER2: "tier_2_customers" },
      "PROF_COD_1",
      "customer",
    ),
    location: "*",
    level: "PRC_1",
    decimals: 2,
  };
}

describe("webPriceExtras", () => {
  it("takes the public promotion open now, with its window in UTC, and skips promotions with customer conditions", () => {
    const ctx = context({
      groups: [
        group("P", "VIP", {
          ...dated("2025-12-01T00:00:00.000", "2025-12-20T23:59:59.000"),
          CUST_FILT: "(AR_CUST.PROF_COD_1 = 'TIER1')",
          GRP_SEQ_NO: 1,
        }),
        group("P", "RULECUST", { GRP_SEQ_NO: 2 }),
        group("P", "XMAS", { ...dated("2025-12-01T00:00:00.000", "2025-12-26T23:59:59.000"), GRP_SEQ_NO: 3 }),
      ],
      rules: [
        rule("P", "VIP", 1),
        rule("P", "RULECUST", 1, { CUST_FILT: "(AR_CUST.CATEG_COD = 'WHOLESALE')" }),
        rule("P", "XMAS", 1, { ITEM_FILT: "(IM_ITEM.CATEG_COD = 'TOOLS')" }),
      ],
      breaks: [
        brk("P", "VIP", 1, "1", "D", "1", "50"),
        brk("P", "RULECUST", 1, "1", "D", "1", "40"),
        brk("P", "XMAS", 1, "1", "D", "1", "10"),
      ],
    });
    const widget = webPriceExtras(ctx, "WIDGET", "100.0000");
    expect(widget.sale).toEqual({
      price: "90.00",
      fromGmt: cpLocalToGmt("2025-12-01T00:00:00.000"),
      toGmt: cpLocalToGmt("2025-12-26T23:59:59.000"),
      group: "P/XMAS",
    });
    // A grid cell with its own price gets the discount on that price.
    expect(webPriceExtras(ctx, "WIDGET", "110.0000").sale?.price).toBe("99.00");
    // The VIP promotion is a tier-1 price, not a public sale.
    expect(widget.tiers).toEqual({ tier_1_customers: "50.00", tier_2_customers: "90.00" });
    // GADGET is no tool: no public sale; RULECUST needs a customer category the tier alone does not give.
    expect(webPriceExtras(ctx, "GADGET", "10.0000")).toEqual({ sale: null, tiers: { tier_1_customers: "5.00" } });
  });

  it("looks ahead within the horizon, and ignores disabled promotions and prices that are no lower", () => {
    const book = {
      groups: [
        group("P", "OFF", {
          ...dated("2025-12-01T00:00:00.000", "2025-12-31T00:00:00.000"),
          ENABLED: "N",
          GRP_SEQ_NO: 1,
        }),
        group("P", "UP", { GRP_SEQ_NO: 2 }),
        group("P", "SOON", { ...dated("2025-12-20T08:00:00.000", "2025-12-24T00:00:00.000"), GRP_SEQ_NO: 3 }),
      ],
      rules: [
        rule("P", "OFF", 1),
        rule("P", "UP", 1, { ITEM_FILT: "(IM_ITEM.ITEM_NO = 'GADGET')" }),
        rule("P", "SOON", 1),
      ],
      breaks: [
        brk("P", "OFF", 1, "1", "D", "1", "30"),
        brk("P", "UP", 1, "1", "M", "1", "10"),
        brk("P", "SOON", 1, "1", "A", "1", "5"),
      ],
    };
    expect(webPriceExtras(context(book), "WIDGET", "100.0000").sale).toMatchObject({ price: "95.00", group: "P/SOON" });
    // GADGET: UP (a markup) holds now but is no sale; SOON's start is the next moment.
    expect(webPriceExtras(context(book), "GADGET", "10.0000").sale).toBeNull(); // UP also wins at SOON's start
    expect(webPriceExtras(context(book, 10), "WIDGET", "100.0000").sale).toBeNull();
  });

  it("tier customers get contract prices by their tier code only", () => {
    const ctx = context({
      groups: [
        group("C", "T1", { CUST_FILT: "(AR_CUST.PROF_COD_1 = 'TIER1')", GRP_SEQ_NO: 1 }),
        group("C", "ONE", { CUST_NO: "C2", CUST_FILT: "(AR_CUST.CUST_NO = 'C2')", GRP_SEQ_NO: 2 }),
      ],
      rules: [rule("C", "T1", 1), rule("C", "ONE", 1)],
      breaks: [brk("C", "T1", 1, "1", "D", "R", "25"), brk("C", "ONE", 1, "1", "O", "1", "1")],
    });
    expect(webPriceExtras(ctx, "WIDGET", "100.0000")).toEqual({ sale: null, tiers: { tier_1_customers: "90.00" } });
  });
});

describe("cpLocalToGmt", () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  it("reads Counterpoint wall-clock time in the process's time zone", () => {
    process.env.TZ = "America/New_York";
    expect(cpLocalToGmt("2025-12-31T23:59:59.999")).toBe("2026-01-01T04:59:59");
    expect(cpLocalToGmt("2025-07-01T00:00:00.000")).toBe("2025-07-01T04:00:00");
    process.env.TZ = "UTC";
    expect(cpLocalToGmt("2025-07-01T00:00:00.000")).toBe("2025-07-01T00:00:00");
  });
});
