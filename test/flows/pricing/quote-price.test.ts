import { describe, expect, it } from "vitest";
import { compilePricingData } from "../../../src/flows/pricing/compile-pricing-data.js";
import type { RawPricingData } from "../../../src/flows/pricing/pricing-data.js";
import { type QuoteResult, quotePrice } from "../../../src/flows/pricing/quote-price.js";
import { baseBook, brk, group, rule } from "./pricing-fixture.js";

const AT = "2025-12-04T16:00:00.000";
const OPTIONS = { defaultLocation: "*", decimals: 2 };

function book(extra: Partial<RawPricingData>): RawPricingData {
  const base = baseBook();
  return {
    ...base,
    groups: extra.groups ?? [],
    rules: extra.rules ?? [],
    breaks: extra.breaks ?? [],
    ...(extra.items ? { items: extra.items } : {}),
  };
}

function quote(raw: RawPricingData, customer: string, sku: string, qty: string, at = AT, location?: string) {
  return quotePrice(compilePricingData(raw), { customer, sku, qty, at, location }, OPTIONS);
}

function ok(result: QuoteResult) {
  if (!result.ok) throw new Error(`expected a price, got ${result.error}: ${result.message}`);
  return result;
}

/** One contract group for everyone with one rule and the given breaks. */
function oneRule(breaks: [string, string, string | null, string | null][], ruleExtra = {}) {
  return book({
    groups: [group("C", "G")],
    rules: [rule("C", "G", 1, ruleExtra)],
    breaks: breaks.map(([min, meth, basis, amt]) => brk("C", "G", 1, min, meth, basis, amt)),
  });
}

describe("methods", () => {
  it.each([
    ["D", "1", "25", "75.00", "100.0000"], // 100 − 25 %
    ["D", "1", "49.4949", "50.51", "100.0000"],
    ["O", "1", "42.1234", "42.12", "100.0000"],
    ["F", "1", "42.125", "42.13", "100.0000"], // fixed rounds half away from zero
    ["M", "1", "10", "110.00", "100.0000"], // markup on the basis
    ["M", "C", "50", "60.00", "40.0000"], // markup on the item's cost (LST_COST)
    ["A", "1", "7.5", "92.50", "100.0000"],
    ["A", "1", "150", "0.00", "100.0000"], // never below zero
  ])("%s on basis %s by %s → %s", (method, basis, amount, expected, basisPrice) => {
    const r = ok(quote(oneRule([["1", method, basis, amount]]), "C1", "WIDGET", "1"));
    expect(r.price).toBe(expected);
    expect(r.explanation).toMatchObject({ source: "rule", method, basisPrice, result: expected });
    expect(r.regularPrice).toBe("120.00");
  });

  it("a break with an unknown method is skipped and reported", () => {
    const raw = oneRule([["1", "P", "1", "5"]]);
    const r = ok(quote(raw, "C1", "WIDGET", "1"));
    expect(r.explanation.source).toBe("regular");
    expect(compilePricingData(raw).problems).toEqual([
      expect.objectContaining({ key: "C/G/1", field: "PRC_METH", text: "P" }),
    ]);
  });
});

describe("bases", () => {
  it.each([
    ["1", "100.0000"],
    ["2", "90.0000"],
    ["3", "80.0000"],
    ["4", "70.0000"],
    ["5", "60.0000"],
    ["6", "50.0000"],
    ["R", "120.0000"],
    ["C", "40.0000"],
    ["X", "120.0000"], // unknown letter: REG_PRC, as the predecessor did
    [null, "120.0000"], // no basis: REG_PRC
  ])("basis %s reads %s", (basis, expected) => {
    const r = ok(quote(oneRule([["1", "D", basis, "0"]]), "C1", "WIDGET", "1"));
    expect(r.explanation.basisPrice).toBe(expected);
  });

  it("reads prices at the requested location, else the default location", () => {
    const raw = oneRule([["1", "D", "1", "10"]]);
    expect(ok(quote(raw, "C1", "WIDGET", "1", AT, "02")).price).toBe("99.00"); // 110 at 02
    expect(ok(quote(raw, "C1", "WIDGET", "1", AT, "07")).price).toBe("90.00"); // 07 has none: `*`
  });

  it("a basis with no price skips the rule", () => {
    const raw = oneRule([["1", "D", "4", "10"]]);
    const r = ok(quote(raw, "C1", "GADGET", "1")); // GADGET has no PRC_4
    expect(r.explanation.source).toBe("regular");
  });
});

