import { randomBytes } from "node:crypto";
import { money, ZERO } from "../../money/index.js";
import type { ChangeEvent } from "./change-events.js";
import { computeOrderTotals, type TotalsRate } from "./order-totals.js";
import { activePrice, optionSlug, productDisplayName, variationFullName } from "./product-facts.js";
import type {
  CouponLine,
  FeeLine,
  ItemMeta,
  LineItem,
  OrderRecord,
  ProductRecord,
  ShippingLine,
  TaxLine,
} from "./records.js";
import type { SiteSettings } from "./site.js";
import { matchingTaxRates, type TaxLocation, taxRateCode } from "./tax-rates.js";
import { WpError } from "./wp-error.js";
import type { WooStore } from "./woo-store.js";
import {
  asBool,
  asInt,
  asPrice,
  asText,
  emptyAddress,
  has,
  type Input,
  isObject,
  mergeAddress,
  mergeMeta,
} from "./write-helpers.js";

/**
 * The order lifecycle as WooCommerce runs it behind the REST API: building items from products, totals and taxes,
 * coupons, `set_paid` (payment complete → processing, or completed for cash on delivery), stock reduced once when an
 * order enters processing/completed/on-hold and given back on cancel, sales counts, the notes WooCommerce writes, and
 * the webhook events each step fires.
 */
export interface WorkflowContext {
  store: WooStore;
  site: SiteSettings;
  now: number;
  events: ChangeEvent[];
}

export const ORDER_STATUS_NAMES: Readonly<Record<string, string>> = {
  pending: "Pending payment",
  processing: "Processing",
  "on-hold": "On hold",
  completed: "Completed",
  cancelled: "Cancelled",
  refunded: "Refunded",
  failed: "Failed",
  "checkout-draft": "Draft",
  "auto-draft": "Draft",
  trash: "Trash",
};

const STOCK_REDUCING = ["processing", "completed", "on-hold"];
const STOCK_RESTORING = ["cancelled", "pending"];
const PAID = ["processing", "completed"];

/** WooCommerce quietly turns an unknown status into `pending` (seen through batch, which skips validation). */
export function normalizeOrderStatus(raw: unknown): string {
  const status = asText(raw).replace(/^wc-/, "");
  return Object.hasOwn(ORDER_STATUS_NAMES, status) && status !== "trash" ? status : "pending";
}

function orderKey(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(13);
  let key = "wc_order_";
  for (const b of bytes) key += alphabet[b % alphabet.length];
  return key;
}

function addNote(ctx: WorkflowContext, orderId: number, note: string): void {
  ctx.store.putNote({
    id: ctx.store.nextId("comment"),
    orderId,
    author: "WooCommerce",
    dateCreated: ctx.now,
    note,
    customerNote: false,
  });
}

function itemMeta(ctx: WorkflowContext, key: string, value: unknown, displayKey?: string, displayValue?: string) {
  const meta: ItemMeta = { id: ctx.store.nextId("itemMeta"), key, value };
  if (displayKey !== undefined) meta.displayKey = displayKey;
  if (displayValue !== undefined) meta.displayValue = displayValue;
  return meta;
}

function checkCustomer(ctx: WorkflowContext, input: Input): void {
  if (!has(input, "customer_id")) return;
  const id = asInt(input.customer_id);
  if (id !== 0 && !ctx.store.customers.has(id)) {
    throw new WpError("woocommerce_rest_invalid_customer_id", "Customer ID is invalid.", 400);
  }
}

