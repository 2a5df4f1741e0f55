import { z } from "zod";
import {
  type AddressWrite,
  type BillingAddressWrite,
  billingAddressSchema,
  lineTaxSchema,
  type MetaDataWrite,
  metaDataSchema,
  moneyString,
  shippingAddressSchema,
  wooDateTime,
  wooDateTimeOrNull,
  wooId,
} from "./common.js";

export const orderLineItemSchema = z.looseObject({
  id: z.int(),
  name: z.string(),
  /** The variable parent's name on a variation line, else null. */
  parent_name: z.string().nullable().optional(),
  product_id: wooId,
  variation_id: wooId,
  quantity: z.int(),
  tax_class: z.string(),
  /** Before discounts. */
  subtotal: moneyString,
  subtotal_tax: moneyString,
  /** After discounts. */
  total: moneyString,
  total_tax: moneyString,
  taxes: z.array(lineTaxSchema),
  /** Variation attributes (e.g. `pa_size`) and internal keys such as `_reduced_stock`. */
  meta_data: z.array(metaDataSchema),
  /** The product's SKU *now*, not at order time. */
  sku: z.string().nullable(),
  global_unique_id: z.string().optional(),
  /** A JSON number: line total ÷ quantity (after discounts, before tax), may carry many decimals. */
  price: z.number(),
  image: z.looseObject({ id: z.union([z.int(), z.string()]), src: z.string() }).optional(),
});
export type OrderLineItem = z.output<typeof orderLineItemSchema>;

export const orderTaxLineSchema = z.looseObject({
  id: z.int(),
  rate_code: z.string(),
  rate_id: z.int(),
  label: z.string(),
  compound: z.boolean(),
  tax_total: moneyString,
  shipping_tax_total: moneyString,
  rate_percent: z.number().optional(),
  meta_data: z.array(metaDataSchema),
});
export type OrderTaxLine = z.output<typeof orderTaxLineSchema>;

export const orderShippingLineSchema = z.looseObject({
  id: z.int(),
  method_title: z.string(),
  method_id: z.string(),
  instance_id: z.string(),
  total: moneyString,
  total_tax: moneyString,
  taxes: z.array(lineTaxSchema),
  tax_status: z.string().optional(),
  meta_data: z.array(metaDataSchema),
});
export type OrderShippingLine = z.output<typeof orderShippingLineSchema>;

export const orderFeeLineSchema = z.looseObject({
  id: z.int(),
  name: z.string(),
  tax_class: z.string(),
  tax_status: z.string(),
  /** Newer field; `""` on fees added with a fixed total. */
  amount: moneyString.optional(),
  total: moneyString,
  total_tax: moneyString,
  taxes: z.array(lineTaxSchema),
  meta_data: z.array(metaDataSchema),
});
export type OrderFeeLine = z.output<typeof orderFeeLineSchema>;

export const orderCouponLineSchema = z.looseObject({
  id: z.int(),
  code: z.string(),
  /** Not padded to the store's decimals (`"15"`, `"0.9"`): compare as decimals, never as strings. */
  discount: moneyString,
  discount_tax: moneyString,
  discount_type: z.string().optional(),
  /** A JSON number: the coupon's face value (percent or amount). */
  nominal_amount: z.number().optional(),
  free_shipping: z.boolean().optional(),
  meta_data: z.array(metaDataSchema),
});
export type OrderCouponLine = z.output<typeof orderCouponLineSchema>;

/** A refund as listed on its order: `total` and `total_tax` are negative. */
export const orderRefundSummarySchema = z.looseObject({
  id: z.int(),
  reason: z.string(),
  total: moneyString,
  total_tax: moneyString.optional(),
});
export type OrderRefundSummary = z.output<typeof orderRefundSummarySchema>;