describe("quantity breaks and rule minimum", () => {
  const raw = oneRule([
    ["1", "D", "1", "10"],
    ["12", "D", "1", "20"],
    ["24", "O", "1", "50"],
  ]);
  it.each([
    ["1", "90.00", "1"],
    ["11.9999", "90.00", "1"],
    ["12", "80.00", "12"],
    ["23", "80.00", "12"],
    ["24", "50.00", "24"],
    ["1000", "50.00", "24"],
  ])("qty %s → %s (break %s)", (qty, expected, minQty) => {
    const r = ok(quote(raw, "C1", "WIDGET", qty));
    expect(r.price).toBe(expected);
    expect(r.explanation.break?.minQty).toBe(minQty);
  });

  it("below the smallest break the rule does not hold", () => {
    const r = ok(quote(oneRule([["5", "D", "1", "10"]]), "C1", "WIDGET", "4.9"));
    expect(r.explanation.source).toBe("regular");
    expect(r.price).toBe("100.00");
  });

  it("the rule's MIN_QTY must be reached", () => {
    const raw = oneRule([["1", "D", "1", "10"]], { MIN_QTY: "6.0000" });
    expect(ok(quote(raw, "C1", "WIDGET", "5")).explanation.source).toBe("regular");
    expect(ok(quote(raw, "C1", "WIDGET", "6")).price).toBe("90.00");
  });
});

describe("date windows", () => {
  const promo = (g: Partial<Parameters<typeof group>[2]>) =>
    book({
      groups: [group("P", "SALE", { NO_BEG_DAT: "N", NO_END_DAT: "N", ...g })],
      rules: [rule("P", "SALE", 1)],
      breaks: [brk("P", "SALE", 1, "1", "D", "1", "50")],
    });
  const src = (raw: RawPricingData, at: string) => ok(quote(raw, "C3", "WIDGET", "1", at)).explanation.source;

  it("BEG_DT / END_DT bound the promotion inclusively", () => {
    const raw = promo({ BEG_DT: "2025-06-01T00:00:00.000", END_DT: "2025-08-31T23:59:59.000" });
    expect(src(raw, "2025-05-31T23:59:59.999")).toBe("regular");
    expect(src(raw, "2025-06-01T00:00:00.000")).toBe("rule");
    expect(src(raw, "2025-08-31T23:59:59.000")).toBe("rule");
    expect(src(raw, "2025-08-31T23:59:59.500")).toBe("regular");
  });

  it("BEG_DAT / END_DAT with hour flags (0 = start / end of day)", () => {
    const raw = promo({ BEG_DAT: "2025-06-01T00:00:00.000", END_DAT: "2025-06-02T00:00:00.000", BEG_TIM_FLG: 9 });
    expect(src(raw, "2025-06-01T08:59:59.999")).toBe("regular");
    expect(src(raw, "2025-06-01T09:00:00.000")).toBe("rule");
    expect(src(raw, "2025-06-02T23:59:59.000")).toBe("rule");
    expect(src(raw, "2025-06-03T00:00:00.000")).toBe("regular");
    const hourEnd = promo({ BEG_DAT: "2025-06-01T00:00:00.000", END_DAT: "2025-06-01T00:00:00.000", END_TIM_FLG: 17 });
    expect(src(hourEnd, "2025-06-01T17:59:59.000")).toBe("rule");
    expect(src(hourEnd, "2025-06-01T18:00:00.000")).toBe("regular");
  });

  it("NO_BEG_DAT / NO_END_DAT = Y leave that side open", () => {
    const raw = promo({ NO_BEG_DAT: "Y", BEG_DT: "2030-01-01T00:00:00.000", END_DT: "2025-12-31T23:59:59.000" });
    expect(src(raw, "2000-01-01T00:00:00.000")).toBe("rule");
    expect(src(raw, "2026-01-01T00:00:00.000")).toBe("regular");
    const open = promo({ NO_END_DAT: "Y", BEG_DT: "2025-01-01T00:00:00.000", END_DT: "2025-01-02T00:00:00.000" });
    expect(src(open, "2099-01-01T00:00:00.000")).toBe("rule");
  });

  it("a disabled group never applies", () => {
    expect(src(promo({ NO_BEG_DAT: "Y", NO_END_DAT: "Y", ENABLED: "N" }), AT)).toBe("regular");
  });
});

