import { money, roundTo } from "../../money/index.js";
import type {
  Address,
  CouponLine,
  FeeLine,
  ItemMeta,
  LineItem,
  NoteRecord,
  OrderRecord,
  RefundRecord,
  ShippingLine,
  TaxAmount,
  TaxLine,
} from "./records.js";
import { asText } from "./write-helpers.js";
import {
  ALLOW_ALL,
  ALLOW_READ_DELETE,
  amount,
  apiUrl,
  dates,
  hrefs,
  negated,
  type RenderEnv,
  selfLink,
} from "./render-env.js";

/** Orders, refunds and order notes as the wc/v3 routes return them, key for key in WooCommerce's order. */

export function renderOrder(o: OrderRecord, env: RenderEnv): Record<string, unknown> {
  const { store } = env;
  const [created, createdGmt] = dates(env, o.dateCreated);
  const [modified, modifiedGmt] = dates(env, o.dateModified);
  const [completed, completedGmt] = dates(env, o.dateCompleted);
  const [paid, paidGmt] = dates(env, o.datePaid);
  const links: Record<string, unknown> = {
    self: selfLink(env, `/orders/${o.id}`, ALLOW_ALL),
    collection: hrefs(env, "/orders"),
    email_templates: [{ embeddable: true, href: apiUrl(env, `/orders/${o.id}/actions/email_templates`) }],
  };
  if (o.customerId !== 0) links.customer = hrefs(env, `/customers/${o.customerId}`);
  if (o.parentId !== 0) links.up = hrefs(env, `/orders/${o.parentId}`);
  return {
    id: o.id,
    parent_id: o.parentId,
    status: o.status,
    currency: o.currency,
    version: o.version,
    prices_include_tax: o.pricesIncludeTax,
    date_created: created,
    date_modified: modified,
    discount_total: amount(env, o.discountTotal),
    discount_tax: amount(env, o.discountTax),
    shipping_total: amount(env, o.shippingTotal),
    shipping_tax: amount(env, o.shippingTax),
    cart_tax: amount(env, o.cartTax),
    total: amount(env, o.total),
    total_tax: amount(env, o.totalTax),
    customer_id: o.customerId,
    order_key: o.orderKey,
    billing: renderAddress(o.billing, true),
    shipping: renderAddress(o.shipping, false),
    payment_method: o.paymentMethod,
    payment_method_title: o.paymentMethodTitle,
    transaction_id: o.transactionId,
    customer_ip_address: o.customerIpAddress,
    customer_user_agent: o.customerUserAgent,
    created_via: o.createdVia,
    customer_note: o.customerNote,
    date_completed: completed,
    date_paid: paid,
    cart_hash: o.cartHash,
    number: String(o.id),
    meta_data: o.metaData.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    line_items: o.lineItems.map((i) => renderLineItem(i, env)),
    tax_lines: o.taxLines.map((t) => renderTaxLine(t, env)),
    shipping_lines: o.shippingLines.map((s) => renderShippingLine(s, env)),
    fee_lines: o.feeLines.map((f) => renderFeeLine(f, env)),
    coupon_lines: o.couponLines.map((c) => renderCouponLine(c, env)),
    refunds: store.refundsOf(o.id).map((r) => ({
      id: r.id,
      reason: r.reason,
      total: negated(env, r.amount),
      total_tax: negated(env, r.totalTax),
    })),
    payment_url: `${env.base}/checkout/order-pay/${o.id}/?pay_for_order=true&key=${o.orderKey}`,
    is_editable: ["pending", "on-hold", "auto-draft"].includes(o.status),
    needs_payment: ["pending", "failed"].includes(o.status) && money(o.total).greaterThan(0),
    needs_processing: needsProcessing(o, env),
    date_created_gmt: createdGmt,
    date_modified_gmt: modifiedGmt,
    date_completed_gmt: completedGmt,
    date_paid_gmt: paidGmt,
    currency_symbol: env.site.currencySymbol,
    _links: links,
  };
}

/** Billing carries `email`; both carry `phone` (WooCommerce keeps it on the shipping address since 5.6). */
export function renderAddress(a: Address, withEmail: boolean): Record<string, string> {
  const out: Record<string, string> = {
    first_name: a.first_name,
    last_name: a.last_name,
    company: a.company,
    address_1: a.address_1,
    address_2: a.address_2,
    city: a.city,
    state: a.state,
    postcode: a.postcode,
    country: a.country,
  };
  if (withEmail) out.email = a.email ?? "";
  out.phone = a.phone;
  return out;
}

function needsProcessing(o: OrderRecord, env: RenderEnv): boolean {
  for (const item of o.lineItems) {
    const product = env.store.products.get(item.variationId || item.productId);
    if (product !== undefined && !(product.virtual && product.downloadable)) return true;
  }
  return false;
}

/**
 * `line_items[].price` is a PHP float: the line total divided by the quantity, with float noise kept
 * (44.85 / 3 = 14.950000000000001 in the recording). It is a display number WooCommerce computes in floating point,
 * so it is reproduced in floating point here on purpose; no cpwoo arithmetic ever reads it back.
 */
export function phpLinePrice(total: string, quantity: number): number {
  if (quantity === 0) return 0;
  return Number(total) / quantity;
}

