import { money, sum } from "../../money/index.js";
import type { Order, Refund } from "../../woocommerce/index.js";

const pos = (v: string | null | undefined) => money(v === undefined || v === null || v === "" ? "0" : v).abs();
const text = (v: string | null | undefined) => pos(v).toFixed(2);

/**
 * A web refund seen as a small paid order, so the orders flow's mapping (customer, SKUs, tax authorities, pay code)
 * turns it into a ticket plan: the refund's lines, shipping and fees with their amounts made positive (WooCommerce
 * stores them negative), its tax, and `total` = the refund's amount. The return writer turns the plan's rows back
 * into negative return rows. The customer, addresses and payment method are the order's.
 */
export function refundAsOrder(order: Order, refund: Refund): Order {
  const lineItems = refund.line_items
    .filter((l) => l.quantity !== 0 || !pos(l.total).isZero())
    .map((l) => ({
      ...l,
      quantity: Math.abs(l.quantity),
      subtotal: text(l.subtotal),
      subtotal_tax: text(l.subtotal_tax),
      total: text(l.total),
      total_tax: text(l.total_tax),
      taxes: l.taxes.map((t) => ({ ...t, total: text(t.total), subtotal: text(t.subtotal) })),
    }));
  const shipping = (refund.shipping_lines ?? [])
    .filter((s) => !pos(s.total).isZero())
    .map((s) => ({ ...s, total: text(s.total), total_tax: text(s.total_tax) }));
  const fees = (refund.fee_lines ?? [])
    .filter((f) => !pos(f.total).isZero())
    .map((f) => ({ ...f, total: text(f.total), total_tax: text(f.total_tax) }));
  const lineTax = sum(lineItems.map((l) => money(l.total_tax)));
  const shippingTax = sum(shipping.map((s) => money(s.total_tax)));
  const feeTax = sum(fees.map((f) => money(f.total_tax)));
  return {
    ...order,
    status: "processing",
    line_items: lineItems,
    shipping_lines: shipping,
    fee_lines: fees,
    coupon_lines: [],
    refunds: [],
    tax_lines: (refund.tax_lines ?? []).map((t) => ({
      ...t,
      tax_total: text(t.tax_total),
      shipping_tax_total: text(t.shipping_tax_total),
    })),
    discount_total: "0.00",
    discount_tax: "0.00",
    shipping_total: sum(shipping.map((s) => money(s.total))).toFixed(2),
    shipping_tax: shippingTax.toFixed(2),
    cart_tax: lineTax.plus(feeTax).toFixed(2),
    total_tax: lineTax.plus(shippingTax).plus(feeTax).toFixed(2),
    total: pos(refund.amount).toFixed(2),
    customer_note: "",
  };
}
