import { z } from "zod";
import type { MetaDataWrite } from "./common.js";
import { metaDataSchema, wooDateTime } from "./common.js";
import { manageStockSchema, type StockStatus, sellingPriceFields, stockStatusSchema } from "./product.js";

export const variationSchema = z.looseObject({
  id: z.int(),
  type: z.string().optional(),
  parent_id: z.int().optional(),
  /** Present in newer stores (the attribute values joined). */
  name: z.string().optional(),
  date_created: wooDateTime,
  date_created_gmt: wooDateTime,
  date_modified: wooDateTime,
  date_modified_gmt: wooDateTime,
  description: z.string(),
  permalink: z.string(),
  sku: z.string(),
  global_unique_id: z.string().optional(),
  ...sellingPriceFields,
  status: z.string(),
  purchasable: z.boolean(),
  virtual: z.boolean(),
  downloadable: z.boolean(),
  tax_status: z.string(),
  tax_class: z.string(),
  /** `"parent"`: the variation shows (and uses) its parent's stock. */
  manage_stock: manageStockSchema,
  stock_quantity: z.int().nullable(),
  stock_status: stockStatusSchema,
  backorders: z.string(),
  low_stock_amount: z.int().nullable(),
  weight: z.string(),
  image: z.looseObject({ id: z.int(), src: z.string() }).nullable(),
  attributes: z.array(z.looseObject({ id: z.int(), name: z.string(), option: z.string() })),
  menu_order: z.int(),
  meta_data: z.array(metaDataSchema),
});
export type Variation = z.output<typeof variationSchema>;

/** Variation fields cpwoo writes (`/products/{parent}/variations[/batch]`). Money is always a string. */
export interface VariationWrite {
  sku?: string;
  status?: "draft" | "pending" | "private" | "publish";
  regular_price?: string;
  sale_price?: string;
  date_on_sale_from_gmt?: string | null;
  date_on_sale_to_gmt?: string | null;
  /** Send `manage_stock: true` with every `stock_quantity`. */
  manage_stock?: boolean;
  stock_quantity?: number;
  stock_status?: StockStatus;
  backorders?: "no" | "notify" | "yes";
  weight?: string;
  attributes?: Array<{ id?: number; name?: string; option: string }>;
  meta_data?: MetaDataWrite[];
}

export type VariationUpdate = VariationWrite & { id: number };