function applyOrderFields(ctx: WorkflowContext, order: OrderRecord, input: Input): void {
  if (has(input, "parent_id")) order.parentId = asInt(input.parent_id);
  if (has(input, "currency")) order.currency = asText(input.currency, ctx.site.currency);
  if (has(input, "customer_id")) order.customerId = asInt(input.customer_id);
  if (has(input, "customer_note")) order.customerNote = asText(input.customer_note);
  if (has(input, "billing")) order.billing = mergeAddress(order.billing, input.billing, true);
  if (has(input, "shipping")) order.shipping = mergeAddress(order.shipping, input.shipping, false);
  if (has(input, "payment_method")) order.paymentMethod = asText(input.payment_method);
  if (has(input, "payment_method_title")) order.paymentMethodTitle = asText(input.payment_method_title);
  if (has(input, "transaction_id")) order.transactionId = asText(input.transaction_id);
  if (has(input, "created_via")) order.createdVia = asText(input.created_via);
  if (has(input, "meta_data")) {
    order.metaData = mergeMeta(order.metaData, input.meta_data, () => ctx.store.nextId("orderMeta"));
  }
}

/** The product (or variation) a line names, by `variation_id`, `product_id` or `sku`. */
function resolveLineProduct(store: WooStore, raw: Record<string, unknown>) {
  const variationId = asInt(raw.variation_id);
  const productId = asInt(raw.product_id);
  let target: ProductRecord | undefined;
  if (variationId !== 0) target = store.products.get(variationId);
  else if (productId !== 0) target = store.products.get(productId);
  else if (typeof raw.sku === "string" && raw.sku !== "") target = store.productBySku(raw.sku);
  if (target === undefined) return { productId, variationId, product: undefined, parent: undefined };
  if (target.type === "variation") {
    return {
      productId: target.parentId,
      variationId: target.id,
      product: target,
      parent: store.products.get(target.parentId),
    };
  }
  return { productId: target.id, variationId: 0, product: target, parent: undefined };
}

function isTaxable(product: ProductRecord | undefined, parent: ProductRecord | undefined): boolean {
  if (product === undefined) return true;
  const status = product.taxStatus === "" && parent !== undefined ? parent.taxStatus : product.taxStatus;
  return status === "taxable";
}

function buildLineItem(ctx: WorkflowContext, raw: Record<string, unknown>): LineItem {
  const { store } = ctx;
  const { productId, variationId, product, parent } = resolveLineProduct(store, raw);
  const quantity = has(raw, "quantity") ? asInt(raw.quantity) : 1;
  const unitPrice = product === undefined ? "0" : activePrice(product, ctx.now) || "0";
  const subtotal = has(raw, "subtotal")
    ? money(asPrice(raw.subtotal) || "0")
    : has(raw, "total")
      ? money(asPrice(raw.total) || "0")
      : money(unitPrice).times(quantity);
  const total = has(raw, "total") ? money(asPrice(raw.total) || "0") : subtotal;
  const meta: ItemMeta[] = [];
  if (product?.type === "variation") {
    for (const a of product.variationAttributes) {
      const taxonomy = a.id !== 0 || a.slug.startsWith("pa_");
      meta.push(
        itemMeta(ctx, a.slug === "" ? a.name : a.slug, taxonomy ? optionSlug(a.option) : a.option, a.name, a.option),
      );
    }
  }
  if (Array.isArray(raw.meta_data)) {
    for (const m of raw.meta_data)
      if (isObject(m) && asText(m.key) !== "") meta.push(itemMeta(ctx, asText(m.key), m.value ?? ""));
  }
  const taxClassOf = (p: ProductRecord | undefined) =>
    p === undefined ? "" : p.taxClass === "parent" ? (parent?.taxClass ?? "") : p.taxClass;
  const name =
    has(raw, "name") && typeof raw.name === "string"
      ? raw.name
      : product === undefined
        ? ""
        : product.type === "variation"
          ? variationFullName(product, parent)
          : product.name;
  return {
    id: store.nextId("orderItem"),
    name,
    productId,
    variationId,
    quantity,
    taxClass: has(raw, "tax_class") ? asText(raw.tax_class) : taxClassOf(product),
    subtotal: subtotal.toFixed(),
    subtotalTax: "0",
    total: total.toFixed(),
    totalTax: "0",
    taxes: [],
    meta,
    sku: product?.sku ?? "",
  };
}

