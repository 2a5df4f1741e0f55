import { describe, expect, it } from "vitest";
import { money, MoneyParseError, roundTo, sum, toMoneyString } from "../../src/money/index.js";

describe("money policy", () => {
  it("reads WooCommerce strings exactly, including unpadded and noisy values", () => {
    expect(money("15").toString()).toBe("15");
    expect(money("0.9").plus(money("0.1")).toString()).toBe("1");
    expect(roundTo(money(0.12369999999999999), 4).toString()).toBe("0.1237");
    expect(sum(["0.1", "0.2"].map((v) => money(v))).toString()).toBe("0.3");
  });

  it("rounds half away from zero, as PHP round() does", () => {
    expect(roundTo(money("2.345"), 2).toString()).toBe("2.35");
    expect(roundTo(money("-2.345"), 2).toString()).toBe("-2.35");
    expect(roundTo(money("9.3325"), 2).toString()).toBe("9.33");
    expect(toMoneyString(money("21.5"))).toBe("21.50");
    expect(toMoneyString(money("1234.5678"), 0)).toBe("1235");
  });

  it("refuses text that is not an amount", () => {
    expect(() => money("12,50")).toThrow(MoneyParseError);
    expect(() => money("$5")).toThrow(MoneyParseError);
    expect(() => money(Number.NaN)).toThrow(MoneyParseError);
    expect(money("").isZero()).toBe(true);
  });
});
