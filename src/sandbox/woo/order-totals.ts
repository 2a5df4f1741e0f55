import { Decimal } from "decimal.js";
import { type Money, MoneyDecimal, roundTo, sum, ZERO } from "../../money/index.js";

/**
 * WooCommerce's order arithmetic for prices entered without tax, written from its observed behaviour:
 *
 * - Coupons work in cents on the line subtotals, items sorted by line price (highest first): a percent coupon floors
 *   each line's share and hands the missing cents out one per unit; a fixed-cart coupon is spread per *unit*
 *   (amount ÷ units, floored, capped at what is left of each line), then the rest recursively, then cent by cent;
 *   a fixed-product coupon takes its amount per unit. WooCommerce rounds cart-level discounts half *down*.
 * - Taxes are computed per line and per rate, kept unrounded per rate, and each line's tax is the sum of the per-rate
 *   amounts rounded to the price decimals ("round at line level", WooCommerce's default). A rate's order total is the
 *   sum of those rounded line amounts (order_with_coupon: 2.05 + 1.59 = 3.64, not round(3.645)).
 * - Shipping is taxed only by rates flagged for shipping; fees by every rate when taxable.
 */

export interface TotalsRate {
  id: number;
  /** Percent, e.g. 6 for 6 %. */
  percent: Money;
  compound: boolean;
  shipping: boolean;
}

export interface TotalsLineInput {
  key: number;
  quantity: number;
  /** Line subtotal before discounts (unit price × quantity, or the given subtotal). */
  subtotal: Money;
  /** An explicit line total (REST clients may send one); ignored when a coupon applies. */
  total?: Money;
  taxable: boolean;
}

export interface TotalsChargeInput {
  key: number;
  total: Money;
  taxable: boolean;
}

export interface TotalsCouponInput {
  code: string;
  /** `percent`, `fixed_cart` or `fixed_product`. */
  type: string;
  amount: Money;
}

export interface TaxSplit {
  rateId: number;
  /** Unrounded, as WooCommerce keeps a line's per-rate taxes. */
  amount: Money;
}

export interface LineTotals {
  key: number;
  subtotal: Money;
  total: Money;
  subtotalTaxes: TaxSplit[];
  totalTaxes: TaxSplit[];
  subtotalTax: Money;
  totalTax: Money;
}

export interface ChargeTotals {
  key: number;
  total: Money;
  taxes: TaxSplit[];
  totalTax: Money;
}

export interface CouponTotals {
  code: string;
  discount: Money;
  discountTax: Money;
}

export interface RateTotals {
  rateId: number;
  taxTotal: Money;
  shippingTaxTotal: Money;
}

export interface OrderTotals {
  lines: LineTotals[];
  fees: ChargeTotals[];
  shipping: ChargeTotals[];
  coupons: CouponTotals[];
  rates: RateTotals[];
  discountTotal: Money;
  discountTax: Money;
  shippingTotal: Money;
  shippingTax: Money;
  cartTax: Money;
  totalTax: Money;
  total: Money;
}

export interface TotalsInput {
  lines: readonly TotalsLineInput[];
  fees: readonly TotalsChargeInput[];
  shipping: readonly TotalsChargeInput[];
  coupons: readonly TotalsCouponInput[];
  /** The rates that apply at the order's tax location, in priority order. */
  rates: readonly TotalsRate[];
  /** The store's price decimals (2). */
  decimals: number;
}

/** Taxes on an amount that excludes tax: simple rates on the amount, compound rates on amount + earlier taxes. */
export function taxesOn(amount: Money, rates: readonly TotalsRate[]): TaxSplit[] {
  const out: TaxSplit[] = [];
  for (const rate of rates) {
    if (rate.compound) continue;
    out.push({ rateId: rate.id, amount: amount.times(rate.percent).div(100) });
  }
  let running = amount.plus(sum(out.map((t) => t.amount)));
  for (const rate of rates) {
    if (!rate.compound) continue;
    const tax = running.times(rate.percent).div(100);
    out.push({ rateId: rate.id, amount: tax });
    running = running.plus(tax);
  }
  return out;
}