function buildShippingLine(ctx: WorkflowContext, raw: Record<string, unknown>): ShippingLine {
  return {
    id: ctx.store.nextId("orderItem"),
    methodTitle: asText(raw.method_title),
    methodId: asText(raw.method_id),
    instanceId: asText(raw.instance_id),
    total: money(asPrice(raw.total) || "0").toFixed(),
    totalTax: "0",
    taxes: [],
    taxStatus: "taxable",
    meta: [],
  };
}

function buildFeeLine(ctx: WorkflowContext, raw: Record<string, unknown>): FeeLine {
  return {
    id: ctx.store.nextId("orderItem"),
    name: asText(raw.name),
    taxClass: asText(raw.tax_class),
    taxStatus: has(raw, "tax_status") ? asText(raw.tax_status, "taxable") : "taxable",
    amount: "",
    total: money(asPrice(raw.total) || "0").toFixed(),
    totalTax: "0",
    taxes: [],
    meta: [],
  };
}

function couponLineFor(ctx: WorkflowContext, raw: unknown): CouponLine {
  const code = isObject(raw) ? asText(raw.code).trim().toLowerCase() : "";
  if (code === "") throw new WpError("woocommerce_rest_invalid_coupon_coupon", "Coupon code is required.", 400);
  const coupon = ctx.store.couponByCode(code);
  if (coupon === undefined) {
    throw new WpError("woocommerce_rest_invalid_coupon", `Coupon "${code}" does not exist!`, 400);
  }
  const nominal = Number(coupon.amount);
  const info = JSON.stringify([coupon.id, coupon.code, coupon.discountType, nominal]);
  return {
    id: 0,
    code: coupon.code,
    discount: "0",
    discountTax: "0",
    discountType: coupon.discountType,
    nominalAmount: nominal,
    freeShipping: coupon.freeShipping,
    meta: [itemMeta(ctx, "coupon_info", info, "coupon_info", info)],
  };
}

/** Where taxes are charged: the shipping address, else billing, else the shop (tax based on shipping address). */
export function orderTaxLocation(order: OrderRecord, site: SiteSettings): TaxLocation {
  const a = order.shipping.country !== "" ? order.shipping : order.billing.country !== "" ? order.billing : null;
  if (a === null) return site.storeAddress;
  return { country: a.country, state: a.state, postcode: a.postcode, city: a.city };
}