function renderItemMeta(meta: readonly ItemMeta[]) {
  return meta.map((m) => ({
    id: m.id,
    key: m.key,
    value: m.value,
    display_key: m.displayKey ?? m.key,
    display_value: m.displayValue ?? (typeof m.value === "string" ? m.value : JSON.stringify(m.value)),
  }));
}

function renderTaxes(taxes: readonly TaxAmount[], env: RenderEnv) {
  return taxes.map((t) => ({
    id: t.id,
    total: amount(env, t.total),
    subtotal: t.subtotal === null ? "" : amount(env, t.subtotal),
  }));
}

export function renderLineItem(i: LineItem, env: RenderEnv): Record<string, unknown> {
  const product = env.store.products.get(i.variationId || i.productId);
  const parent = i.variationId !== 0 ? env.store.products.get(i.productId) : undefined;
  const image = product?.images[0];
  const imageRef =
    typeof image === "object" && image !== null && "id" in image
      ? { id: image.id, src: asText((image as { src?: unknown }).src) }
      : { id: i.variationId !== 0 ? 0 : "", src: "" };
  return {
    id: i.id,
    name: i.name,
    product_id: i.productId,
    variation_id: i.variationId,
    quantity: i.quantity,
    tax_class: i.taxClass,
    subtotal: amount(env, i.subtotal),
    subtotal_tax: amount(env, i.subtotalTax),
    total: amount(env, i.total),
    total_tax: amount(env, i.totalTax),
    taxes: renderTaxes(i.taxes, env),
    meta_data: renderItemMeta(i.meta),
    sku: product?.sku ?? i.sku,
    global_unique_id: product?.globalUniqueId ?? "",
    price: phpLinePrice(i.total, i.quantity),
    image: imageRef,
    parent_name: i.variationId !== 0 ? (parent?.name ?? null) : null,
  };
}

function renderTaxLine(t: TaxLine, env: RenderEnv) {
  return {
    id: t.id,
    rate_code: t.rateCode,
    rate_id: t.rateId,
    label: t.label,
    compound: t.compound,
    tax_total: amount(env, t.taxTotal),
    shipping_tax_total: amount(env, t.shippingTaxTotal),
    rate_percent: t.ratePercent,
    meta_data: renderItemMeta(t.meta),
  };
}

function renderShippingLine(s: ShippingLine, env: RenderEnv) {
  return {
    id: s.id,
    method_title: s.methodTitle,
    method_id: s.methodId,
    instance_id: s.instanceId,
    total: amount(env, s.total),
    total_tax: amount(env, s.totalTax),
    taxes: renderTaxes(s.taxes, env),
    tax_status: s.taxStatus,
    meta_data: renderItemMeta(s.meta),
  };
}

function renderFeeLine(f: FeeLine, env: RenderEnv) {
  return {
    id: f.id,
    name: f.name,
    tax_class: f.taxClass,
    tax_status: f.taxStatus,
    amount: f.amount,
    total: amount(env, f.total),
    total_tax: amount(env, f.totalTax),
    taxes: renderTaxes(f.taxes, env),
    meta_data: renderItemMeta(f.meta),
  };
}

/** Coupon amounts are not padded: WooCommerce shows "15" and "0.9" here. */
function unpadded(env: RenderEnv, value: string): string {
  return roundTo(money(value), env.dp).toString();
}

function renderCouponLine(c: CouponLine, env: RenderEnv) {
  return {
    id: c.id,
    code: c.code,
    discount: unpadded(env, c.discount),
    discount_tax: unpadded(env, c.discountTax),
    meta_data: renderItemMeta(c.meta),
    discount_type: c.discountType,
    nominal_amount: c.nominalAmount,
    free_shipping: c.freeShipping,
  };
}

export function renderRefund(r: RefundRecord, env: RenderEnv): Record<string, unknown> {
  const [created, createdGmt] = dates(env, r.dateCreated);
  return {
    id: r.id,
    date_created: created,
    date_created_gmt: createdGmt,
    amount: amount(env, r.amount),
    reason: r.reason,
    refunded_by: r.refundedBy,
    refunded_payment: r.refundedPayment,
    meta_data: r.metaData.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    line_items: r.lineItems.map((i) => renderLineItem(i, env)),
    shipping_lines: r.shippingLines.map((s) => renderShippingLine(s, env)),
    tax_lines: r.taxLines.map((t) => renderTaxLine(t, env)),
    fee_lines: r.feeLines.map((f) => renderFeeLine(f, env)),
    _links: {
      self: selfLink(env, `/orders/${r.orderId}/refunds/${r.id}`, ALLOW_READ_DELETE),
      collection: hrefs(env, `/orders/${r.orderId}/refunds`),
      up: hrefs(env, `/orders/${r.orderId}`),
    },
  };
}

export function renderNote(n: NoteRecord, env: RenderEnv): Record<string, unknown> {
  const [created, createdGmt] = dates(env, n.dateCreated);
  return {
    id: n.id,
    author: n.author,
    date_created: created,
    date_created_gmt: createdGmt,
    note: n.note,
    customer_note: n.customerNote,
    _links: {
      self: selfLink(env, `/orders/${n.orderId}/notes/${n.id}`, ALLOW_READ_DELETE),
      collection: hrefs(env, `/orders/${n.orderId}/notes`),
      up: hrefs(env, `/orders/${n.orderId}`),
    },
  };
}