function roundedSum(taxes: readonly TaxSplit[], decimals: number): Money {
  return sum(taxes.map((t) => roundTo(t.amount, decimals)));
}

export function computeOrderTotals(input: TotalsInput): OrderTotals {
  const { decimals } = input;
  const discounts = discountLines(input.lines, input.coupons, decimals);
  const scale = new MoneyDecimal(10).pow(decimals);

  const lines: LineTotals[] = input.lines.map((line) => {
    const discountCents = discounts.perLine.get(line.key) ?? ZERO;
    const total =
      input.coupons.length === 0 && line.total !== undefined
        ? line.total
        : line.subtotal.minus(discountCents.div(scale));
    const rates = line.taxable ? input.rates : [];
    const subtotalTaxes = taxesOn(line.subtotal, rates);
    const totalTaxes = taxesOn(total, rates);
    return {
      key: line.key,
      subtotal: line.subtotal,
      total,
      subtotalTaxes,
      totalTaxes,
      subtotalTax: roundedSum(subtotalTaxes, decimals),
      totalTax: roundedSum(totalTaxes, decimals),
    };
  });

  const charge = (c: TotalsChargeInput, rates: readonly TotalsRate[]): ChargeTotals => {
    const taxes = taxesOn(c.total, c.taxable ? rates : []);
    return { key: c.key, total: c.total, taxes, totalTax: roundedSum(taxes, decimals) };
  };
  const fees = input.fees.map((f) => charge(f, input.rates));
  const shippingRates = input.rates.filter((r) => r.shipping);
  const shipping = input.shipping.map((s) => charge(s, shippingRates));

  const coupons: CouponTotals[] = input.coupons.map((coupon) => {
    const perLine = discounts.perCoupon.get(coupon.code) ?? new Map<number, Money>();
    let discount = ZERO;
    let unroundedTax = ZERO;
    for (const line of input.lines) {
      const cents = perLine.get(line.key) ?? ZERO;
      const amount = cents.div(scale);
      discount = discount.plus(amount);
      if (line.taxable) unroundedTax = unroundedTax.plus(sum(taxesOn(amount, input.rates).map((t) => t.amount)));
    }
    return { code: coupon.code, discount, discountTax: roundTo(unroundedTax, decimals) };
  });

  const rates: RateTotals[] = [];
  for (const rate of input.rates) {
    const pick = (taxes: readonly TaxSplit[]) => taxes.filter((t) => t.rateId === rate.id);
    const taxTotal = sum(
      [...lines.map((l) => pick(l.totalTaxes)), ...fees.map((f) => pick(f.taxes))].map((t) => roundedSum(t, decimals)),
    );
    const shippingTaxTotal = sum(shipping.map((s) => roundedSum(pick(s.taxes), decimals)));
    const used =
      lines.some((l) => pick(l.totalTaxes).length > 0) ||
      fees.some((f) => pick(f.taxes).length > 0) ||
      shipping.some((s) => pick(s.taxes).length > 0);
    if (used) rates.push({ rateId: rate.id, taxTotal, shippingTaxTotal });
  }

  const discountTotal = sum(lines.map((l) => l.subtotal.minus(l.total)));
  const discountTax = sum(lines.map((l) => l.subtotalTax.minus(l.totalTax)));
  const shippingTotal = sum(shipping.map((s) => s.total));
  const cartTax = sum(rates.map((r) => r.taxTotal));
  const shippingTax = sum(rates.map((r) => r.shippingTaxTotal));
  const totalTax = cartTax.plus(shippingTax);
  const total = sum(lines.map((l) => l.total))
    .plus(sum(fees.map((f) => f.total)))
    .plus(shippingTotal)
    .plus(totalTax);
  return {
    lines,
    fees,
    shipping,
    coupons,
    rates,
    discountTotal,
    discountTax,
    shippingTotal,
    shippingTax,
    cartTax,
    totalTax,
    total: total.isNegative() ? ZERO : total,
  };
}