describe("precedence between groups and rules", () => {
  const everyone = (typ: string, cod: string, seq: number, amount: string, extra = {}) => ({
    group: group(typ, cod, { GRP_SEQ_NO: seq, ...extra }),
    rule: rule(typ, cod, 1),
    brk: brk(typ, cod, 1, "1", "D", "1", amount),
  });
  const assemble = (...parts: ReturnType<typeof everyone>[]) =>
    book({ groups: parts.map((p) => p.group), rules: parts.map((p) => p.rule), breaks: parts.map((p) => p.brk) });
  const winner = (raw: RawPricingData, customer = "C1") => ok(quote(raw, customer, "WIDGET", "1")).explanation.group;

  it("contract beats promotional even when the promotion is cheaper", () => {
    const raw = assemble(everyone("P", "PROMO", 1, "50"), everyone("C", "CONTRACT", 9, "5"));
    expect(winner(raw)?.code).toBe("CONTRACT");
    expect(ok(quote(raw, "C1", "WIDGET", "1")).price).toBe("95.00");
  });

  it("promotional beats any other type (special prices), whatever the letter", () => {
    expect(winner(assemble(everyone("S", "SPECIAL", 1, "50"), everyone("P", "PROMO", 5, "5")))?.code).toBe("PROMO");
    expect(winner(assemble(everyone("A", "ALPHA", 1, "50"), everyone("P", "PROMO", 5, "5")))?.code).toBe("PROMO");
    // other types among themselves: alphabetical by type letter
    expect(winner(assemble(everyone("S", "SPECIAL", 1, "50"), everyone("E", "EMP", 5, "5")))?.code).toBe("EMP");
  });

  it("within a type the lower GRP_SEQ_NO wins; equal or missing sequence falls back to the code", () => {
    expect(winner(assemble(everyone("C", "B", 2, "10"), everyone("C", "A", 3, "20")))?.code).toBe("B");
    expect(winner(assemble(everyone("C", "B", 1, "10"), everyone("C", "A", 1, "20")))?.code).toBe("A");
    const noSeq = everyone("C", "A", 1, "20", { GRP_SEQ_NO: null });
    expect(winner(assemble(noSeq, everyone("C", "Z", 7, "10")))?.code).toBe("Z");
  });

  it("within a group the first rule in RUL_SEQ_NO order that holds wins, not the cheapest", () => {
    const raw = book({
      groups: [group("C", "G")],
      rules: [
        rule("C", "G", 3, { DESCR: "cheap" }),
        rule("C", "G", 1, { DESCR: "toys only", ITEM_FILT: "(IM_ITEM.CATEG_COD = 'TOYS')" }),
        rule("C", "G", 2, { DESCR: "tools", ITEM_FILT: "(IM_ITEM.CATEG_COD = 'TOOLS')" }),
      ],
      breaks: [
        brk("C", "G", 3, "1", "D", "1", "90"),
        brk("C", "G", 1, "1", "D", "1", "1"),
        brk("C", "G", 2, "1", "D", "1", "2"),
      ],
    });
    expect(ok(quote(raw, "C1", "WIDGET", "1")).explanation.rule).toEqual({ seq: 2, descr: "tools" });
    expect(ok(quote(raw, "C1", "GADGET", "1")).explanation.rule).toEqual({ seq: 1, descr: "toys only" });
  });

  it("a group whose rules all fail passes the search on to the next group", () => {
    const raw = book({
      groups: [group("C", "FIRST", { GRP_SEQ_NO: 1 }), group("C", "SECOND", { GRP_SEQ_NO: 2 })],
      rules: [rule("C", "FIRST", 1, { ITEM_FILT: "(IM_ITEM.CATEG_COD = 'NONE')" }), rule("C", "SECOND", 1)],
      breaks: [brk("C", "FIRST", 1, "1", "D", "1", "50"), brk("C", "SECOND", 1, "1", "D", "1", "10")],
    });
    expect(winner(raw)?.code).toBe("SECOND");
  });
});

