import { describe, expect, it } from "vitest";
import { resolveSku, type SkuCandidateItem, skuCandidates } from "../../../src/flows/orders/index.js";
import { catalog, saleItem, settingsFor } from "./order-fixtures.js";

const settings = settingsFor({ orders: { skus: { stripSuffixes: ["-PACKAGE"] } } });

/** What the flow does: read the candidates, then decide among what Counterpoint had. */
function resolve(sku: string, items: ReadonlyMap<string, SkuCandidateItem> = catalog, s = settings) {
  const read = new Map<string, SkuCandidateItem>();
  for (const c of skuCandidates(sku, s)) {
    const found = items.get(c);
    if (found !== undefined) read.set(c, found);
  }
  return resolveSku(sku, read, s);
}

describe("skuCandidates", () => {
  it.each([
    ["pbo-hood-m", ["PBO-HOOD-M", "PBO", "PBO-HOOD"]],
    ["01-10251-PACKAGE", ["01-10251-PACKAGE", "01", "01-10251"]],
    ["PBO-HOOD|NAVY|XL", ["PBO-HOOD|NAVY|XL", "PBO-HOOD", "PBO"]],
    ["  ", []],
    ["X".repeat(25), []],
  ])("%j", (sku, expected) => {
    expect(new Set(skuCandidates(sku, settings))).toEqual(new Set(expected));
  });
});

describe("resolveSku", () => {
  it.each([
    ["PBO-TOTE", "PBO-TOTE", null],
    ["pbo-tote", "PBO-TOTE", null],
    ["PBO-TOTE-PACKAGE", "PBO-TOTE", null],
    ["PBO-HOOD-M", "PBO-HOOD", ["M", "*", "*"]],
    ["PBO-HOOD|L", "PBO-HOOD", ["L", "*", "*"]],
    ["PBO-HOOD|S|*|*", "PBO-HOOD", ["S", "*", "*"]],
    ["PBO-HOOD-M-PACKAGE", "PBO-HOOD", ["M", "*", "*"]],
  ])("%s is %s %j", (sku, itemNo, cell) => {
    const match = resolve(sku);
    expect([match.item?.itemNo, match.item?.cell ?? null]).toEqual([itemNo, cell]);
  });

  it.each([
    ["PBO-HOOD", /grid item: a sale names one of its cells/],
    ["PBO-HOOD-XL", /no Counterpoint item or grid cell has SKU "PBO-HOOD-XL"/],
    ["PBO-TOTE-XL", /no Counterpoint item/], // a non-grid item is never matched by a prefix
    ["", /no Counterpoint item/],
  ])("%j is no match: %s", (sku, reason) => {
    const match = resolve(sku);
    expect(match.item).toBeNull();
    expect("reason" in match ? match.reason : "").toMatch(reason);
  });

  it("prefers the SKU as sent over a stripped suffix", () => {
    const items = new Map(catalog);
    items.set("PBO-TOTE-PACKAGE", { item: saleItem("PBO-TOTE-PACKAGE"), cells: [] });
    expect(resolve("PBO-TOTE-PACKAGE", items).item?.itemNo).toBe("PBO-TOTE-PACKAGE");
  });

  it("refuses a SKU two grid cells share", () => {
    const items = new Map<string, SkuCandidateItem>([
      ["A", { item: saleItem("A", { isGrid: true }), cells: [["B-C", "*", "*"]] }],
      ["A-B", { item: saleItem("A-B", { isGrid: true }), cells: [["C", "*", "*"]] }],
    ]);
    const match = resolve("A-B-C", items);
    expect(match.item).toBeNull();
    expect("reason" in match ? match.reason : "").toMatch(/more than one grid cell/);
  });

  it("compares case-sensitively when upperCase is off", () => {
    const exact = settingsFor({ orders: { skus: { upperCase: false } } });
    expect(resolve("pbo-tote", catalog, exact).item).toBeNull();
    expect(resolve("PBO-TOTE", catalog, exact).item?.itemNo).toBe("PBO-TOTE");
  });
});
