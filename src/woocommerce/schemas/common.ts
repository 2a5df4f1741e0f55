import { z } from "zod";

/** A WooCommerce object id: a non-negative integer (0 means "none", e.g. a guest's `customer_id`). */
export const wooId = z.int().nonnegative();

/**
 * An amount as WooCommerce sends it: a decimal string (`"29.35"`, `"-16.00"`, unpadded `"15"`), or `""` when unset
 * (a product without a sale price). Kept as text; read it with `wooMoney()`.
 */
export const moneyString = z.string().regex(/^(-?\d+(\.\d+)?)?$/, "expected a decimal amount as a string");

/** A date as WooCommerce sends it: `YYYY-MM-DDTHH:MM:SS`, no offset. The `_gmt` twin is UTC; read it with `parseWooGmtDate()`. */
export const wooDateTime = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, "expected YYYY-MM-DDTHH:MM:SS");
export const wooDateTimeOrNull = wooDateTime.nullable();

/** `meta_data[]` entry; `value` can be any JSON. Line-item meta also carries `display_key`/`display_value`. */
export const metaDataSchema = z.looseObject({
  id: z.int(),
  key: z.string(),
  value: z.unknown(),
  display_key: z.string().optional(),
  display_value: z.unknown().optional(),
});
export type MetaData = z.output<typeof metaDataSchema>;

/** A `meta_data` write: adds or updates by `key` (or by `id` when given). There is no delete through meta_data. */
export interface MetaDataWrite {
  id?: number;
  key: string;
  value: unknown;
}

/** Per-rate tax split on a line: `{id, total, subtotal}` (`subtotal` is `""` on shipping and fee lines). */
export const lineTaxSchema = z.looseObject({ id: z.int(), total: moneyString, subtotal: moneyString });

const addressFields = {
  first_name: z.string(),
  last_name: z.string(),
  company: z.string(),
  address_1: z.string(),
  address_2: z.string(),
  city: z.string(),
  state: z.string(),
  postcode: z.string(),
  country: z.string(),
};

/** Billing address. On orders `email` may be null; `phone` is always sent. */
export const billingAddressSchema = z.looseObject({
  ...addressFields,
  email: z.string().nullable(),
  phone: z.string(),
});
export type BillingAddress = z.output<typeof billingAddressSchema>;

/** Shipping address: no e-mail; `phone` is sent in responses although the route schema leaves it out. */
export const shippingAddressSchema = z.looseObject({ ...addressFields, phone: z.string().optional() });
export type ShippingAddress = z.output<typeof shippingAddressSchema>;

/** Address fields for writes (all optional; WooCommerce merges them into the stored address). */
export interface AddressWrite {
  first_name?: string;
  last_name?: string;
  company?: string;
  address_1?: string;
  address_2?: string;
  city?: string;
  state?: string;
  postcode?: string;
  country?: string;
  phone?: string;
}
export interface BillingAddressWrite extends AddressWrite {
  email?: string;
}
