import { Decimal } from "decimal.js";
import { type Money, MoneyDecimal, roundTo, sum, ZERO } from "../../money/index.js";

/**
 * Splits a non-negative amount (rounded to the cent first) into shares proportional to non-negative weights, to the cent, the shares
 * adding up exactly: each share is first rounded down, then the cents left go one by one to the largest remainders
 * (the later share on a tie). No share is ever negative, however many. With no weight at all the last share takes
 * everything.
 */
export function allocateCents(total: Money, weights: readonly Money[]): Money[] {
  if (weights.length === 0) return [];
  const rounded = roundTo(total, 2);
  const cents = rounded.times(100);
  const weightSum = sum(weights);
  if (weightSum.isZero()) return weights.map((_w, i) => (i === weights.length - 1 ? rounded : ZERO));
  const exact = weights.map((w) => cents.times(w).dividedBy(weightSum));
  const floors = exact.map((e) => e.toDecimalPlaces(0, Decimal.ROUND_FLOOR));
  let left = cents.minus(sum(floors)).toNumber();
  const order = exact
    .map((e, i) => ({ i, rest: e.minus(floors[i] ?? ZERO) }))
    .sort((a, b) => b.rest.comparedTo(a.rest) || b.i - a.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? ZERO).plus(1);
    left -= 1;
  }
  return floors.map((c) => new MoneyDecimal(c).dividedBy(100));
}
