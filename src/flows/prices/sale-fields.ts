import { stableHash } from "../../store/stable-hash.js";
import type { SaleQuote } from "./web-price-extras.js";

/** The sale part of a product or variation write. An empty sale_price with null dates ends a sale. */
export interface SaleFields {
  sale_price: string;
  date_on_sale_from_gmt: string | null;
  date_on_sale_to_gmt: string | null;
}

export const NO_SALE: SaleFields = { sale_price: "", date_on_sale_from_gmt: null, date_on_sale_to_gmt: null };

export function saleFields(sale: SaleQuote | null): SaleFields {
  if (sale === null) return NO_SALE;
  return { sale_price: sale.price, date_on_sale_from_gmt: sale.fromGmt, date_on_sale_to_gmt: sale.toGmt };
}

/** Hash kept in pushed_hashes (kind "sale"); NO_SALE's hash records that cpwoo cleared, or never set, a sale. */
export function saleHash(fields: SaleFields): string {
  return stableHash(fields);
}

export const NO_SALE_HASH = saleHash(NO_SALE);
