import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { money, toMoneyString } from "../../../src/money/index.js";
import { readFixtureDirectory } from "../../../src/sandbox/woo/fixtures.js";
import { computeOrderTotals } from "../../../src/sandbox/woo/order-totals.js";
import type { WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { matchingTaxRates, RECORDED_STORE_TAX_RATES } from "../../../src/sandbox/woo/tax-rates.js";
import { loadRecordings } from "../../contract/recordings.js";
import { at, call, list, RECORDED_DIR, recordedSandbox } from "./helpers.js";

/** Order arithmetic and the order lifecycle, checked against the recorded orders. */

type J = Record<string, unknown>;
const m2 = (v: unknown) => toMoneyString(money(String(v)), 2);

/** Every distinct recorded order (a REST body, a list item, a batch item or a webhook body). */
function recordedOrders(): J[] {
  const byId = new Map<number, J>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === "object") {
      const o = v as J;
      if ("line_items" in o && "order_key" in o) byId.set(o.id as number, o);
      else for (const k of ["create", "update"]) if (Array.isArray(o[k])) visit(o[k]);
    }
  };
  for (const r of loadRecordings()) {
    visit(r.response.body);
    if (r.kind === "webhook_delivery" && String(r.request.body).startsWith("{"))
      visit(JSON.parse(String(r.request.body)));
  }
  return [...byId.values()];
}

describe("order totals (pure), against every recorded order", () => {
  const orders = recordedOrders();
  it("has recorded orders to check", () => {
    expect(orders.length).toBeGreaterThanOrEqual(11);
  });
  for (const order of orders) {
    it(`reproduces order ${String(order.id)}`, () => {
      const lines = order.line_items as J[];
      const shipping = order.shipping as J;
      const rates = matchingTaxRates(RECORDED_STORE_TAX_RATES, {
        country: String(shipping.country),
        state: String(shipping.state),
        postcode: String(shipping.postcode),
        city: String(shipping.city),
      });
      const result = computeOrderTotals({
        lines: lines.map((l) => ({
          key: l.id as number,
          quantity: l.quantity as number,
          subtotal: money(String(l.subtotal)),
          taxable: true,
        })),
        fees: (order.fee_lines as J[]).map((f) => ({
          key: f.id as number,
          total: money(String(f.total)),
          taxable: f.tax_status === "taxable",
        })),
        shipping: (order.shipping_lines as J[]).map((s) => ({
          key: s.id as number,
          total: money(String(s.total)),
          taxable: true,
        })),
        coupons: (order.coupon_lines as J[]).map((c) => ({
          code: String(c.code),
          type: String(c.discount_type),
          amount: money(String(c.nominal_amount)),
        })),
        rates: rates.map((r) => ({ id: r.id, percent: money(r.rate), compound: r.compound, shipping: r.shipping })),
        decimals: 2,
      });
      for (const [i, l] of lines.entries()) {
        const got = result.lines[i];
        expect(m2(got?.total), `line ${String(l.id)} total`).toBe(l.total);
        expect(m2(got?.subtotalTax), `line ${String(l.id)} subtotal_tax`).toBe(l.subtotal_tax);
        expect(m2(got?.totalTax), `line ${String(l.id)} total_tax`).toBe(l.total_tax);
        expect(got?.totalTaxes.map((t) => ({ id: t.rateId, total: m2(t.amount) }))).toEqual(
          (l.taxes as J[]).map((t) => ({ id: t.id, total: t.total })),
        );
      }
      for (const [i, c] of (order.coupon_lines as J[]).entries()) {
        expect(result.coupons[i]?.discount.toString(), "coupon discount").toBe(c.discount);
        expect(result.coupons[i]?.discountTax.toString(), "coupon discount_tax").toBe(c.discount_tax);
      }
      expect(
        result.rates.map((r) => ({
          rate_id: r.rateId,
          tax_total: m2(r.taxTotal),
          shipping_tax_total: m2(r.shippingTaxTotal),
        })),
      ).toEqual(
        (order.tax_lines as J[]).map((t) => ({
          rate_id: t.rate_id,
          tax_total: t.tax_total,
          shipping_tax_total: t.shipping_tax_total,
        })),
      );
      for (const [field, value] of [
        ["discount_total", result.discountTotal],
        ["discount_tax", result.discountTax],
        ["shipping_total", result.shippingTotal],
        ["shipping_tax", result.shippingTax],
        ["cart_tax", result.cartTax],
        ["total_tax", result.totalTax],
        ["total", result.total],
      ] as const) {
        expect(m2(value), field).toBe(order[field]);
      }
    });
  }

  it("spreads a fixed-cart coupon per unit and hands out leftover cents", () => {
    const r = computeOrderTotals({
      lines: [
        { key: 1, quantity: 1, subtotal: money("24.99"), taxable: true },
        { key: 2, quantity: 3, subtotal: money("44.85"), taxable: true },
      ],
      fees: [],
      shipping: [],
      coupons: [{ code: "save10", type: "fixed_cart", amount: money("10") }],
      rates: [],
      decimals: 2,
    });
    // 1000 cents over 4 units: 250 each.
    expect(r.lines.map((l) => l.total.toFixed(2))).toEqual(["22.49", "37.35"]);
    const odd = computeOrderTotals({
      lines: [{ key: 1, quantity: 3, subtotal: money("30.00"), taxable: false }],
      fees: [],
      shipping: [],
      coupons: [{ code: "x", type: "fixed_cart", amount: money("10") }],
      rates: [],
      decimals: 2,
    });
    expect(odd.coupons[0]?.discount.toString()).toBe("10");
    expect(odd.lines[0]?.total.toFixed(2)).toBe("20.00");
  });
});

