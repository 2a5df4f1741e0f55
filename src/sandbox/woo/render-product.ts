import { money, toMoneyString } from "../../money/index.js";
import { rangePriceHtml, simplePriceHtml } from "./price-html.js";
import {
  activePrice,
  derivedStockStatus,
  isOnSale,
  optionSlug,
  shownStockQuantity,
  variableFacts,
  variationFullName,
  variationSummary,
} from "./product-facts.js";
import type { ProductRecord } from "./records.js";
import { ALLOW_ALL, dates, hrefs, type RenderEnv, selfLink } from "./render-env.js";
import { slugify, wpautop } from "./text-format.js";

/**
 * Products as `GET /products/{id}` returns them, key for key in WooCommerce's order. A variation read through the
 * products routes (by id, `?sku=`, or a product webhook) comes out in this product shape; the variations routes use
 * `renderVariation`.
 */
export function renderProduct(p: ProductRecord, env: RenderEnv): Record<string, unknown> {
  const { store, site } = env;
  const isVariation = p.type === "variation";
  const parent = isVariation ? store.products.get(p.parentId) : undefined;
  const edit = env.context === "edit";
  const [created, createdGmt] = dates(env, p.dateCreated);
  const [modified, modifiedGmt] = dates(env, p.dateModified);
  const [saleFrom, saleFromGmt] = dates(env, p.dateOnSaleFrom);
  const [saleTo, saleToGmt] = dates(env, p.dateOnSaleTo);

  let price = activePrice(p, env.now);
  let onSale = isOnSale(p, env.now);
  let purchasable = p.status === "publish" && price !== "";
  let stockStatus = derivedStockStatus(p, parent);
  let priceHtml = simplePriceHtml(price, p.regularPrice, onSale, site);
  let variations: number[] = [];
  if (p.type === "variable") {
    const facts = variableFacts(store, p, env.now);
    price = facts.price;
    onSale = facts.onSale;
    purchasable = p.status === "publish" && facts.purchasable;
    stockStatus = facts.stockStatus;
    priceHtml =
      facts.minPrice === ""
        ? ""
        : facts.minPrice === facts.maxPrice
          ? simplePriceHtml(facts.minPrice, "", false, site)
          : rangePriceHtml(facts.minPrice, facts.maxPrice, site);
    variations = store.variationsOf(p.id).map((v) => v.id);
  }
  const name = isVariation ? variationFullName(p, parent) : p.name;
  const slug = isVariation ? slugify(name) : p.slug;
  const taxClass = !edit && p.taxClass === "parent" ? (parent?.taxClass ?? "") : p.taxClass;

  const out: Record<string, unknown> = {
    id: p.id,
    name,
    slug,
    permalink: permalink(p, parent, env),
    date_created: created,
    date_created_gmt: createdGmt,
    date_modified: modified,
    date_modified_gmt: modifiedGmt,
    type: p.type,
    status: p.status,
    featured: p.featured,
    catalog_visibility: p.catalogVisibility,
    description: edit ? p.description : wpautop(p.description),
    short_description: edit ? p.shortDescription : wpautop(p.shortDescription),
    sku: p.sku,
    price,
    regular_price: p.regularPrice,
    sale_price: p.salePrice,
    date_on_sale_from: saleFrom,
    date_on_sale_from_gmt: saleFromGmt,
    date_on_sale_to: saleTo,
    date_on_sale_to_gmt: saleToGmt,
    on_sale: onSale,
    purchasable,
    // A variation has no sales counter of its own; WooCommerce reads an empty meta and shows it as the string "0".
    total_sales: isVariation ? String(p.totalSales) : p.totalSales,
    virtual: p.virtual,
    downloadable: p.downloadable,
    downloads: p.downloads,
    download_limit: p.downloadLimit,
    download_expiry: p.downloadExpiry,
    external_url: p.externalUrl,
    button_text: p.buttonText,
    tax_status: p.taxStatus,
    tax_class: taxClass,
    manage_stock: p.manageStock,
    stock_quantity: shownStockQuantity(p, parent),
    backorders: p.backorders,
    backorders_allowed: p.backorders !== "no",
    backordered: stockStatus === "onbackorder",
    low_stock_amount: p.lowStockAmount,
    sold_individually: p.soldIndividually,
    weight: p.weight,
    dimensions: { ...p.dimensions },
    shipping_required: !p.virtual,
    shipping_taxable: !p.virtual && (p.taxStatus === "taxable" || p.taxStatus === "shipping"),
    shipping_class: p.shippingClass,
    shipping_class_id: p.shippingClassId,
    reviews_allowed: isVariation ? false : p.reviewsAllowed,
    average_rating: edit ? p.averageRating : toMoneyString(money(p.averageRating || "0"), 2),
    rating_count: p.ratingCount,
    upsell_ids: p.upsellIds,
    cross_sell_ids: p.crossSellIds,
    parent_id: p.parentId,
    purchase_note: p.purchaseNote,
    categories: isVariation ? [] : categoryRefs(p, env),
    brands: p.brands,
    tags: p.tags,
    images: p.images,
    attributes: isVariation ? p.variationAttributes.map((a) => ({ ...a })) : p.attributes.map((a) => ({ ...a })),
    default_attributes: p.defaultAttributes,
    variations,
    grouped_products: p.groupedProducts,
    menu_order: p.menuOrder,
    price_html: priceHtml,
    related_ids: env.catalog.relatedIds(p),
    meta_data: p.metaData.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    stock_status: stockStatus,
    has_options: p.type === "variable" || p.attributes.some((a) => a.variation),
    post_password: p.postPassword,
    global_unique_id: p.globalUniqueId,
  };
  if (edit) {
    out.permalink_template = `${env.base}/product/%pagename%/`;
    out.generated_slug = slug;
  }
  const links: Record<string, unknown> = {
    self: selfLink(env, `/products/${p.id}`, ALLOW_ALL),
    collection: hrefs(env, "/products"),
  };
  if (p.parentId !== 0) links.up = hrefs(env, `/products/${p.parentId}`);
  out._links = links;
  return out;
}

