import { parseWpDate } from "./site-dates.js";
import type { ProductAttribute, ProductRecord, VariationAttribute } from "./records.js";
import { slugify, unwpautop } from "./text-format.js";
import { WpError } from "./wp-error.js";
import type { WooStore } from "./woo-store.js";
import { asBool, asInt, asPrice, asText, has, type Input, isObject, mergeMeta } from "./write-helpers.js";

/**
 * Creating and updating products and variations the way WooCommerce's REST controllers do: unique SKUs across
 * products and variations, stock quantities ignored unless stock is managed, stock status following the quantity,
 * the default category for new products, unique slugs.
 */

export function newProductRecord(id: number, now: number, type = "simple", parentId = 0): ProductRecord {
  const variation = type === "variation";
  return {
    id,
    type,
    parentId,
    name: "",
    slug: "",
    status: "publish",
    featured: false,
    catalogVisibility: "visible",
    description: "",
    shortDescription: "",
    sku: "",
    globalUniqueId: "",
    regularPrice: "",
    salePrice: "",
    dateOnSaleFrom: null,
    dateOnSaleTo: null,
    totalSales: 0,
    virtual: false,
    downloadable: false,
    downloads: [],
    downloadLimit: -1,
    downloadExpiry: -1,
    externalUrl: "",
    buttonText: "",
    taxStatus: "taxable",
    taxClass: variation ? "parent" : "",
    manageStock: false,
    stockQuantity: null,
    stockStatus: "instock",
    backorders: "no",
    lowStockAmount: null,
    soldIndividually: false,
    weight: "",
    dimensions: { length: "", width: "", height: "" },
    shippingClass: "",
    shippingClassId: 0,
    reviewsAllowed: !variation,
    averageRating: "0",
    ratingCount: 0,
    upsellIds: [],
    crossSellIds: [],
    purchaseNote: "",
    categoryIds: [],
    brands: [],
    tags: [],
    images: [],
    attributes: [],
    variationAttributes: [],
    defaultAttributes: [],
    groupedProducts: [],
    menuOrder: 0,
    metaData: [],
    postPassword: "",
    image: null,
    galleryImageIds: [],
    dateCreated: now,
    dateModified: now,
  };
}

export interface ProductWriteOptions {
  store: WooStore;
  now: number;
  timeZone: string;
  creating: boolean;
}

/** "Invalid or duplicated SKU." with the product holding it and a free suggestion (`SKU-1`, `SKU-2`, …). */
function checkSku(store: WooStore, sku: string, selfId: number): void {
  if (sku === "") return;
  const holder = store.productBySku(sku);
  if (holder === undefined || holder.id === selfId) return;
  let n = 1;
  while (store.productBySku(`${sku}-${n}`) !== undefined) n++;
  throw new WpError("product_invalid_sku", "Invalid or duplicated SKU.", 400, {
    resource_id: holder.id,
    unique_sku: `${sku}-${n}`,
  });
}

function uniqueSlug(store: WooStore, wanted: string, selfId: number): string {
  const base = wanted === "" ? String(selfId) : wanted;
  let slug = base;
  let n = 2;
  for (;;) {
    const holder = store.productIdBySlug(slug);
    if (holder === undefined || holder === selfId) return slug;
    slug = `${base}-${n++}`;
  }
}

function saleDate(input: Input, field: string, timeZone: string): number | null | undefined {
  const gmt = input[`${field}_gmt`];
  const local = input[field];
  if (typeof gmt === "string" && gmt !== "") return parseWpDate(gmt, timeZone, true);
  if (typeof local === "string" && local !== "") return parseWpDate(local, timeZone, false);
  if (has(input, field) || has(input, `${field}_gmt`)) return null;
  return undefined;
}

