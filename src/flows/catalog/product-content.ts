import type { CatalogSettings, UpdatableProductField } from "../../config/settings-catalog.js";
import { money } from "../../money/index.js";
import { stableHash } from "../../store/stable-hash.js";
import type { ProductWrite } from "../../woocommerce/schemas/product.js";
import type { CatalogItem } from "./catalog-item.js";
import { plainTextAsHtml, sanitizeDescription } from "./sanitize-description.js";

/** The product fields that come from Counterpoint's item (no stock, no price), grouped by the setting that guards them. */
export type ProductContent = Pick<
  ProductWrite,
  "name" | "description" | "short_description" | "categories" | "weight" | "tax_status" | "tax_class" | "attributes"
> & { images?: Array<{ src: string; alt: string }> };

export class CatalogMappingError extends Error {}

/**
 * Counterpoint item → product content (pure). `categoryIds` maps EC_CATEG ids to web category ids; an item's category
 * that is not mapped yet is left out (the category step runs first and reports what it could not create).
 */
export function productContent(
  item: CatalogItem,
  categoryIds: ReadonlyMap<string, number>,
  settings: CatalogSettings,
): ProductContent {
  const row = item.row;
  const name = row.descr.trim();
  if (name === "") throw new CatalogMappingError(`item ${row.itemNo} DESCR: empty, a web product needs a name`);
  const description =
    row.htmlDescr !== null && row.htmlDescr.trim() !== ""
      ? sanitizeDescription(row.htmlDescr)
      : row.longDescr !== null
        ? plainTextAsHtml(row.longDescr)
        : "";
  const content: ProductContent = {
    name,
    description,
    short_description: row.longDescr === null ? "" : plainTextAsHtml(row.longDescr),
    categories: item.categoryIds.flatMap((id) => {
      const woo = categoryIds.get(id);
      return woo === undefined ? [] : [{ id: woo }];
    }),
    weight: row.weight === null || money(row.weight).isZero() ? "" : money(row.weight).toDecimalPlaces(4).toString(),
    tax_status: row.taxable ? "taxable" : "none",
    tax_class: (row.taxCategCod !== null ? settings.taxClasses[row.taxCategCod] : undefined) ?? "",
  };
  if (settings.imageUrlPattern !== null && row.imageFile !== null && row.imageFile.trim() !== "") {
    content.images = [
      { src: settings.imageUrlPattern.replace("{file}", encodeURIComponent(row.imageFile.trim())), alt: name },
    ];
  }
  if (item.grid !== null) {
    content.attributes = item.grid.attributes.map((a, position) => ({
      name: a.name,
      position,
      visible: true,
      variation: true,
      options: a.options,
    }));
  }
  return content;
}

const fieldKeys: Record<UpdatableProductField, ReadonlyArray<keyof ProductContent | "status">> = {
  name: ["name"],
  description: ["description"],
  short_description: ["short_description"],
  categories: ["categories"],
  images: ["images"],
  weight: ["weight"],
  tax: ["tax_status", "tax_class"],
  status: ["status"],
};

/**
 * The part of the content cpwoo keeps up to date on existing products: the fields `updateFields` names, plus a
 * variable product's attributes (new grid values need their options). The rest is the merchant's on the web.
 */
export function updatableContent(content: ProductContent, settings: CatalogSettings): ProductWrite {
  const out: Record<string, unknown> = {};
  for (const field of settings.updateFields) {
    for (const key of fieldKeys[field]) {
      if (key !== "status" && content[key] !== undefined) out[key] = content[key];
    }
  }
  if (content.attributes !== undefined) out.attributes = content.attributes;
  return out;
}

/** Hash of the maintained content of a product (pushed_hashes kind "product"). */
export function contentHash(update: ProductWrite): string {
  return stableHash(update);
}
