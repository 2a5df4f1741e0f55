import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { parseWooGmtDate, parseWooGmtDateOrNull, formatWooGmtDate } from "../../src/woocommerce/dates.js";
import { effectiveStatus, readWooErrorBody } from "../../src/woocommerce/errors.js";
import { wooMoney } from "../../src/woocommerce/money-fields.js";
import {
  customerSchema,
  orderNoteSchema,
  orderSchema,
  productCategorySchema,
  productSchema,
  refundSchema,
  variationSchema,
  webhookSchema,
} from "../../src/woocommerce/schemas/index.js";
import { loadRecorded, recordedNames } from "./helpers/recorded.js";

/** The schema of a REST path under /wp-json/wc/v3, by route. */
function schemaForPath(path: string): { name: string; schema: z.ZodType } {
  const route = path.replace(/^\/wp-json\/wc\/v3/, "");
  const table: Array<[RegExp, string, z.ZodType]> = [
    [/^\/orders\/\d+\/notes(\/\d+)?$/, "order note", orderNoteSchema],
    [/^\/orders\/\d+\/refunds(\/\d+)?$/, "refund", refundSchema],
    [/^\/orders(\/\d+|\/batch)?$/, "order", orderSchema],
    [/^\/customers(\/\d+|\/batch)?$/, "customer", customerSchema],
    [/^\/products\/categories(\/\d+|\/batch)?$/, "category", productCategorySchema],
    [/^\/products\/\d+\/variations(\/\d+|\/batch)?$/, "variation", variationSchema],
    [/^\/products(\/\d+|\/batch)?$/, "product", productSchema],
    [/^\/webhooks(\/\d+)?$/, "webhook", webhookSchema],
  ];
  const hit = table.find(([re]) => re.test(route));
  if (hit === undefined) throw new Error(`no schema for ${path}`);
  return { name: hit[1], schema: hit[2] };
}

/** The resources in a response body: one object, a list, or a batch answer's successful items. */
function resourcesIn(body: unknown, isBatch: boolean): unknown[] {
  if (Array.isArray(body)) return body;
  if (!isBatch) return [body];
  const b = body as Record<string, unknown[] | undefined>;
  return [...(b.create ?? []), ...(b.update ?? []), ...(b.delete ?? [])].filter(
    (x) => !(x as { error?: unknown }).error,
  );
}

const all = recordedNames().map(loadRecorded);

describe("zod types parse every recorded response", () => {
  for (const rec of all.filter((r) => r.kind === "rest" && r.response.status < 400)) {
    it(`${rec.name}`, () => {
      const { schema } = schemaForPath(rec.request.path);
      const items = resourcesIn(rec.response.body, rec.request.path.endsWith("/batch"));
      for (const item of items) {
        const result = schema.safeParse(item);
        expect(result.success, result.success ? "" : JSON.stringify(result.error.issues)).toBe(true);
      }
      // Unknown fields survive (loose objects): nothing WooCommerce sent is dropped.
      const first = items[0];
      if (typeof first === "object" && first !== null) {
        expect(Object.keys(schema.parse(first) as object).sort()).toEqual(Object.keys(first).sort());
      }
    });
  }

  for (const rec of all.filter((r) => r.kind === "rest" && r.response.status >= 400)) {
    it(`${rec.name}: the error body is read, numeric data included`, () => {
      const body = readWooErrorBody(rec.response.body);
      expect(body).not.toBeNull();
      expect(body?.code).toMatch(/^[a-z_]+$/);
      const status = effectiveStatus(rec.response.status, body?.data);
      expect(status).toBe(rec.name === "error_500_refund_amount_invalid" ? 500 : rec.response.status);
    });
  }

  for (const rec of all.filter((r) => r.kind === "webhook_delivery" && r.request.headers["x-wc-webhook-resource"])) {
    it(`${rec.name}: the delivery payload is the wc/v3 resource`, () => {
      const resource = rec.request.headers["x-wc-webhook-resource"];
      const schema = resource === "order" ? orderSchema : productSchema;
      expect(resource === "order" || resource === "product").toBe(true);
      const result = schema.safeParse(JSON.parse(rec.request.body as string));
      expect(result.success, result.success ? "" : JSON.stringify(result.error.issues)).toBe(true);
    });
  }

  it("every recorded file was checked by one of the loops above", () => {
    const checked = all.filter(
      (r) => r.kind === "rest" || r.name === "webhook_ping" || r.request.headers["x-wc-webhook-resource"] !== undefined,
    );
    expect(checked.length).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(47);
  });

  it("refuses a number where WooCommerce sends a money string, and a date with an offset", () => {
    const order = loadRecorded("order_two_tax_rates").response.body as Record<string, unknown>;
    expect(orderSchema.safeParse({ ...order, total: 67.24 }).success).toBe(false);
    expect(orderSchema.safeParse({ ...order, date_modified_gmt: "2026-11-21T20:58:38Z" }).success).toBe(false);
    expect(orderSchema.safeParse({ ...order, currency_symbol: undefined, brand_new_field: [1] }).success).toBe(true);
  });

  it("accepts a variation whose stock is its parent's", () => {
    const list = loadRecorded("product_variations_list").response.body as Array<Record<string, unknown>>;
    const parsed = variationSchema.parse({ ...list[0], manage_stock: "parent", stock_quantity: 50 });
    expect(parsed.manage_stock).toBe("parent");
  });
});