describe("customer and item conditions", () => {
  const raw = book({
    groups: [
      group("C", "TIER1", { GRP_SEQ_NO: 1, CUST_FILT: "(AR_CUST.PROF_COD_1 = 'TIER1')" }),
      group("C", "ONLY-C2", { GRP_SEQ_NO: 2, CUST_NO: "c2" }),
      group("C", "WHOLESALE", { GRP_SEQ_NO: 3 }),
    ],
    rules: [
      rule("C", "TIER1", 1, { ITEM_FILT: "(IM_ITEM.PROF_COD_1 = 'PC S CS')" }),
      rule("C", "ONLY-C2", 1, { ITEM_NO: "GADGET" }),
      rule("C", "WHOLESALE", 1, { CUST_FILT: "(AR_CUST.CATEG_COD = 'WHOLESALE')" }),
      rule("C", "WHOLESALE", 2, { CUST_NO: "C3", ITEM_NO: "WIDGET" }),
    ],
    breaks: [
      brk("C", "TIER1", 1, "1", "D", "1", "30"),
      brk("C", "ONLY-C2", 1, "1", "O", "1", "1"),
      brk("C", "WHOLESALE", 1, "1", "D", "1", "10"),
      brk("C", "WHOLESALE", 2, "1", "D", "1", "5"),
    ],
  });
  const explain = (customer: string, sku: string) => ok(quote(raw, customer, sku, "1")).explanation;

  it("group CUST_FILT", () => {
    expect(explain("C1", "WIDGET").group?.code).toBe("TIER1");
    expect(explain("C2", "WIDGET").group?.code).toBe("WHOLESALE");
  });
  it("group CUST_NO (compared case-insensitively)", () => {
    expect(explain("C2", "GADGET").group?.code).toBe("ONLY-C2");
    expect(explain("C1", "GADGET").group?.code).toBe("WHOLESALE");
  });
  it("rule CUST_FILT, rule CUST_NO and ITEM_NO targets", () => {
    expect(explain("C3", "WIDGET").rule?.seq).toBe(2);
    expect(explain("C3", "GADGET").source).toBe("regular");
  });
  it("customer and item codes are matched case-insensitively", () => {
    expect(ok(quote(raw, "c1", "widget", "1")).explanation.group?.code).toBe("TIER1");
  });
});

describe("pricing by price-group code", () => {
  const raw = book({
    groups: [group("C", "TIER1", { CUST_FILT: "(AR_CUST.PROF_COD_1 = 'TIER1')" }), group("C", "OTHER")],
    rules: [
      rule("C", "TIER1", 1, { CUST_NO: "C1" }),
      rule("C", "TIER1", 2, { ITEM_FILT: "(IM_ITEM.CATEG_COD = 'TOOLS')" }),
      rule("C", "OTHER", 1),
    ],
    breaks: [
      brk("C", "TIER1", 1, "1", "D", "1", "50"),
      brk("C", "TIER1", 2, "1", "D", "1", "30"),
      brk("C", "OTHER", 1, "1", "D", "1", "1"),
    ],
  });
  it("searches only that group; rules with customer conditions cannot hold", () => {
    const r = ok(quote(raw, "tier1", "WIDGET", "1"));
    expect(r.price).toBe("70.00");
    expect(r.explanation.customer).toEqual({ custNo: null, priceGroup: "TIER1" });
    expect(r.explanation.rule?.seq).toBe(2);
    expect(ok(quote(raw, "TIER1", "GADGET", "1")).explanation.source).toBe("regular");
  });

  it("a group that names its holder (CUST_NO) tests rule customer conditions against that customer", () => {
    const held = book({
      groups: [group("C", "144319", { CUST_NO: "C2" })],
      rules: [rule("C", "144319", 1, { CUST_NO: "C2" }), rule("C", "144319", 2, { CUST_NO: "C1" })],
      breaks: [brk("C", "144319", 1, "1", "D", "1", "50"), brk("C", "144319", 2, "1", "D", "1", "10")],
    });
    const r = ok(quote(held, "144319", "WIDGET", "1"));
    expect(r.price).toBe("50.00");
    expect(r.explanation.customer).toEqual({ custNo: "C2", priceGroup: "144319" });
  });
});

