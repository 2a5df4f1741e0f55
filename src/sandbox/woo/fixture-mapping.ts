import { money } from "../../money/index.js";
import type {
  Address,
  CategoryRecord,
  CouponLine,
  CouponRecord,
  CustomerRecord,
  FeeLine,
  ItemMeta,
  LineItem,
  MetaEntry,
  NoteRecord,
  OrderRecord,
  ProductAttribute,
  ProductRecord,
  RefundRecord,
  ShippingLine,
  TaxAmount,
  TaxLine,
  TaxRateRecord,
  VariationAttribute,
  WebhookRecord,
} from "./records.js";
import { parseGmtField } from "./site-dates.js";
import { slugify, unwpautop } from "./text-format.js";
import { asBool, asInt, asText, emptyAddress, isObject, mergeAddress } from "./write-helpers.js";

/**
 * WooCommerce JSON (as the wc/v3 routes return it) → sandbox records. Pure: recognising what a JSON object is, and
 * reading it back into what WooCommerce would have stored (raw descriptions, unpadded amounts, UTC dates).
 */

export type FixtureKind =
  | "product"
  | "order"
  | "refund"
  | "note"
  | "customer"
  | "category"
  | "coupon"
  | "webhook"
  | "taxRate";

type Json = Record<string, unknown>;

export function detectKind(body: Json): FixtureKind | "error" | null {
  const has = (...keys: string[]) => keys.every((k) => Object.hasOwn(body, k));
  if (has("code", "message", "data") && !has("id")) return "error";
  if (has("line_items", "order_key")) return "order";
  if (has("amount", "refunded_by")) return "refund";
  if (has("note", "customer_note", "author")) return "note";
  if (has("username", "email", "role")) return "customer";
  if (has("topic", "delivery_url")) return "webhook";
  if (has("code", "discount_type", "amount")) return "coupon";
  if (has("rate", "priority", "compound", "country")) return "taxRate";
  if (has("type", "stock_status") && (has("regular_price") || has("sku"))) return "product";
  if (has("slug", "count", "display") || has("slug", "parent", "name", "menu_order")) return "category";
  return null;
}