describe("orders placed through the sandbox", () => {
  let sb: WooSandbox;
  beforeEach(async () => {
    // The store as it was when the recorded orders were placed (earliest recorded versions), plus a fixed-cart coupon.
    sb = await recordedSandbox({
      fixturePolicy: "earliest",
      fixtures: [
        ...readFixtureDirectory(RECORDED_DIR),
        { source: "coupon", body: { id: 900, code: "SAVE15", amount: "15.00", discount_type: "fixed_cart" } },
      ],
    });
  });
  afterEach(() => sb.close());

  const dana = {
    first_name: "Dana",
    last_name: "Whitfield",
    company: "",
    address_1: "418 Coquina Lane",
    address_2: "",
    city: "St. Augustine",
    state: "FL",
    postcode: "32080",
    country: "US",
    phone: "904-555-0142",
  };

  it("gives the same totals as order_two_tax_rates for the same lines", async () => {
    const recorded = loadRecordings().find((r) => r.name === "order_two_tax_rates")?.response.body as J;
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: {
        payment_method: "stripe",
        payment_method_title: "Credit card (Stripe)",
        transaction_id: "pi_TEST",
        set_paid: true,
        customer_id: 2,
        billing: { ...dana, email: "dana.whitfield@example.com" },
        shipping: dana,
        line_items: [
          { product_id: 11, quantity: 1 },
          { sku: "PBO-SUN-50", quantity: 2 },
        ],
        shipping_lines: [{ method_id: "flat_rate", method_title: "Flat rate", instance_id: "1", total: "7.95" }],
      },
    });
    expect(res.status).toBe(201);
    const o = res.json as J;
    for (const f of [
      "status",
      "discount_total",
      "discount_tax",
      "shipping_total",
      "shipping_tax",
      "cart_tax",
      "total",
      "total_tax",
    ]) {
      expect(o[f], f).toBe(recorded[f]);
    }
    const lineFacts = (lines: unknown) =>
      list(lines).map((l) => [l.subtotal, l.total, l.total_tax, l.taxes, l.price, l.sku]);
    expect(lineFacts(o.line_items)).toEqual(lineFacts(recorded.line_items));
    expect(list(o.tax_lines).map((t) => ({ ...t, id: 0 }))).toEqual(
      list(recorded.tax_lines).map((t) => ({ ...t, id: 0 })),
    );
    expect(list(o.shipping_lines).map((s) => ({ ...s, id: 0 }))).toEqual(
      list(recorded.shipping_lines).map((s) => ({ ...s, id: 0 })),
    );
    expect(o.date_paid).not.toBeNull();
  });

  it("applies the percent coupon like order_with_coupon; cash on delivery completes", async () => {
    const recorded = loadRecordings().find((r) => r.name === "order_with_coupon")?.response.body as J;
    // The tote went on sale (34.00) after this order was recorded at 38.00.
    await call(sb, "PUT", "/wp-json/wc/v3/products/14", { body: { sale_price: "" } });
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: {
        payment_method: "cod",
        payment_method_title: "Cash on delivery",
        set_paid: true,
        customer_id: 4,
        billing: recorded.billing,
        shipping: recorded.shipping,
        line_items: [
          { product_id: 14, quantity: 1 },
          { product_id: 12, quantity: 1 },
        ],
        coupon_lines: [{ code: "SUNNY10" }],
      },
    });
    expect(res.status).toBe(201);
    const o = res.json as J;
    for (const f of ["status", "discount_total", "discount_tax", "cart_tax", "total", "total_tax"])
      expect(o[f], f).toBe(recorded[f]);
    expect(o.date_completed).not.toBeNull();
    const coupon = list(o.coupon_lines)[0] as J;
    const want = list(recorded.coupon_lines)[0] as J;
    expect([coupon.code, coupon.discount, coupon.discount_tax, coupon.discount_type, coupon.nominal_amount]).toEqual([
      want.code,
      want.discount,
      want.discount_tax,
      want.discount_type,
      want.nominal_amount,
    ]);
    expect(at(coupon, "meta_data.0.key")).toBe("coupon_info");
  });

  it("taxes a fee like order_with_fee", async () => {
    const recorded = loadRecordings().find((r) => r.name === "order_with_fee")?.response.body as J;
    await call(sb, "PUT", "/wp-json/wc/v3/products/14", { body: { sale_price: "" } });
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: {
        customer_id: 3,
        billing: recorded.billing,
        shipping: recorded.shipping,
        line_items: [{ product_id: 14, quantity: 1 }],
        fee_lines: [{ name: "Gift wrapping", total: "4.50", tax_status: "taxable" }],
      },
    });
    const o = res.json as J;
    expect([o.cart_tax, o.total, o.total_tax]).toEqual([recorded.cart_tax, recorded.total, recorded.total_tax]);
    expect(list(o.fee_lines).map((f) => ({ ...f, id: 0 }))).toEqual(
      list(recorded.fee_lines).map((f) => ({ ...f, id: 0 })),
    );
    expect(o.status).toBe("pending");
    expect(o.needs_payment).toBe(true);
    expect(o.is_editable).toBe(true);
  });

  it("shows a fixed-cart coupon's discount unpadded and spread per unit", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: {
        billing: { ...dana, postcode: "32258", email: "x@example.com" },
        shipping: { ...dana, postcode: "32258" },
        line_items: [
          { product_id: 11, quantity: 1 },
          { product_id: 13, quantity: 3 },
        ],
        coupon_lines: [{ code: "save15" }],
      },
    });
    const o = res.json as J;
    expect(at(o, "coupon_lines.0.discount")).toBe("15");
    expect(list(o.line_items).map((l) => l.total)).toEqual(["21.24", "33.60"]);
    expect(o.discount_total).toBe("15.00");
  });

  it("accepts an unknown SKU silently with a zero line, and refuses an unknown coupon", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: { line_items: [{ sku: "NO-SUCH", quantity: 2 }] },
    });
    expect(res.status).toBe(201);
    expect(at(res.json, "total")).toBe("0.00");
    expect(at(res.json, "line_items.0.product_id")).toBe(0);
    const coupon = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: { line_items: [{ product_id: 13, quantity: 1 }], coupon_lines: [{ code: "nope" }] },
    });
    expect(coupon.status).toBe(400);
    expect(at(coupon.json, "code")).toBe("woocommerce_rest_invalid_coupon");
  });

  it("reduces stock once when paid, notes it, counts the sale, and gives it back on cancel", async () => {
    const before = sb.store.products.get(14)?.stockQuantity as number;
    const salesBefore = sb.store.products.get(14)?.totalSales as number;
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: {
        customer_id: 2,
        payment_method: "bacs",
        payment_method_title: "Direct bank transfer",
        set_paid: true,
        line_items: [
          { product_id: 14, quantity: 2 },
          { product_id: 13, quantity: 1 },
        ],
      },
    });
    const order = res.json as J;
    expect(order.status).toBe("processing");
    expect(sb.store.products.get(14)?.stockQuantity).toBe(before - 2);
    expect(sb.store.products.get(14)?.totalSales).toBe(salesBefore + 2);
    expect(at(order, "line_items.0.meta_data.0")).toMatchObject({ key: "_reduced_stock", value: "2" });
    expect(at(order, "line_items.1.meta_data")).toEqual([]);
    const notes = list((await call(sb, "GET", `/wp-json/wc/v3/orders/${String(order.id)}/notes`)).json).map(
      (n) => n.note,
    );
    expect(notes).toContain(`Stock levels reduced: Canvas Beach Tote (${before}&rarr;${before - 2})`);
    expect(notes).toContain("Payment via Direct bank transfer.");
    await call(sb, "PUT", `/wp-json/wc/v3/orders/${String(order.id)}`, { body: { status: "completed" } });
    expect(sb.store.products.get(14)?.stockQuantity).toBe(before - 2);
    await call(sb, "PUT", `/wp-json/wc/v3/orders/${String(order.id)}`, { body: { status: "cancelled" } });
    expect(sb.store.products.get(14)?.stockQuantity).toBe(before);
  });

  it("leaves date_paid empty for an order created straight as processing", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: { status: "processing", set_paid: true, line_items: [{ product_id: 13, quantity: 1 }] },
    });
    expect(at(res.json, "status")).toBe("processing");
    expect(at(res.json, "date_paid")).toBeNull();
  });

  it("writes a variation line with its attribute meta, parent name and image", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: { customer_id: 4, line_items: [{ product_id: 15, variation_id: 17, quantity: 1 }] },
    });
    const line = at(res.json, "line_items.0") as J;
    expect(line.name).toBe("Tarpon Performance Hoodie - M");
    expect(line.parent_name).toBe("Tarpon Performance Hoodie");
    expect(line.product_id).toBe(15);
    expect(line.variation_id).toBe(17);
    expect(line.image).toEqual({ id: 0, src: "" });
    expect(at(line, "meta_data.0")).toMatchObject({
      key: "pa_size",
      value: "m",
      display_key: "Size",
      display_value: "M",
    });
    expect(at(res.json, "_links.customer.0.href")).toMatch(/customers\/4$/);
  });

  it("keeps a guest order without a customer link", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: {
        billing: {
          first_name: "Priya",
          email: "priya.raman@example.net",
          country: "US",
          state: "FL",
          postcode: "32601",
        },
        line_items: [{ product_id: 13, quantity: 3 }],
      },
    });
    expect(at(res.json, "customer_id")).toBe(0);
    expect(at(res.json, "_links.customer")).toBeUndefined();
    expect(at(res.json, "line_items.0.price")).toBe(14.950000000000001);
    expect(at(res.json, "total")).toBe("47.54");
  });
});