/** Recomputes every line, tax line, coupon line and order total from the items (WooCommerce `calculate_totals`). */
export function recalculateOrder(ctx: WorkflowContext, order: OrderRecord): void {
  const { store, site } = ctx;
  const rates = matchingTaxRates(store.taxRates, orderTaxLocation(order, site));
  const totalsRates: TotalsRate[] = rates.map((r) => ({
    id: r.id,
    percent: money(r.rate),
    compound: r.compound,
    shipping: r.shipping,
  }));
  const lineProduct = (item: LineItem) => {
    const product = store.products.get(item.variationId || item.productId);
    const parent = item.variationId !== 0 ? store.products.get(item.productId) : undefined;
    return { product, parent };
  };
  const result = computeOrderTotals({
    lines: order.lineItems.map((item) => {
      const { product, parent } = lineProduct(item);
      return {
        key: item.id,
        quantity: item.quantity,
        subtotal: money(item.subtotal),
        total: money(item.total),
        taxable: isTaxable(product, parent),
      };
    }),
    fees: order.feeLines.map((f) => ({ key: f.id, total: money(f.total), taxable: f.taxStatus === "taxable" })),
    shipping: order.shippingLines.map((s) => ({
      key: s.id,
      total: money(s.total),
      taxable: s.taxStatus === "taxable",
    })),
    coupons: order.couponLines.map((c) => {
      const coupon = store.couponByCode(c.code);
      return {
        code: c.code,
        type: coupon?.discountType ?? c.discountType,
        amount: money(coupon?.amount ?? c.nominalAmount),
      };
    }),
    rates: totalsRates,
    decimals: site.priceDecimals,
  });
  const byKey = <T extends { key: number }>(list: readonly T[]) => new Map(list.map((x) => [x.key, x]));
  const lines = byKey(result.lines);
  for (const item of order.lineItems) {
    const r = lines.get(item.id);
    if (r === undefined) continue;
    item.subtotal = r.subtotal.toFixed();
    item.total = r.total.toFixed();
    item.subtotalTax = r.subtotalTax.toFixed();
    item.totalTax = r.totalTax.toFixed();
    item.taxes = r.totalTaxes.map((t) => ({
      id: t.rateId,
      total: t.amount.toFixed(),
      subtotal: (r.subtotalTaxes.find((s) => s.rateId === t.rateId)?.amount ?? ZERO).toFixed(),
    }));
  }
  const charges = [...result.fees, ...result.shipping];
  for (const line of [...order.feeLines, ...order.shippingLines]) {
    const r = charges.find((c) => c.key === line.id);
    if (r === undefined) continue;
    line.totalTax = r.totalTax.toFixed();
    line.taxes = r.taxes.map((t) => ({ id: t.rateId, total: t.amount.toFixed(), subtotal: null }));
  }
  for (const c of order.couponLines) {
    const r = result.coupons.find((x) => x.code === c.code);
    if (r === undefined) continue;
    c.discount = r.discount.toFixed();
    c.discountTax = r.discountTax.toFixed();
  }
  const taxLines: TaxLine[] = [];
  for (const r of result.rates) {
    const rate = rates.find((x) => x.id === r.rateId);
    if (rate === undefined) continue;
    const existing = order.taxLines.find((t) => t.rateId === r.rateId);
    taxLines.push({
      id: existing?.id ?? store.nextId("orderItem"),
      rateId: rate.id,
      rateCode: taxRateCode(rate),
      label: rate.name,
      compound: rate.compound,
      taxTotal: r.taxTotal.toFixed(),
      shippingTaxTotal: r.shippingTaxTotal.toFixed(),
      ratePercent: Number(money(rate.rate).toFixed()),
      meta: existing?.meta ?? [],
    });
  }
  order.taxLines = taxLines;
  order.discountTotal = result.discountTotal.toFixed();
  order.discountTax = result.discountTax.toFixed();
  order.shippingTotal = result.shippingTotal.toFixed();
  order.shippingTax = result.shippingTax.toFixed();
  order.cartTax = result.cartTax.toFixed();
  order.totalTax = result.totalTax.toFixed();
  order.total = result.total.toFixed();
}

function needsProcessing(store: WooStore, order: OrderRecord): boolean {
  return order.lineItems.some((i) => {
    const p = store.products.get(i.variationId || i.productId);
    return p !== undefined && !(p.virtual && p.downloadable);
  });
}

export function orderNeedsPayment(order: OrderRecord): boolean {
  return ["pending", "failed"].includes(order.status) && money(order.total).greaterThan(0);
}

/** The product whose stock a line moves: the variation, its parent when the variation defers to it, or none. */
function stockHolder(store: WooStore, item: LineItem): ProductRecord | undefined {
  const p = store.products.get(item.variationId || item.productId);
  if (p === undefined) return undefined;
  if (p.manageStock === true) return p;
  if (p.manageStock === "parent") {
    const parent = store.products.get(p.parentId);
    return parent?.manageStock === true ? parent : undefined;
  }
  return undefined;
}

function moveStock(ctx: WorkflowContext, product: ProductRecord, delta: number): [number, number] {
  const from = product.stockQuantity ?? 0;
  const to = from + delta;
  product.stockQuantity = to;
  product.stockStatus = to > 0 ? "instock" : product.backorders === "no" ? "outofstock" : "onbackorder";
  product.dateModified = ctx.now;
  ctx.store.putProduct(product);
  ctx.events.push({ resource: "product", event: "updated", id: product.id });
  return [from, to];
}