describe("answers and errors", () => {
  it("no rule: the regular price (PRC_1) with its explanation", () => {
    const r = ok(quote(book({}), "C1", "WIDGET", "3"));
    expect(r).toMatchObject({ price: "100.00", regularPrice: "120.00", qty: "3" });
    expect(r.explanation).toMatchObject({ source: "regular", basis: "PRC_1", group: null, rule: null });
    expect(r.explanation.text).toContain("regular price");
  });

  it("unknown customer, unknown item and an item without price are per-item errors", () => {
    expect(quote(book({}), "NOBODY", "WIDGET", "1")).toMatchObject({ ok: false, error: "unknown_customer" });
    expect(quote(book({}), "C1", "NOTHING", "1")).toMatchObject({ ok: false, error: "unknown_sku" });
    expect(quote(book({}), "C1", "NOPRICE", "1")).toMatchObject({ ok: false, error: "no_price" });
  });

  it("an unreadable filter makes its rule inapplicable and is listed with the rule's key", () => {
    const raw = book({
      groups: [group("C", "G")],
      rules: [
        rule("C", "G", 1, { ITEM_FILT: "NCR TYPE is (exactly) PC S CS" }),
        rule("C", "G", 2, { ITEM_FILT: "(IM_ITEM.NO_SUCH_COL = 'x')" }),
        rule("C", "G", 3, { SAL_FILT: "(VI_PS_TKT_HIST.STR_ID = '1')" }),
        rule("C", "G", 4, { SAL_FILT: "( (1=1) )" }),
      ],
      breaks: [1, 2, 3, 4].map((seq) => brk("C", "G", seq, "1", "D", "1", String(seq))),
    });
    const known = {
      AR_CUST: new Set(["CUST_NO", "PROF_COD_1", "CATEG_COD"]),
      IM_ITEM: new Set(["ITEM_NO", "CATEG_COD", "PROF_COD_1"]),
    };
    const data = compilePricingData(raw, known);
    expect(data.problems.map((p) => [p.key, p.field])).toEqual([
      ["C/G/1", "ITEM_FILT"],
      ["C/G/2", "ITEM_FILT"],
      ["C/G/3", "SAL_FILT"],
    ]);
    expect(data.problems[1]?.error).toBe("unknown column IM_ITEM.NO_SUCH_COL");
    const r = quotePrice(data, { customer: "C1", sku: "WIDGET", qty: "1", at: AT }, OPTIONS);
    expect(ok(r).explanation.rule?.seq).toBe(4);
  });

  it("rounds half away from zero to the configured decimals, and explains the unrounded value", () => {
    const raw = oneRule([["1", "D", "1", "33.335"]]); // 100 × 0.66665 = 66.665
    const r = ok(quote(raw, "C1", "WIDGET", "1"));
    expect(r.price).toBe("66.67");
    expect(r.explanation.unrounded).toBe("66.6650");
    const none = quotePrice(
      compilePricingData(raw),
      { customer: "C1", sku: "WIDGET", qty: "1", at: AT },
      {
        defaultLocation: "*",
        decimals: 0,
      },
    );
    expect(ok(none).price).toBe("67");
  });
});
