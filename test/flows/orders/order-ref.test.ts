import { describe, expect, it } from "vitest";
import { allocateCents, orderRef, parseWooLocalDate, refPrefixOf } from "../../../src/flows/orders/index.js";
import { money, sum } from "../../../src/money/index.js";

describe("orderRef", () => {
  const maxId = Number.MAX_SAFE_INTEGER;
  it("names the store and the web order", () => {
    expect(orderRef("shop.example.com/wp", 1234)).toBe("WC shop.example.com/wp 1234");
    expect(refPrefixOf("shop.example.com/wp")).toBe("WC shop.example.com/wp ");
  });

  it.each([
    "a-very-long-store-host-name.example.com/shop/wordpress",
    "shop with spaces",
    "100%_shop",
    "bücher.example",
    "#shop",
    "",
  ])("hashes a store key that cannot be used as is: %j", (key) => {
    const ref = orderRef(key, maxId);
    expect(ref.length).toBeLessThanOrEqual(50);
    expect(ref).toMatch(/^WC #[0-9a-f]{12} \d+$/);
    expect(ref.startsWith(refPrefixOf(key))).toBe(true);
    expect(orderRef(key, 7)).toBe(orderRef(key, 7)); // stable
  });

  it("is unique per store and order", () => {
    const keys = [
      "a.example",
      "b.example",
      "a-very-long-store-host-name.example.com/shop/one",
      "a-very-long-store-host-name.example.com/shop/two",
    ];
    const refs = keys.flatMap((k) => [1, 12, 123].map((id) => orderRef(k, id)));
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.every((r) => r.length <= 50)).toBe(true);
  });
});

describe("allocateCents", () => {
  it.each([
    ["4.40", ["6", "1"], ["3.77", "0.63"]],
    ["2.07", ["6", "1"], ["1.77", "0.30"]],
    [
      "0.05",
      ["1", "1", "1", "1", "1", "1", "1", "1", "1", "0.0001"],
      ["0.00", "0.00", "0.00", "0.00", "0.01", "0.01", "0.01", "0.01", "0.01", "0.00"],
    ],
    ["1.00", ["0", "0"], ["0.00", "1.00"]],
    ["0.00", ["5", "5"], ["0.00", "0.00"]],
  ])("%s over %j", (total, weights, expected) => {
    const shares = allocateCents(money(total), weights.map(money));
    expect(shares.map((s) => s.toFixed(2))).toEqual(expected);
    expect(sum(shares).equals(money(total))).toBe(true);
  });
});

describe("parseWooLocalDate", () => {
  it.each([
    ["2026-11-21T15:58:36", [2026, 10, 21, 15, 58, 36]],
    ["2026-02-30T10:00:00", null],
    ["2026-11-21T24:00:00", null],
    ["2026-11-21 15:58:36", null],
    [20261121, null],
  ])("%j", (text, parts) => {
    const d = parseWooLocalDate(text);
    expect(
      d === null ? null : [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()],
    ).toEqual(parts);
  });
});
