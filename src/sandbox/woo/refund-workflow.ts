import { type Money, money, sum, ZERO } from "../../money/index.js";
import { changeOrderStatus, type WorkflowContext } from "./order-workflow.js";
import type { ItemMeta, LineItem, OrderRecord, RefundRecord, TaxLine } from "./records.js";
import { taxRateCode } from "./tax-rates.js";
import { refundError } from "./wp-error.js";
import { asBool, asInt, asText, has, type Input, isObject } from "./write-helpers.js";

/**
 * `POST /orders/{id}/refunds` as WooCommerce 11 runs it: the amount may not exceed what is left to refund; the
 * default `api_refund: true` asks the payment gateway, and every gateway the sandbox knows is offline, so that fails
 * with the recorded 500; `api_restock` (default true) puts managed stock back. Errors are HTTP 500 with a bare
 * number as `data` (API.md §6).
 */

function readAmount(value: unknown): Money {
  if (typeof value === "number" && Number.isFinite(value)) return money(value);
  const text = asText(value).trim();
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? money(text) : ZERO;
}

interface RefundLineInput {
  item: LineItem;
  quantity: number;
  total: Money;
  taxes: Map<number, Money>;
}

function readLines(order: OrderRecord, input: Input): RefundLineInput[] {
  if (!Array.isArray(input.line_items)) return [];
  const out: RefundLineInput[] = [];
  for (const raw of input.line_items) {
    if (!isObject(raw)) continue;
    const item = order.lineItems.find((i) => i.id === asInt(raw.id));
    if (item === undefined) continue;
    const taxes = new Map<number, Money>();
    if (Array.isArray(raw.refund_tax)) {
      for (const t of raw.refund_tax) if (isObject(t)) taxes.set(asInt(t.id), readAmount(t.refund_total));
    } else if (isObject(raw.refund_tax)) {
      for (const [k, v] of Object.entries(raw.refund_tax)) taxes.set(Number(k), readAmount(v));
    }
    out.push({ item, quantity: asInt(raw.quantity), total: readAmount(raw.refund_total), taxes });
  }
  return out;
}

export function createRefund(ctx: WorkflowContext, order: OrderRecord, input: Input, refundedBy: number): RefundRecord {
  const { store } = ctx;
  const requested = has(input, "amount") ? readAmount(input.amount) : null;
  if (requested !== null && requested.isNegative()) {
    throw refundError("woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.", 400);
  }
  const lines = readLines(order, input);
  const amount = requested ?? sum(lines.map((l) => l.total.plus(sum([...l.taxes.values()]))));
  const alreadyRefunded = sum(store.refundsOf(order.id).map((r) => money(r.amount)));
  const remaining = money(order.total).minus(alreadyRefunded);
  if (amount.greaterThan(remaining) || amount.isNegative()) {
    throw refundError("woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.", 500);
  }
  if (input.api_refund === undefined || asBool(input.api_refund)) {
    throw refundError(
      "woocommerce_rest_cannot_create_order_refund",
      "The payment gateway for this order does not support automatic refunds.",
      500,
    );
  }

  const refundId = store.nextId("post");
  const lineItems: LineItem[] = lines.map((l) => {
    const tax = sum([...l.taxes.values()]);
    return {
      id: store.nextId("orderItem"),
      name: l.item.name,
      productId: l.item.productId,
      variationId: l.item.variationId,
      quantity: -l.quantity,
      taxClass: l.item.taxClass,
      subtotal: l.total.negated().toFixed(),
      subtotalTax: tax.negated().toFixed(),
      total: l.total.negated().toFixed(),
      totalTax: tax.negated().toFixed(),
      taxes: [...l.taxes].map(([id, t]) => ({ id, total: t.negated().toFixed(), subtotal: t.negated().toFixed() })),
      meta: [{ id: store.nextId("itemMeta"), key: "_refunded_item_id", value: String(l.item.id) }],
      sku: l.item.sku,
    };
  });
  const rateTotals = new Map<number, Money>();
  for (const l of lines) for (const [id, t] of l.taxes) rateTotals.set(id, (rateTotals.get(id) ?? ZERO).plus(t));
  const taxLines: TaxLine[] = [...rateTotals].map(([rateId, total]) => {
    const fromOrder = order.taxLines.find((t) => t.rateId === rateId);
    const rate = store.taxRates.find((r) => r.id === rateId);
    return {
      id: store.nextId("orderItem"),
      rateId,
      rateCode: fromOrder?.rateCode ?? (rate === undefined ? "" : taxRateCode(rate)),
      label: fromOrder?.label ?? rate?.name ?? "",
      compound: fromOrder?.compound ?? rate?.compound ?? false,
      taxTotal: total.negated().toFixed(),
      shippingTaxTotal: "0",
      ratePercent: fromOrder?.ratePercent ?? Number(rate?.rate ?? 0),
      meta: [],
    };
  });
  const full = remaining.minus(amount).lessThanOrEqualTo(0);
  const refund: RefundRecord = {
    id: refundId,
    orderId: order.id,
    dateCreated: ctx.now,
    amount: amount.toFixed(),
    reason: asText(input.reason),
    refundedBy: has(input, "refunded_by") ? asInt(input.refunded_by) : refundedBy,
    refundedPayment: false,
    metaData: [{ id: store.nextId("orderMeta"), key: "_refund_type", value: full ? "full" : "partial" }],
    lineItems,
    shippingLines: [],
    taxLines,
    feeLines: [],
    totalTax: sum([...rateTotals.values()]).toFixed(),
  };
  store.putRefund(refund);

  if (input.api_restock === undefined || asBool(input.api_restock)) restock(ctx, order, lines);
  if (full) changeOrderStatus(ctx, order, "refunded");
  order.dateModified = ctx.now;
  store.putOrder(order);
  ctx.events.push({ resource: "order", event: "updated", id: order.id });
  return refund;
}

function setItemMeta(ctx: WorkflowContext, item: LineItem, key: string, value: string): void {
  const existing = item.meta.find((m) => m.key === key);
  if (existing !== undefined) {
    existing.value = value;
    existing.displayValue = value;
    return;
  }
  const meta: ItemMeta = { id: ctx.store.nextId("itemMeta"), key, value };
  item.meta.push(meta);
}

function restock(ctx: WorkflowContext, order: OrderRecord, lines: readonly RefundLineInput[]): void {
  for (const l of lines) {
    const reduced = l.item.meta.find((m) => m.key === "_reduced_stock");
    if (reduced === undefined || l.quantity <= 0) continue;
    const product = ctx.store.products.get(l.item.variationId || l.item.productId);
    if (product === undefined || product.manageStock !== true) continue;
    const from = product.stockQuantity ?? 0;
    const to = from + l.quantity;
    product.stockQuantity = to;
    product.stockStatus = to > 0 ? "instock" : product.backorders === "no" ? "outofstock" : "onbackorder";
    product.dateModified = ctx.now;
    ctx.store.putProduct(product);
    ctx.events.push({ resource: "product", event: "updated", id: product.id });
    setItemMeta(ctx, l.item, "_reduced_stock", String(asInt(reduced.value) - l.quantity));
    const before = asInt(l.item.meta.find((m) => m.key === "_restock_refunded_items")?.value ?? 0);
    setItemMeta(ctx, l.item, "_restock_refunded_items", String(before + l.quantity));
    ctx.store.putNote({
      id: ctx.store.nextId("comment"),
      orderId: order.id,
      author: "WooCommerce",
      dateCreated: ctx.now,
      note: `Item #${product.id} stock increased from ${from} to ${to}.`,
      customerNote: false,
    });
  }
}