/** The fields products and variations share. */
function applyCommon(p: ProductRecord, input: Input, opts: ProductWriteOptions): void {
  if (has(input, "sku")) {
    const sku = asText(input.sku).trim();
    checkSku(opts.store, sku, p.id);
    p.sku = sku;
  }
  if (has(input, "description")) p.description = unwpautop(asText(input.description));
  if (has(input, "global_unique_id")) p.globalUniqueId = asText(input.global_unique_id);
  if (has(input, "regular_price")) p.regularPrice = asPrice(input.regular_price);
  if (has(input, "sale_price")) p.salePrice = asPrice(input.sale_price);
  const from = saleDate(input, "date_on_sale_from", opts.timeZone);
  if (from !== undefined) p.dateOnSaleFrom = from;
  const to = saleDate(input, "date_on_sale_to", opts.timeZone);
  if (to !== undefined) p.dateOnSaleTo = to;
  if (has(input, "virtual")) p.virtual = asBool(input.virtual);
  if (has(input, "downloadable")) p.downloadable = asBool(input.downloadable);
  if (Array.isArray(input.downloads)) p.downloads = input.downloads;
  if (has(input, "download_limit")) p.downloadLimit = asInt(input.download_limit, -1);
  if (has(input, "download_expiry")) p.downloadExpiry = asInt(input.download_expiry, -1);
  if (has(input, "tax_status")) p.taxStatus = asText(input.tax_status, "taxable");
  if (has(input, "tax_class")) p.taxClass = asText(input.tax_class);
  if (has(input, "backorders")) p.backorders = asText(input.backorders, "no");
  if (has(input, "low_stock_amount")) {
    p.lowStockAmount =
      input.low_stock_amount === null || input.low_stock_amount === "" ? null : asInt(input.low_stock_amount);
  }
  if (has(input, "weight")) p.weight = asText(input.weight);
  if (isObject(input.dimensions)) {
    for (const d of ["length", "width", "height"] as const) {
      if (has(input.dimensions, d)) p.dimensions[d] = asText(input.dimensions[d]);
    }
  }
  if (has(input, "shipping_class")) p.shippingClass = asText(input.shipping_class);
  if (has(input, "menu_order")) p.menuOrder = asInt(input.menu_order);
  if (has(input, "meta_data")) p.metaData = mergeMeta(p.metaData, input.meta_data, () => opts.store.nextId("postMeta"));
  if (has(input, "manage_stock")) {
    const raw = input.manage_stock;
    p.manageStock = p.type === "variation" && raw === "parent" ? "parent" : asBool(raw);
  }
  // WooCommerce only takes a quantity when stock is managed; otherwise it clears it (API.md §12).
  if (p.manageStock === true) {
    if (has(input, "stock_quantity")) p.stockQuantity = asInt(input.stock_quantity);
    if (p.stockQuantity === null) p.stockQuantity = 0;
  } else {
    p.stockQuantity = null;
  }
  if (has(input, "stock_status")) p.stockStatus = asText(input.stock_status, "instock");
  if (p.manageStock === true && p.stockQuantity !== null) {
    p.stockStatus = p.stockQuantity > 0 ? "instock" : p.backorders === "no" ? "outofstock" : "onbackorder";
  }
}