describe("money and dates", () => {
  it("reads money strings and the JSON-number exceptions as exact decimals", () => {
    const order = orderSchema.parse(loadRecorded("order_with_coupon").response.body);
    const coupon = order.coupon_lines[0];
    expect(coupon).toBeDefined();
    expect(wooMoney(coupon?.nominal_amount ?? 0, "coupon nominal").toString()).toBe("10");
    // Every recorded order adds up: line totals + shipping + fees + tax = total, exactly.
    let checked = 0;
    for (const rec of all.filter(
      (r) => r.kind === "rest" && r.response.status === 200 && /^\/wp-json\/wc\/v3\/orders\/\d+$/.test(r.request.path),
    )) {
      const o = orderSchema.parse(rec.response.body);
      const parts = [
        ...o.line_items.map((l, i) => wooMoney(l.total, `order ${o.id} line_items[${i}].total`)),
        ...o.shipping_lines.map((l, i) => wooMoney(l.total, `order ${o.id} shipping_lines[${i}].total`)),
        ...o.fee_lines.map((l, i) => wooMoney(l.total, `order ${o.id} fee_lines[${i}].total`)),
        wooMoney(o.total_tax, `order ${o.id} total_tax`),
      ];
      expect(parts.reduce((a, b) => a.plus(b)).toFixed(2), rec.name).toBe(wooMoney(o.total, "total").toFixed(2));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    expect(wooMoney(0.1, "f").plus(wooMoney(0.2, "f")).toString()).toBe("0.3");
    expect(wooMoney("", "sale_price").isZero()).toBe(true);
    expect(() => wooMoney("12,50", "order 25 total")).toThrow(/order 25 total/);
  });

  it("parses a GMT date without offset as UTC, and refuses impossible or offset dates", () => {
    expect(parseWooGmtDate("2026-11-21T20:58:38").toISOString()).toBe("2026-11-21T20:58:38.000Z");
    expect(parseWooGmtDateOrNull(null)).toBeNull();
    expect(() => parseWooGmtDate("2026-02-30T00:00:00", "order 25 date_paid_gmt")).toThrow(/order 25 date_paid_gmt/);
    expect(() => parseWooGmtDate("2026-11-21T20:58:38Z")).toThrow();
    expect(formatWooGmtDate(new Date("2026-11-21T15:58:38.999-05:00"))).toBe("2026-11-21T20:58:38");
    const order = orderSchema.parse(loadRecorded("order_after_refund").response.body);
    expect(parseWooGmtDate(order.date_created_gmt).getTime() - Date.parse("2026-11-21T15:58:36-05:00")).toBe(0);
  });
});