/** Core order statuses; plugins add their own, so the type stays an open string. */
export type OrderStatus =
  | "pending"
  | "processing"
  | "on-hold"
  | "completed"
  | "cancelled"
  | "refunded"
  | "failed"
  | "checkout-draft"
  | "auto-draft"
  | "trash"
  | (string & {});

export const orderSchema = z.looseObject({
  id: z.int(),
  parent_id: wooId,
  /** For people; plugins may change it. Use `id` for API calls and idempotency keys. */
  number: z.string(),
  order_key: z.string(),
  created_via: z.string(),
  version: z.string(),
  status: z.string(),
  currency: z.string(),
  currency_symbol: z.string().optional(),
  date_created: wooDateTime,
  date_created_gmt: wooDateTime,
  date_modified: wooDateTime,
  date_modified_gmt: wooDateTime,
  /** Not a reliable "paid" flag: can be null on a processing order. */
  date_paid: wooDateTimeOrNull,
  date_paid_gmt: wooDateTimeOrNull,
  date_completed: wooDateTimeOrNull,
  date_completed_gmt: wooDateTimeOrNull,
  discount_total: moneyString,
  discount_tax: moneyString,
  shipping_total: moneyString,
  shipping_tax: moneyString,
  cart_tax: moneyString,
  total: moneyString,
  total_tax: moneyString,
  prices_include_tax: z.boolean(),
  /** 0 for guests: they have no customer record, only billing/shipping. */
  customer_id: wooId,
  customer_ip_address: z.string(),
  customer_user_agent: z.string(),
  customer_note: z.string(),
  billing: billingAddressSchema,
  shipping: shippingAddressSchema,
  payment_method: z.string(),
  payment_method_title: z.string(),
  transaction_id: z.string(),
  cart_hash: z.string(),
  meta_data: z.array(metaDataSchema),
  line_items: z.array(orderLineItemSchema),
  tax_lines: z.array(orderTaxLineSchema),
  shipping_lines: z.array(orderShippingLineSchema),
  fee_lines: z.array(orderFeeLineSchema),
  coupon_lines: z.array(orderCouponLineSchema),
  refunds: z.array(orderRefundSummarySchema),
  payment_url: z.string().optional(),
  is_editable: z.boolean().optional(),
  needs_payment: z.boolean().optional(),
  needs_processing: z.boolean().optional(),
});
export type Order = z.output<typeof orderSchema>;

/** Fields cpwoo writes on an existing order (PUT /orders/{id}, batch `update`). */
export interface OrderUpdate {
  status?: OrderStatus;
  customer_note?: string;
  transaction_id?: string;
  billing?: BillingAddressWrite;
  shipping?: AddressWrite;
  meta_data?: MetaDataWrite[];
  /** Marks the order paid (sets `date_paid`, may reduce stock) when moving from pending/on-hold/failed/cancelled. */
  set_paid?: boolean;
}

/** A line of a new order: name the product by id or by SKU (an unknown one is silently accepted: validate first). */
export interface OrderLineItemCreate {
  product_id?: number;
  variation_id?: number;
  sku?: string;
  quantity: number;
  /** Amounts are strings; a number is refused outside batches. */
  subtotal?: string;
  total?: string;
  meta_data?: MetaDataWrite[];
}

/** A new order (POST /orders, batch `create`). Used by the sandbox and tests; cpwoo itself does not create orders. */
export interface OrderCreate {
  status?: OrderStatus;
  currency?: string;
  customer_id?: number;
  customer_note?: string;
  payment_method?: string;
  payment_method_title?: string;
  transaction_id?: string;
  set_paid?: boolean;
  billing?: BillingAddressWrite;
  shipping?: AddressWrite;
  line_items?: OrderLineItemCreate[];
  shipping_lines?: Array<{ method_id: string; method_title: string; instance_id?: string; total: string }>;
  fee_lines?: Array<{ name: string; total: string; tax_status?: "taxable" | "none"; tax_class?: string }>;
  coupon_lines?: Array<{ code: string }>;
  meta_data?: MetaDataWrite[];
}