function reduceStock(ctx: WorkflowContext, order: OrderRecord): void {
  const changes: string[] = [];
  for (const item of order.lineItems) {
    if (item.meta.some((m) => m.key === "_reduced_stock")) continue;
    const holder = stockHolder(ctx.store, item);
    if (holder === undefined || item.quantity === 0) continue;
    const [from, to] = moveStock(ctx, holder, -item.quantity);
    item.meta.push(itemMeta(ctx, "_reduced_stock", String(item.quantity)));
    changes.push(`${productDisplayName(holder, ctx.store)} (${from}&rarr;${to})`);
  }
  order.stockReduced = true;
  if (changes.length > 0) addNote(ctx, order.id, `Stock levels reduced: ${changes.join(", ")}`);
}

function restoreStock(ctx: WorkflowContext, order: OrderRecord): void {
  const changes: string[] = [];
  for (const item of order.lineItems) {
    const reduced = item.meta.find((m) => m.key === "_reduced_stock");
    if (reduced === undefined) continue;
    item.meta = item.meta.filter((m) => m !== reduced);
    const holder = stockHolder(ctx.store, item);
    if (holder === undefined) continue;
    const [from, to] = moveStock(ctx, holder, asInt(reduced.value));
    changes.push(`${productDisplayName(holder, ctx.store)} (${from}&rarr;${to})`);
  }
  order.stockReduced = false;
  if (changes.length > 0) addNote(ctx, order.id, `Stock levels increased: ${changes.join(", ")}`);
}

function recordSales(ctx: WorkflowContext, order: OrderRecord): void {
  for (const item of order.lineItems) {
    const product = ctx.store.products.get(item.productId);
    if (product === undefined) continue;
    product.totalSales += item.quantity;
    ctx.store.putProduct(product);
  }
  order.salesRecorded = true;
}

const EMAILS: Readonly<Record<string, readonly string[]>> = {
  processing: ["Processing order"],
  completed: ["Completed order"],
  "on-hold": ["Order on-hold"],
  cancelled: ["Cancelled order"],
  failed: ["Failed order"],
  refunded: ["Refunded order"],
};

/** What entering a status sets off in WooCommerce: stock, sales, dates, paying-customer flag, e-mails. */
function enterStatus(ctx: WorkflowContext, order: OrderRecord, from: string, to: string): void {
  if (STOCK_REDUCING.includes(to) && !order.stockReduced) reduceStock(ctx, order);
  if (STOCK_RESTORING.includes(to) && order.stockReduced) restoreStock(ctx, order);
  if (STOCK_REDUCING.includes(to) && !order.salesRecorded) recordSales(ctx, order);
  if (to === "completed") order.dateCompleted = ctx.now;
  if (PAID.includes(to) && from !== "" && order.datePaid === null) order.datePaid = ctx.now;
  if (PAID.includes(to) && order.customerId !== 0) {
    const customer = ctx.store.customers.get(order.customerId);
    if (customer !== undefined && !customer.isPayingCustomer) {
      customer.isPayingCustomer = true;
      ctx.store.putCustomer(customer);
    }
  }
  const emails: string[] = [];
  if (["pending", "failed", "cancelled", ""].includes(from) && STOCK_REDUCING.includes(to)) emails.push("New order");
  emails.push(...(EMAILS[to] ?? []));
  for (const e of emails) addNote(ctx, order.id, `Email "${e}" sent.`);
}

/** An order status change with WooCommerce's note, as a PUT or batch update makes it. */
export function changeOrderStatus(ctx: WorkflowContext, order: OrderRecord, to: string): void {
  const from = order.status;
  if (from === to) return;
  order.status = to;
  enterStatus(ctx, order, from, to);
  addNote(
    ctx,
    order.id,
    `Order status changed from ${ORDER_STATUS_NAMES[from] ?? from} to ${ORDER_STATUS_NAMES[to] ?? to}.`,
  );
}

