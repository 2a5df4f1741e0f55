import { z } from "zod";

export const productCategorySchema = z.looseObject({
  id: z.int(),
  name: z.string(),
  slug: z.string(),
  /** 0 at the top level. */
  parent: z.int(),
  description: z.string(),
  display: z.string(),
  image: z.looseObject({ id: z.int(), src: z.string() }).nullable(),
  menu_order: z.int(),
  count: z.int(),
});
export type ProductCategory = z.output<typeof productCategorySchema>;

/** A new category; only `name` is required. A duplicate name gives `term_exists` with `data.resource_id`. */
export interface ProductCategoryCreate {
  name: string;
  slug?: string;
  parent?: number;
  description?: string;
  display?: "default" | "products" | "subcategories" | "both";
  menu_order?: number;
}

export type ProductCategoryUpdate = Partial<ProductCategoryCreate> & { id: number };
