import { Decimal } from "decimal.js";

/**
 * THE money policy of cpwoo.
 *
 * - Every amount is a `Decimal` from the moment it is read (WooCommerce sends strings; Counterpoint money is selected
 *   as text) until it is written. JavaScript numbers never carry money.
 * - Arithmetic is exact (40 significant digits). Rounding happens in exactly two places: when a value is written to a
 *   Counterpoint column of fixed scale (`roundTo(value, scale)`, e.g. 2 for EXT_PRC decimal(15,2), 4 for money and
 *   unit prices), and when a value is sent to WooCommerce (`toMoneyString(value, storeDecimals)`).
 * - The rounding mode is half away from zero, as PHP's `round()` (WooCommerce) and Counterpoint's default price
 *   rounding use: 2.345 → 2.35, −2.345 → −2.35.
 */
export const MoneyDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = InstanceType<typeof MoneyDecimal>;

export class MoneyParseError extends Error {}

const MONEY_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads an amount. Strings are the normal case; numbers are accepted only because WooCommerce sends a few amounts
 * as JSON numbers (`line_items[].price`), and are read through their shortest decimal text.
 */
export function money(value: string | number | Money): Money {
  if (value instanceof MoneyDecimal) return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new MoneyParseError(`not a finite amount: ${value}`);
    return new MoneyDecimal(String(value));
  }
  const text = value.trim();
  if (text === "") return new MoneyDecimal(0);
  if (!MONEY_TEXT.test(text)) throw new MoneyParseError(`not an amount: "${value}"`);
  return new MoneyDecimal(text);
}

export const ZERO: Money = new MoneyDecimal(0);

/** Rounds half away from zero to `scale` decimals. */
export function roundTo(value: Money, scale: number): Money {
  return value.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
}

/** The WooCommerce form of an amount: a string with exactly `decimals` decimals (the store's setting, 2 by default). */
export function toMoneyString(value: Money, decimals = 2): string {
  return roundTo(value, decimals).toFixed(decimals);
}

export function sum(values: Iterable<Money>): Money {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
