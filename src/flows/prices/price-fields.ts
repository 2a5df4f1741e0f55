import { money, toMoneyString } from "../../money/index.js";
import { stableHash } from "../../store/stable-hash.js";

/** The price part of a product or variation write (money as strings, as WooCommerce requires). */
export interface PriceFields {
  regular_price: string;
}

/** The regular price in the store's form ("24.99"); an empty or zero Counterpoint price is no price (""). */
export function priceFields(price: string | null, decimals: number): PriceFields {
  if (price === null || price.trim() === "") return { regular_price: "" };
  const amount = money(price);
  if (amount.isNegative()) throw new RangeError(`price ${price} is negative`);
  return { regular_price: amount.isZero() ? "" : toMoneyString(amount, decimals) };
}

/** "39.00", "39" and "39.0" are one amount: compared as decimals, hashed in one form. */
function normal(value: unknown): string {
  if (typeof value !== "string" && typeof value !== "number") return "";
  const text = String(value).trim();
  return text === "" ? "" : money(text).toString();
}

/** Hash of the price a product or variation shows, from what cpwoo writes or from what the store returns. */
export function priceHash(fields: { regular_price?: unknown }): string {
  return stableHash({ regular_price: normal(fields.regular_price) });
}