/** `payment_complete()`: only from pending/on-hold/failed/cancelled; cash on delivery goes straight to completed. */
function paymentComplete(ctx: WorkflowContext, order: OrderRecord, transactionId: string): void {
  if (!["on-hold", "pending", "failed", "cancelled"].includes(order.status)) return;
  if (transactionId !== "") order.transactionId = transactionId;
  if (order.datePaid === null) order.datePaid = ctx.now;
  const to = order.paymentMethod === "cod" || !needsProcessing(ctx.store, order) ? "completed" : "processing";
  const title = order.paymentMethodTitle !== "" ? order.paymentMethodTitle : order.paymentMethod;
  if (title !== "") {
    addNote(ctx, order.id, `Payment via ${title}${order.transactionId !== "" ? ` (${order.transactionId})` : ""}.`);
  }
  const from = order.status;
  order.status = to;
  enterStatus(ctx, order, from, to);
}

function applyItemLists(ctx: WorkflowContext, order: OrderRecord, input: Input, creating: boolean): boolean {
  let changed = false;
  if (Array.isArray(input.line_items)) {
    changed = true;
    for (const raw of input.line_items) {
      if (!isObject(raw)) continue;
      const id = asInt(raw.id);
      const existing = id === 0 ? undefined : order.lineItems.find((i) => i.id === id);
      if (existing === undefined) {
        if (creating || id === 0) order.lineItems.push(buildLineItem(ctx, raw));
        continue;
      }
      if ((has(raw, "quantity") && asInt(raw.quantity) === 0) || raw.product_id === null) {
        order.lineItems = order.lineItems.filter((i) => i !== existing);
        continue;
      }
      if (has(raw, "quantity")) {
        const unit = money(existing.subtotal).div(existing.quantity || 1);
        existing.quantity = asInt(raw.quantity);
        existing.subtotal = unit.times(existing.quantity).toFixed();
        existing.total = existing.subtotal;
      }
      if (has(raw, "subtotal")) existing.subtotal = money(asPrice(raw.subtotal) || "0").toFixed();
      if (has(raw, "total")) existing.total = money(asPrice(raw.total) || "0").toFixed();
      if (has(raw, "name")) existing.name = asText(raw.name);
    }
  }
  if (Array.isArray(input.shipping_lines)) {
    changed = true;
    for (const raw of input.shipping_lines) {
      if (!isObject(raw)) continue;
      const existing = order.shippingLines.find((s) => s.id === asInt(raw.id));
      if (existing === undefined) order.shippingLines.push(buildShippingLine(ctx, raw));
      else if (raw.method_id === null) order.shippingLines = order.shippingLines.filter((s) => s !== existing);
      else {
        if (has(raw, "total")) existing.total = money(asPrice(raw.total) || "0").toFixed();
        if (has(raw, "method_title")) existing.methodTitle = asText(raw.method_title);
        if (has(raw, "method_id")) existing.methodId = asText(raw.method_id);
      }
    }
  }
  if (Array.isArray(input.fee_lines)) {
    changed = true;
    for (const raw of input.fee_lines) {
      if (!isObject(raw)) continue;
      const existing = order.feeLines.find((f) => f.id === asInt(raw.id));
      if (existing === undefined) order.feeLines.push(buildFeeLine(ctx, raw));
      else if (raw.name === null) order.feeLines = order.feeLines.filter((f) => f !== existing);
      else if (has(raw, "total")) existing.total = money(asPrice(raw.total) || "0").toFixed();
    }
  }
  return changed;
}

function addCoupons(ctx: WorkflowContext, order: OrderRecord, input: Input): boolean {
  if (!Array.isArray(input.coupon_lines)) return false;
  const fresh = input.coupon_lines
    .filter((raw) => !(isObject(raw) && asInt(raw.id) !== 0))
    .map((raw) => couponLineFor(ctx, raw))
    .filter((line) => !order.couponLines.some((c) => c.code === line.code));
  for (const line of fresh) {
    line.id = ctx.store.nextId("orderItem");
    order.couponLines.push(line);
  }
  return true;
}