const num = (v: unknown, fallback = 0) => (typeof v === "number" ? v : asInt(v, fallback));
const text = (v: unknown) => asText(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const idList = (v: unknown) => list(v).map((x) => num(x));

/** A money string back to what WooCommerce stores (`"24.99"` stays, `""` stays empty). */
function amount(v: unknown): string {
  const t = asText(v).trim();
  return t === "" ? "0" : money(t).toFixed();
}

function dateOr(v: unknown, fallback: number): number {
  return parseGmtField(v) ?? fallback;
}

export function upLinkId(body: Json, resource: string): number | null {
  const links = body._links;
  if (!isObject(links)) return null;
  for (const rel of ["up", "collection", "self"]) {
    const entries = links[rel];
    if (!Array.isArray(entries)) continue;
    for (const e of entries) {
      const href = isObject(e) ? asText(e.href) : "";
      const m = new RegExp(`/${resource}/(\\d+)(?:/|$)`).exec(href);
      if (m?.[1] !== undefined) return Number(m[1]);
    }
  }
  return null;
}

function meta(v: unknown): MetaEntry[] {
  return list(v)
    .filter(isObject)
    .map((m) => ({ id: num(m.id), key: text(m.key), value: m.value ?? "" }));
}

function itemMeta(v: unknown): ItemMeta[] {
  return list(v)
    .filter(isObject)
    .map((m) => {
      const out: ItemMeta = { id: num(m.id), key: text(m.key), value: m.value ?? "" };
      const shown = typeof m.value === "string" ? m.value : JSON.stringify(m.value);
      if (typeof m.display_key === "string" && m.display_key !== out.key) out.displayKey = m.display_key;
      if (typeof m.display_value === "string" && m.display_value !== shown) out.displayValue = m.display_value;
      return out;
    });
}

function address(v: unknown, withEmail: boolean): Address {
  return mergeAddress(emptyAddress(withEmail), v, withEmail);
}

export function productFromJson(b: Json, now: number): ProductRecord {
  const type = text(b.type) || "simple";
  const variation = type === "variation";
  const manage = b.manage_stock === "parent" ? "parent" : asBool(b.manage_stock);
  const dims = isObject(b.dimensions) ? b.dimensions : {};
  const attributes = list(b.attributes).filter(isObject);
  const created = dateOr(b.date_created_gmt, now);
  return {
    id: num(b.id),
    type,
    parentId: num(b.parent_id),
    name: text(b.name),
    slug: variation ? "" : text(b.slug),
    status: text(b.status) || "publish",
    featured: asBool(b.featured),
    catalogVisibility: text(b.catalog_visibility) || "visible",
    description: unwpautop(text(b.description)),
    shortDescription: unwpautop(text(b.short_description)),
    sku: text(b.sku),
    globalUniqueId: text(b.global_unique_id),
    regularPrice: text(b.regular_price),
    salePrice: text(b.sale_price),
    dateOnSaleFrom: parseGmtField(b.date_on_sale_from_gmt),
    dateOnSaleTo: parseGmtField(b.date_on_sale_to_gmt),
    totalSales: num(b.total_sales),
    virtual: asBool(b.virtual),
    downloadable: asBool(b.downloadable),
    downloads: list(b.downloads),
    downloadLimit: b.download_limit === undefined ? -1 : num(b.download_limit, -1),
    downloadExpiry: b.download_expiry === undefined ? -1 : num(b.download_expiry, -1),
    externalUrl: text(b.external_url),
    buttonText: text(b.button_text),
    taxStatus: text(b.tax_status) || "taxable",
    // A variation's stored class is normally "parent"; the view context shows the parent's class instead.
    taxClass: variation && text(b.tax_class) === "" ? "parent" : text(b.tax_class),
    manageStock: manage,
    stockQuantity: manage === true ? num(b.stock_quantity) : null,
    stockStatus: text(b.stock_status) || "instock",
    backorders: text(b.backorders) || "no",
    lowStockAmount: b.low_stock_amount === null || b.low_stock_amount === undefined ? null : num(b.low_stock_amount),
    soldIndividually: asBool(b.sold_individually),
    weight: text(b.weight),
    dimensions: { length: text(dims.length), width: text(dims.width), height: text(dims.height) },
    shippingClass: text(b.shipping_class),
    shippingClassId: num(b.shipping_class_id),
    reviewsAllowed: b.reviews_allowed === undefined ? !variation : asBool(b.reviews_allowed),
    averageRating: money(text(b.average_rating) || "0").toString(),
    ratingCount: num(b.rating_count),
    upsellIds: idList(b.upsell_ids),
    crossSellIds: idList(b.cross_sell_ids),
    purchaseNote: text(b.purchase_note),
    categoryIds: list(b.categories)
      .filter(isObject)
      .map((c) => num(c.id)),
    brands: list(b.brands),
    tags: list(b.tags),
    images: list(b.images),
    attributes: variation ? [] : attributes.map((a, i) => productAttribute(a, i)),
    variationAttributes: variation ? attributes.map(variationAttribute) : [],
    defaultAttributes: list(b.default_attributes),
    groupedProducts: idList(b.grouped_products),
    menuOrder: num(b.menu_order),
    metaData: meta(b.meta_data),
    postPassword: text(b.post_password),
    image: b.image ?? null,
    galleryImageIds: idList(b.gallery_image_ids),
    dateCreated: created,
    dateModified: dateOr(b.date_modified_gmt, created),
  };
}

function productAttribute(a: Json, index: number): ProductAttribute {
  const id = num(a.id);
  const name = text(a.name);
  return {
    id,
    name,
    slug: text(a.slug) || (id !== 0 ? `pa_${slugify(name)}` : slugify(name)),
    position: a.position === undefined ? index : num(a.position),
    visible: asBool(a.visible),
    variation: asBool(a.variation),
    options: list(a.options).map(text),
  };
}

function variationAttribute(a: Json): VariationAttribute {
  const id = num(a.id);
  const name = text(a.name);
  return { id, name, slug: text(a.slug) || (id !== 0 ? `pa_${slugify(name)}` : slugify(name)), option: text(a.option) };
}

/** Categories a product mentions, for stores whose fixtures lack the category list. */
export function categoriesOfProduct(b: Json): CategoryRecord[] {
  return list(b.categories)
    .filter(isObject)
    .map((c) => ({
      id: num(c.id),
      name: text(c.name),
      slug: text(c.slug),
      parent: 0,
      description: "",
      display: "default",
      image: null,
      menuOrder: 0,
    }));
}

function taxes(v: unknown): TaxAmount[] {
  return list(v)
    .filter(isObject)
    .map((t) => ({
      id: num(t.id),
      total: amount(t.total),
      subtotal: t.subtotal === "" || t.subtotal === undefined || t.subtotal === null ? null : amount(t.subtotal),
    }));
}

function lineItem(i: Json): LineItem {
  return {
    id: num(i.id),
    name: text(i.name),
    productId: num(i.product_id),
    variationId: num(i.variation_id),
    quantity: num(i.quantity),
    taxClass: text(i.tax_class),
    subtotal: amount(i.subtotal),
    subtotalTax: amount(i.subtotal_tax),
    total: amount(i.total),
    totalTax: amount(i.total_tax),
    taxes: taxes(i.taxes),
    meta: itemMeta(i.meta_data),
    sku: text(i.sku),
  };
}

function taxLine(t: Json): TaxLine {
  return {
    id: num(t.id),
    rateId: num(t.rate_id),
    rateCode: text(t.rate_code),
    label: text(t.label),
    compound: asBool(t.compound),
    taxTotal: amount(t.tax_total),
    shippingTaxTotal: amount(t.shipping_tax_total),
    ratePercent: typeof t.rate_percent === "number" ? t.rate_percent : Number(money(text(t.rate_percent) || "0")),
    meta: itemMeta(t.meta_data),
  };
}

function shippingLine(s: Json): ShippingLine {
  return {
    id: num(s.id),
    methodTitle: text(s.method_title),
    methodId: text(s.method_id),
    instanceId: text(s.instance_id),
    total: amount(s.total),
    totalTax: amount(s.total_tax),
    taxes: taxes(s.taxes),
    taxStatus: text(s.tax_status) || "taxable",
    meta: itemMeta(s.meta_data),
  };
}

function feeLine(f: Json): FeeLine {
  return {
    id: num(f.id),
    name: text(f.name),
    taxClass: text(f.tax_class),
    taxStatus: text(f.tax_status) || "taxable",
    amount: text(f.amount),
    total: amount(f.total),
    totalTax: amount(f.total_tax),
    taxes: taxes(f.taxes),
    meta: itemMeta(f.meta_data),
  };
}

function couponLine(c: Json): CouponLine {
  return {
    id: num(c.id),
    code: text(c.code).toLowerCase(),
    discount: amount(c.discount),
    discountTax: amount(c.discount_tax),
    discountType: text(c.discount_type) || "fixed_cart",
    nominalAmount:
      typeof c.nominal_amount === "number" ? c.nominal_amount : Number(money(text(c.nominal_amount) || "0")),
    freeShipping: asBool(c.free_shipping),
    meta: itemMeta(c.meta_data),
  };
}

const STOCK_REDUCING = ["processing", "completed", "on-hold", "refunded"];

export function orderFromJson(b: Json, now: number): OrderRecord {
  const lines = list(b.line_items).filter(isObject).map(lineItem);
  const status = text(b.status) || "pending";
  const created = dateOr(b.date_created_gmt, now);
  return {
    id: num(b.id),
    parentId: num(b.parent_id),
    status,
    statusBeforeTrash: null,
    currency: text(b.currency) || "USD",
    version: text(b.version) || "11.0.1",
    pricesIncludeTax: asBool(b.prices_include_tax),
    dateCreated: created,
    dateModified: dateOr(b.date_modified_gmt, created),
    datePaid: parseGmtField(b.date_paid_gmt),
    dateCompleted: parseGmtField(b.date_completed_gmt),
    discountTotal: amount(b.discount_total),
    discountTax: amount(b.discount_tax),
    shippingTotal: amount(b.shipping_total),
    shippingTax: amount(b.shipping_tax),
    cartTax: amount(b.cart_tax),
    total: amount(b.total),
    totalTax: amount(b.total_tax),
    customerId: num(b.customer_id),
    orderKey: text(b.order_key),
    billing: address(b.billing, true),
    shipping: address(b.shipping, false),
    paymentMethod: text(b.payment_method),
    paymentMethodTitle: text(b.payment_method_title),
    transactionId: text(b.transaction_id),
    customerIpAddress: text(b.customer_ip_address),
    customerUserAgent: text(b.customer_user_agent),
    createdVia: text(b.created_via),
    customerNote: text(b.customer_note),
    cartHash: text(b.cart_hash),
    metaData: meta(b.meta_data),
    lineItems: lines,
    taxLines: list(b.tax_lines).filter(isObject).map(taxLine),
    shippingLines: list(b.shipping_lines).filter(isObject).map(shippingLine),
    feeLines: list(b.fee_lines).filter(isObject).map(feeLine),
    couponLines: list(b.coupon_lines).filter(isObject).map(couponLine),
    stockReduced: lines.some((l) => l.meta.some((m) => m.key === "_reduced_stock")) || STOCK_REDUCING.includes(status),
    salesRecorded: STOCK_REDUCING.includes(status),
  };
}

/** The refund summaries an order lists (`refunds[]`: id, reason, negative total and tax). */
export function refundStubsOfOrder(b: Json): RefundRecord[] {
  const orderId = num(b.id);
  const created = dateOr(b.date_modified_gmt, 0);
  return list(b.refunds)
    .filter(isObject)
    .map((r) => ({
      id: num(r.id),
      orderId,
      dateCreated: created,
      amount: money(amount(r.total)).abs().toFixed(),
      reason: text(r.reason),
      refundedBy: 1,
      refundedPayment: false,
      metaData: [],
      lineItems: [],
      shippingLines: [],
      taxLines: [],
      feeLines: [],
      totalTax: money(amount(r.total_tax)).abs().toFixed(),
    }));
}

/** Coupons an order mentions through its `coupon_info` meta (`[id, code, type, amount]`). */
export function couponsOfOrder(b: Json): CouponRecord[] {
  const out: CouponRecord[] = [];
  for (const c of list(b.coupon_lines).filter(isObject)) {
    const info = list(c.meta_data)
      .filter(isObject)
      .find((m) => m.key === "coupon_info");
    let parsed: unknown = null;
    try {
      parsed = typeof info?.value === "string" ? JSON.parse(info.value) : null;
    } catch {
      parsed = null;
    }
    if (Array.isArray(parsed) && parsed.length >= 4) {
      out.push({
        id: num(parsed[0]),
        code: text(parsed[1]).toLowerCase(),
        discountType: text(parsed[2]),
        amount: text(parsed[3]),
        freeShipping: asBool(c.free_shipping),
      });
    }
  }
  return out;
}

/** Tax rates an order's tax lines reveal (`US-FL-FL STATE SALES TAX-1`: country, state, priority). */
export function taxRatesOfOrder(b: Json): TaxRateRecord[] {
  return list(b.tax_lines)
    .filter(isObject)
    .map((t) => {
      const parts = text(t.rate_code).split("-");
      const priority = Number(parts[parts.length - 1]) || 1;
      return {
        id: num(t.rate_id),
        country: parts.length >= 4 ? (parts[0] ?? "") : "",
        state: parts.length >= 4 ? (parts[1] ?? "") : "",
        postcodes: [],
        cities: [],
        rate: money(typeof t.rate_percent === "number" ? t.rate_percent : text(t.rate_percent) || "0").toFixed(4),
        name: text(t.label),
        priority,
        compound: asBool(t.compound),
        shipping: money(amount(t.shipping_tax_total)).greaterThan(0),
        order: 0,
        taxClass: "",
      };
    });
}

export function refundFromJson(b: Json, orderId: number, now: number): RefundRecord {
  const taxLines = list(b.tax_lines).filter(isObject).map(taxLine);
  const lineItems = list(b.line_items).filter(isObject).map(lineItem);
  const tax = taxLines.reduce((acc, t) => acc.plus(money(t.taxTotal)).plus(money(t.shippingTaxTotal)), money(0));
  return {
    id: num(b.id),
    orderId,
    dateCreated: dateOr(b.date_created_gmt, now),
    amount: amount(b.amount),
    reason: text(b.reason),
    refundedBy: num(b.refunded_by),
    refundedPayment: asBool(b.refunded_payment),
    metaData: meta(b.meta_data),
    lineItems,
    shippingLines: list(b.shipping_lines).filter(isObject).map(shippingLine),
    taxLines,
    feeLines: list(b.fee_lines).filter(isObject).map(feeLine),
    totalTax: tax.abs().toFixed(),
  };
}

export function noteFromJson(b: Json, orderId: number, now: number): NoteRecord {
  return {
    id: num(b.id),
    orderId,
    author: text(b.author) || "WooCommerce",
    dateCreated: dateOr(b.date_created_gmt, now),
    note: text(b.note),
    customerNote: asBool(b.customer_note),
  };
}

export function customerFromJson(b: Json, now: number): CustomerRecord {
  const created = dateOr(b.date_created_gmt, now);
  const username = text(b.username);
  return {
    id: num(b.id),
    dateCreated: created,
    dateModified: dateOr(b.date_modified_gmt, created),
    email: text(b.email),
    firstName: text(b.first_name),
    lastName: text(b.last_name),
    role: text(b.role) || "customer",
    username,
    displayName: username,
    billing: address(b.billing, true),
    shipping: address(b.shipping, false),
    isPayingCustomer: asBool(b.is_paying_customer),
    metaData: meta(b.meta_data),
  };
}

export function categoryFromJson(b: Json): CategoryRecord {
  return {
    id: num(b.id),
    name: text(b.name),
    slug: text(b.slug),
    parent: num(b.parent),
    description: text(b.description),
    display: text(b.display) || "default",
    image: b.image ?? null,
    menuOrder: num(b.menu_order),
  };
}

export function couponFromJson(b: Json): CouponRecord {
  return {
    id: num(b.id),
    code: text(b.code).toLowerCase(),
    discountType: text(b.discount_type) || "fixed_cart",
    amount: text(b.amount) || "0",
    freeShipping: asBool(b.free_shipping),
  };
}

export function taxRateFromJson(b: Json): TaxRateRecord {
  const postcodes = list(b.postcodes).map(text);
  const cities = list(b.cities).map(text);
  return {
    id: num(b.id),
    country: text(b.country),
    state: text(b.state),
    postcodes: postcodes.length > 0 ? postcodes : text(b.postcode) === "" ? [] : text(b.postcode).split(";"),
    cities: cities.length > 0 ? cities : text(b.city) === "" ? [] : text(b.city).split(";"),
    rate: text(b.rate) || "0",
    name: text(b.name),
    priority: num(b.priority, 1),
    compound: asBool(b.compound),
    shipping: b.shipping === undefined ? true : asBool(b.shipping),
    order: num(b.order),
    taxClass: text(b.class) === "standard" ? "" : text(b.class),
  };
}

export function webhookFromJson(b: Json, defaultSecret: string, now: number): WebhookRecord {
  return {
    id: num(b.id),
    name: text(b.name),
    status: text(b.status) || "active",
    topic: text(b.topic),
    deliveryUrl: text(b.delivery_url),
    secret: typeof b.secret === "string" && b.secret !== "" ? b.secret : defaultSecret,
    apiVersion: "wp_api_v3",
    dateCreated: dateOr(b.date_created_gmt, now),
    dateModified: parseGmtField(b.date_modified_gmt),
    failureCount: 0,
  };
}

/** The last-modified instant used to pick between several recorded versions of one object. */
export function modifiedOf(b: Json): number | null {
  return parseGmtField(b.date_modified_gmt) ?? parseGmtField(b.date_created_gmt);
}