/** Applies a products-route body to a product (not a variation). Throws WpError for business-rule failures. */
export function applyProductInput(p: ProductRecord, input: Input, opts: ProductWriteOptions): void {
  const { store } = opts;
  if (has(input, "type")) p.type = asText(input.type, "simple");
  if (has(input, "name")) p.name = asText(input.name);
  if (has(input, "status")) p.status = asText(input.status, "publish");
  if (has(input, "featured")) p.featured = asBool(input.featured);
  if (has(input, "catalog_visibility")) p.catalogVisibility = asText(input.catalog_visibility, "visible");
  if (has(input, "short_description")) p.shortDescription = unwpautop(asText(input.short_description));
  if (has(input, "external_url")) p.externalUrl = asText(input.external_url);
  if (has(input, "button_text")) p.buttonText = asText(input.button_text);
  if (has(input, "sold_individually")) p.soldIndividually = asBool(input.sold_individually);
  if (has(input, "reviews_allowed")) p.reviewsAllowed = asBool(input.reviews_allowed);
  if (has(input, "post_password")) p.postPassword = asText(input.post_password);
  if (has(input, "purchase_note")) p.purchaseNote = asText(input.purchase_note);
  if (Array.isArray(input.upsell_ids)) p.upsellIds = input.upsell_ids.map((v) => asInt(v));
  if (Array.isArray(input.cross_sell_ids)) p.crossSellIds = input.cross_sell_ids.map((v) => asInt(v));
  if (Array.isArray(input.categories)) {
    p.categoryIds = input.categories
      .map((c) => (isObject(c) ? asInt(c.id) : asInt(c)))
      .filter((id) => store.categories.has(id));
  }
  if (Array.isArray(input.tags)) p.tags = input.tags;
  if (Array.isArray(input.images)) p.images = input.images;
  if (Array.isArray(input.attributes))
    p.attributes = input.attributes.filter(isObject).map((a, i) => toAttribute(store, a, i));
  if (Array.isArray(input.default_attributes)) p.defaultAttributes = input.default_attributes;
  applyCommon(p, input, opts);
  if (has(input, "slug") || opts.creating || p.slug === "") {
    const wanted = has(input, "slug") ? slugify(asText(input.slug)) : slugify(p.name);
    p.slug = uniqueSlug(store, wanted, p.id);
  }
  if (opts.creating && p.categoryIds.length === 0) {
    const fallback = [...store.categories.values()].find((c) => c.slug === "uncategorized");
    if (fallback !== undefined) p.categoryIds = [fallback.id];
  }
  if (p.type === "variable") {
    p.regularPrice = "";
    p.salePrice = "";
  }
}

/** Applies a variations-route body to a variation. */
export function applyVariationInput(v: ProductRecord, parent: ProductRecord, input: Input, opts: ProductWriteOptions) {
  if (has(input, "status")) v.status = asText(input.status, "publish");
  if (has(input, "image")) v.image = input.image ?? null;
  if (Array.isArray(input.attributes)) {
    v.variationAttributes = input.attributes.filter(isObject).map((a) => toVariationAttribute(parent, a));
  }
  applyCommon(v, input, opts);
}

/** A global attribute (`id` ≠ 0) is the taxonomy `pa_<name>`; a local one is named by the product. */
function toAttribute(store: WooStore, a: Record<string, unknown>, index: number): ProductAttribute {
  const id = asInt(a.id);
  let name = asText(a.name);
  let slug = asText(a.slug);
  if (id !== 0 && name === "") {
    for (const p of store.products.values()) {
      const known = p.attributes.find((x) => x.id === id);
      if (known !== undefined) {
        name = known.name;
        slug = known.slug;
        break;
      }
    }
  }
  if (slug === "") slug = id !== 0 ? `pa_${slugify(name)}` : slugify(name);
  return {
    id,
    name,
    slug,
    position: has(a, "position") ? asInt(a.position) : index,
    visible: has(a, "visible") ? asBool(a.visible) : false,
    variation: has(a, "variation") ? asBool(a.variation) : false,
    options: Array.isArray(a.options) ? a.options.map((o) => asText(o)) : [],
  };
}

function toVariationAttribute(parent: ProductRecord, a: Record<string, unknown>): VariationAttribute {
  const id = asInt(a.id);
  const name = asText(a.name);
  const known =
    parent.attributes.find((x) => id !== 0 && x.id === id) ??
    parent.attributes.find((x) => name !== "" && (x.name.toLowerCase() === name.toLowerCase() || x.slug === name));
  const option = asText(a.option);
  const options = known?.options ?? [];
  const canonical = options.find((o) => o.toLowerCase() === option.toLowerCase() || slugify(o) === slugify(option));
  return {
    id: known?.id ?? id,
    name: known?.name ?? name,
    slug: known?.slug ?? (id !== 0 ? `pa_${slugify(name)}` : slugify(name)),
    option: canonical ?? option,
  };
}