export function newOrderRecord(ctx: WorkflowContext, id: number): OrderRecord {
  return {
    id,
    parentId: 0,
    status: "pending",
    statusBeforeTrash: null,
    currency: ctx.site.currency,
    version: ctx.site.wcVersion,
    pricesIncludeTax: false,
    dateCreated: ctx.now,
    dateModified: ctx.now,
    datePaid: null,
    dateCompleted: null,
    discountTotal: "0",
    discountTax: "0",
    shippingTotal: "0",
    shippingTax: "0",
    cartTax: "0",
    total: "0",
    totalTax: "0",
    customerId: 0,
    orderKey: orderKey(),
    billing: emptyAddress(true),
    shipping: emptyAddress(false),
    paymentMethod: "",
    paymentMethodTitle: "",
    transactionId: "",
    customerIpAddress: "",
    customerUserAgent: "",
    createdVia: "rest-api",
    customerNote: "",
    cartHash: "",
    metaData: [],
    lineItems: [],
    taxLines: [],
    shippingLines: [],
    feeLines: [],
    couponLines: [],
    stockReduced: false,
    salesRecorded: false,
  };
}

/**
 * `POST /orders` (or a batch create). Coupons are checked before anything is stored; unknown products are accepted
 * as WooCommerce does (a line with no product and a zero total).
 */
export function createOrder(ctx: WorkflowContext, input: Input, batch: boolean): OrderRecord {
  checkCustomer(ctx, input);
  const pendingCoupons = Array.isArray(input.coupon_lines) ? input.coupon_lines.map((c) => couponLineFor(ctx, c)) : [];
  const order = newOrderRecord(ctx, ctx.store.nextId("post"));
  applyOrderFields(ctx, order, input);
  applyItemLists(ctx, order, input, true);
  recalculateOrder(ctx, order);
  if (pendingCoupons.length > 0) {
    for (const line of pendingCoupons) {
      if (order.couponLines.some((c) => c.code === line.code)) continue;
      line.id = ctx.store.nextId("orderItem");
      order.couponLines.push(line);
    }
    recalculateOrder(ctx, order);
  }
  const status = has(input, "status") ? (batch ? normalizeOrderStatus(input.status) : asText(input.status)) : "pending";
  order.status = status;
  ctx.store.putOrder(order);
  ctx.events.push({ resource: "order", event: "created", id: order.id });
  if (status !== "pending") enterStatus(ctx, order, "", status);
  if (asBool(input.set_paid)) paymentComplete(ctx, order, asText(input.transaction_id));
  order.dateModified = ctx.now;
  ctx.store.putOrder(order);
  ctx.events.push({ resource: "order", event: "updated", id: order.id });
  return order;
}

/** `PUT /orders/{id}` (or a batch update). */
export function updateOrder(ctx: WorkflowContext, order: OrderRecord, input: Input, batch: boolean): OrderRecord {
  checkCustomer(ctx, input);
  applyOrderFields(ctx, order, input);
  const itemsChanged = applyItemLists(ctx, order, input, false);
  const couponsChanged = addCoupons(ctx, order, input);
  if (itemsChanged || couponsChanged) recalculateOrder(ctx, order);
  if (has(input, "status")) {
    const to = batch ? normalizeOrderStatus(input.status) : asText(input.status);
    changeOrderStatus(ctx, order, to);
  }
  if (asBool(input.set_paid) && orderNeedsPayment(order)) paymentComplete(ctx, order, asText(input.transaction_id));
  order.dateModified = ctx.now;
  ctx.store.putOrder(order);
  ctx.events.push({ resource: "order", event: "updated", id: order.id });
  return order;
}

/** DELETE without force: the order moves to the trash (and drops out of `status=any`). */
export function trashOrder(ctx: WorkflowContext, order: OrderRecord): void {
  order.statusBeforeTrash = order.status;
  order.status = "trash";
  ctx.store.putOrder(order);
  ctx.events.push({ resource: "order", event: "deleted", id: order.id });
}

/** Adds a WooCommerce system note to an order (refunds and restocks write these too). */
export function addSystemNote(ctx: WorkflowContext, orderId: number, text: string): void {
  addNote(ctx, orderId, text);
}

export { enterStatus as enterOrderStatus };
