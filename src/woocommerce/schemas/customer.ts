import { z } from "zod";
import {
  type AddressWrite,
  type BillingAddressWrite,
  billingAddressSchema,
  type MetaDataWrite,
  metaDataSchema,
  shippingAddressSchema,
  wooDateTime,
  wooDateTimeOrNull,
} from "./common.js";

export const customerSchema = z.looseObject({
  id: z.int(),
  date_created: wooDateTime,
  date_created_gmt: wooDateTime,
  date_modified: wooDateTimeOrNull,
  date_modified_gmt: wooDateTimeOrNull,
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  role: z.string(),
  username: z.string(),
  billing: billingAddressSchema,
  shipping: shippingAddressSchema,
  is_paying_customer: z.boolean(),
  avatar_url: z.string().optional(),
  meta_data: z.array(metaDataSchema),
});
export type Customer = z.output<typeof customerSchema>;

/** A new customer. `username` is derived from the e-mail when left out. */
export interface CustomerCreate {
  email: string;
  first_name?: string;
  last_name?: string;
  username?: string;
  password?: string;
  billing?: BillingAddressWrite;
  shipping?: AddressWrite;
  meta_data?: MetaDataWrite[];
}

/**
 * Fields cpwoo may change on an existing customer. `password` and `username` are typed `never`: cpwoo must not reset
 * a shopper's login, and the client also refuses them at run time.
 */
export interface CustomerUpdate {
  email?: string;
  first_name?: string;
  last_name?: string;
  billing?: BillingAddressWrite;
  shipping?: AddressWrite;
  meta_data?: MetaDataWrite[];
  password?: never;
  username?: never;
}

/** Keys a customer update may never carry. */
export const forbiddenCustomerUpdateKeys = ["password", "username"] as const;