// Discounts, in cents ---------------------------------------------------------------------------------------------

interface DiscountItem {
  key: number;
  quantity: number;
  /** Line subtotal in cents. */
  price: Money;
  /** Cents already taken off by earlier coupons. */
  discounted: Money;
}

interface Discounts {
  perLine: Map<number, Money>;
  perCoupon: Map<string, Map<number, Money>>;
}

function discountLines(lines: readonly TotalsLineInput[], coupons: readonly TotalsCouponInput[], decimals: number) {
  const scale = new MoneyDecimal(10).pow(decimals);
  const items: DiscountItem[] = lines
    .map((l) => ({ key: l.key, quantity: l.quantity, price: l.subtotal.times(scale).round(), discounted: ZERO }))
    .sort((a, b) => b.price.comparedTo(a.price));
  const result: Discounts = { perLine: new Map(), perCoupon: new Map() };
  for (const coupon of coupons) {
    const applied = new Map<number, Money>();
    result.perCoupon.set(coupon.code, applied);
    const give = (item: DiscountItem, cents: Money) => {
      if (cents.isZero()) return;
      item.discounted = item.discounted.plus(cents);
      applied.set(item.key, (applied.get(item.key) ?? ZERO).plus(cents));
      result.perLine.set(item.key, (result.perLine.get(item.key) ?? ZERO).plus(cents));
    };
    const amountCents = coupon.amount.times(scale);
    if (coupon.type === "percent") {
      let total = ZERO;
      let cartTotal = ZERO;
      for (const item of items) {
        const left = item.price.minus(item.discounted);
        const discount = MoneyDecimal.min(left, item.price.times(coupon.amount).div(100).floor());
        cartTotal = cartTotal.plus(item.price);
        total = total.plus(discount);
        give(item, discount);
      }
      const cartDiscount = cartTotal.times(coupon.amount).div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_DOWN);
      if (total.lessThan(cartDiscount)) remainder(items, cartDiscount.minus(total), give);
    } else if (coupon.type === "fixed_product") {
      fixedPerUnit(items, amountCents.floor(), give);
    } else {
      fixedCart(items, amountCents.floor(), give);
    }
  }
  return result;
}

type Give = (item: DiscountItem, cents: Money) => void;

function fixedPerUnit(items: readonly DiscountItem[], perUnit: Money, give: Give): Money {
  let total = ZERO;
  for (const item of items) {
    const left = item.price.minus(item.discounted);
    const discount = MoneyDecimal.min(left, perUnit.times(item.quantity));
    total = total.plus(discount);
    give(item, discount);
  }
  return total;
}

function fixedCart(items: readonly DiscountItem[], amount: Money, give: Give): Money {
  const priced = items.filter((i) => i.price.greaterThan(0));
  const units = priced.reduce((n, i) => n + i.quantity, 0);
  if (units === 0 || amount.lessThanOrEqualTo(0)) return ZERO;
  const perUnit = amount.div(units).floor();
  if (perUnit.greaterThan(0)) {
    let total = fixedPerUnit(priced, perUnit, give);
    if (total.greaterThan(0) && total.lessThan(amount))
      total = total.plus(fixedCart(priced, amount.minus(total), give));
    return total;
  }
  return remainder(priced, amount, give);
}

/** Hands out the missing cents one per unit, highest-priced lines first. */
function remainder(items: readonly DiscountItem[], amount: Money, give: Give): Money {
  let total = ZERO;
  for (const item of items) {
    for (let unit = 0; unit < item.quantity; unit++) {
      const left = item.price.minus(item.discounted);
      const cent = MoneyDecimal.min(left, 1);
      if (cent.lessThanOrEqualTo(0)) break;
      total = total.plus(cent);
      give(item, cent);
      if (total.greaterThanOrEqualTo(amount)) return total;
    }
  }
  return total;
}