/** A variation as `/products/{parent}/variations` returns it. */
export function renderVariation(v: ProductRecord, env: RenderEnv): Record<string, unknown> {
  const parent = env.store.products.get(v.parentId);
  const edit = env.context === "edit";
  const [created, createdGmt] = dates(env, v.dateCreated);
  const [modified, modifiedGmt] = dates(env, v.dateModified);
  const [saleFrom, saleFromGmt] = dates(env, v.dateOnSaleFrom);
  const [saleTo, saleToGmt] = dates(env, v.dateOnSaleTo);
  const price = activePrice(v, env.now);
  const stockStatus = derivedStockStatus(v, parent);
  return {
    id: v.id,
    type: "variation",
    date_created: created,
    date_created_gmt: createdGmt,
    date_modified: modified,
    date_modified_gmt: modifiedGmt,
    description: edit ? v.description : wpautop(v.description),
    permalink: permalink(v, parent, env),
    sku: v.sku,
    global_unique_id: v.globalUniqueId,
    price,
    regular_price: v.regularPrice,
    sale_price: v.salePrice,
    date_on_sale_from: saleFrom,
    date_on_sale_from_gmt: saleFromGmt,
    date_on_sale_to: saleTo,
    date_on_sale_to_gmt: saleToGmt,
    on_sale: isOnSale(v, env.now),
    status: v.status,
    purchasable: v.status === "publish" && price !== "",
    virtual: v.virtual,
    downloadable: v.downloadable,
    downloads: v.downloads,
    download_limit: v.downloadLimit,
    download_expiry: v.downloadExpiry,
    tax_status: v.taxStatus,
    tax_class: !edit && v.taxClass === "parent" ? (parent?.taxClass ?? "") : v.taxClass,
    manage_stock: v.manageStock,
    stock_quantity: shownStockQuantity(v, parent),
    stock_status: stockStatus,
    backorders: v.backorders,
    backorders_allowed: v.backorders !== "no",
    backordered: stockStatus === "onbackorder",
    low_stock_amount: v.lowStockAmount,
    weight: v.weight,
    dimensions: { ...v.dimensions },
    shipping_class: v.shippingClass,
    shipping_class_id: v.shippingClassId,
    image: v.image,
    gallery_image_ids: v.galleryImageIds,
    attributes: v.variationAttributes.map((a) => ({ ...a })),
    menu_order: v.menuOrder,
    meta_data: v.metaData.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    name: variationSummary(v),
    parent_id: v.parentId,
    _links: {
      self: selfLink(env, `/products/${v.parentId}/variations/${v.id}`, ALLOW_ALL),
      collection: hrefs(env, `/products/${v.parentId}/variations`),
      up: hrefs(env, `/products/${v.parentId}`),
    },
  };
}

function permalink(p: ProductRecord, parent: ProductRecord | undefined, env: RenderEnv): string {
  if (p.type !== "variation") return `${env.base}/product/${p.slug}/`;
  const query = p.variationAttributes
    .map((a) => `attribute_${a.slug === "" ? slugify(a.name) : a.slug}=${optionSlug(a.option)}`)
    .join("&");
  return `${env.base}/product/${parent?.slug ?? p.slug}/${query === "" ? "" : `?${query}`}`;
}

function categoryRefs(p: ProductRecord, env: RenderEnv) {
  const out: Array<{ id: number; name: string; slug: string }> = [];
  for (const id of p.categoryIds) {
    const c = env.store.categories.get(id);
    if (c !== undefined) out.push({ id: c.id, name: c.name, slug: c.slug });
  }
  return out;
}
