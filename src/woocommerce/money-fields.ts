import { type Money, MoneyParseError, money } from "../money/index.js";

/**
 * Reads a WooCommerce amount as a Decimal: a money string (`"29.35"`, `""` for unset reads as 0), or one of the few
 * amounts sent as JSON numbers (`line_items[].price`, `coupon_lines[].nominal_amount`, refund `refund_total`).
 * `field` names the record and field in the error, e.g. `"order 25 line_items[1].total"`.
 */
export function wooMoney(value: string | number, field: string): Money {
  try {
    return money(value);
  } catch (err) {
    if (err instanceof MoneyParseError) throw new MoneyParseError(`${field}: ${err.message}`);
    throw err;
  }
}
