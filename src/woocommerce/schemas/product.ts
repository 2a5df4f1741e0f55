import { z } from "zod";
import { type MetaDataWrite, metaDataSchema, moneyString, wooDateTime, wooDateTimeOrNull } from "./common.js";

/** `manage_stock`: a boolean, or `"parent"` on a variation whose stock is its parent's. */
export const manageStockSchema = z.union([z.boolean(), z.literal("parent")]);

export const stockStatusSchema = z.string();
export type StockStatus = "instock" | "outofstock" | "onbackorder" | (string & {});

const termRef = z.looseObject({ id: z.int(), name: z.string(), slug: z.string() });

/**
 * A product from `/products`. The same route also returns variations (`type: "variation"`, `parent_id` set) when read
 * by id or by `?sku=`, so the shape allows both.
 */
/**
 * Price fields products and variations share. `price` is the active price (read-only; on a variable parent the lowest
 * variation price); `regular_price` is `""` on a variable parent; `sale_price` is `""` when there is no sale.
 */
export const sellingPriceFields = {
  price: moneyString,
  regular_price: moneyString,
  sale_price: moneyString,
  date_on_sale_from: wooDateTimeOrNull,
  date_on_sale_from_gmt: wooDateTimeOrNull,
  date_on_sale_to: wooDateTimeOrNull,
  date_on_sale_to_gmt: wooDateTimeOrNull,
  on_sale: z.boolean(),
};

export const productSchema = z.looseObject({
  id: z.int(),
  name: z.string(),
  slug: z.string(),
  permalink: z.string(),
  date_created: wooDateTime,
  date_created_gmt: wooDateTime,
  date_modified: wooDateTime,
  date_modified_gmt: wooDateTime,
  /** simple, grouped, external, variable, variation, or a plugin's type. */
  type: z.string(),
  status: z.string(),
  featured: z.boolean(),
  catalog_visibility: z.string(),
  description: z.string(),
  short_description: z.string(),
  sku: z.string(),
  global_unique_id: z.string().optional(),
  ...sellingPriceFields,
  purchasable: z.boolean(),
  virtual: z.boolean(),
  downloadable: z.boolean(),
  tax_status: z.string(),
  tax_class: z.string(),
  manage_stock: manageStockSchema,
  /** Null unless stock is managed. An integer, possibly negative. */
  stock_quantity: z.int().nullable(),
  stock_status: stockStatusSchema,
  backorders: z.string(),
  low_stock_amount: z.int().nullable(),
  weight: z.string(),
  dimensions: z.looseObject({ length: z.string(), width: z.string(), height: z.string() }),
  parent_id: z.int(),
  categories: z.array(termRef),
  tags: z.array(termRef),
  images: z.array(z.looseObject({ id: z.int(), src: z.string() })),
  attributes: z.array(z.looseObject({ id: z.int(), name: z.string() })),
  /** Ids of a variable product's variations. */
  variations: z.array(z.int()),
  menu_order: z.int(),
  meta_data: z.array(metaDataSchema),
});
export type Product = z.output<typeof productSchema>;

/** Product fields cpwoo writes (POST/PUT /products, batch). Money is always a string. */
export interface ProductWrite {
  name?: string;
  type?: "simple" | "grouped" | "external" | "variable";
  status?: "draft" | "pending" | "private" | "publish";
  sku?: string;
  description?: string;
  short_description?: string;
  regular_price?: string;
  sale_price?: string;
  date_on_sale_from_gmt?: string | null;
  date_on_sale_to_gmt?: string | null;
  tax_status?: "taxable" | "shipping" | "none";
  tax_class?: string;
  /** Send `manage_stock: true` with every `stock_quantity`; without it the quantity is silently ignored. */
  manage_stock?: boolean;
  stock_quantity?: number;
  stock_status?: StockStatus;
  backorders?: "no" | "notify" | "yes";
  weight?: string;
  categories?: Array<{ id: number }>;
  attributes?: Array<{
    id?: number;
    name?: string;
    position?: number;
    visible?: boolean;
    variation?: boolean;
    options?: string[];
  }>;
  meta_data?: MetaDataWrite[];
}

/** A product update names its id (batch `update`). */
export type ProductUpdate = ProductWrite & { id: number };
