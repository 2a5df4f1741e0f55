import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpDateTimeText } from "../../src/counterpoint/datetime.js";
import type { PricingData } from "../../src/flows/pricing/pricing-data.js";
import { quotePrice } from "../../src/flows/pricing/quote-price.js";
import { buildServer } from "../../src/http/build-server.js";
import { pricingRoutes } from "../../src/http/pricing-routes.js";
import { createMetrics } from "../../src/ops/metrics.js";
import { revokeApiKey } from "../../src/store/api-keys.js";
import { SeededRandom } from "../../src/sandbox/replica/seeded-random.js";
import { testEngines } from "../helpers/databases.js";
import { type RunningPricing, startPricing } from "./pricing-harness.js";

interface Json {
  [key: string]: unknown;
}

async function call(
  base: RunningPricing | string,
  method: string,
  path: string,
  options: { body?: unknown; key?: string | null; bearer?: boolean } = {},
): Promise<{ status: number; body: Json; headers: Headers; text: string }> {
  const url = typeof base === "string" ? base : base.url;
  const key = options.key === undefined && typeof base !== "string" ? base.key : options.key;
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (key) {
    if (options.bearer) headers.authorization = `Bearer ${key}`;
    else headers["x-api-key"] = key;
  }
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    // Prometheus text and HTML stay in `text`.
  }
  return { status: res.status, body, headers: res.headers, text };
}

describe.each(testEngines)("pricing service over HTTP (%s)", (engine) => {
  let svc: RunningPricing;
  beforeAll(async () => {
    svc = await startPricing(engine);
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it("prices a batch, one explained answer per item, unknown SKUs as per-item errors", async () => {
    const r = await call(svc, "POST", "/api/v1/prices", {
      body: {
        customer: "2221",
        items: [
          { sku: "PBO-TOTE", qty: 10 },
          { sku: "pbo-btl-32", qty: "1" },
          { sku: "NO-SUCH-ITEM", qty: 1 },
        ],
      },
    });
    expect(r.status).toBe(200);
    const items = r.body.items as Json[];
    expect(items[0]).toMatchObject({ ok: true, sku: "PBO-TOTE", price: "27.50", explanation: { method: "O" } });
    expect(items[1]).toMatchObject({ ok: true, sku: "PBO-BTL-32", price: "14.90" });
    expect(items[2]).toMatchObject({ ok: false, sku: "NO-SUCH-ITEM", error: "unknown_sku" });
  });

  it("an unknown customer is a per-item error, not a 500", async () => {
    const r = await call(svc, "POST", "/api/v1/prices", { body: { customer: "NOBODY", items: [{ sku: "PBO-TOTE" }] } });
    expect(r.status).toBe(200);
    expect((r.body.items as Json[])[0]).toMatchObject({ ok: false, error: "unknown_customer" });
  });

  it("GET one price; 404 for an unknown item", async () => {
    const r = await call(svc, "GET", "/api/v1/prices/PBO-TOTE?customer=2221&qty=9");
    expect(r.body).toMatchObject({ ok: true, price: "30.00", regularPrice: "38.00" });
    const missing = await call(svc, "GET", "/api/v1/prices/NOPE?customer=2221");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: "unknown_sku" });
  });

  it("bad requests get 400 naming the field", async () => {
    const neg = await call(svc, "POST", "/api/v1/prices", {
      body: { customer: "2221", items: [{ sku: "X", qty: -1 }] },
    });
    expect(neg.status).toBe(400);
    expect(neg.body.message).toMatch(/^body\.items\.0\.qty: /);
    const none = await call(svc, "POST", "/api/v1/prices", { body: { items: [{ sku: "X" }] } });
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/^body\.customer: /);
    const query = await call(svc, "GET", "/api/v1/prices/PBO-TOTE?qty=2");
    expect(query.body.message).toMatch(/^querystring\.customer: /);
    const compat = await call(svc, "POST", "/api/contract-price", { body: { ncr_bid_no: "144319" } });
    expect(compat.status).toBe(400);
    expect(compat.body.message).toMatch(/^body\.item_no: /);
  });

  it("keys: X-API-Key or Bearer; none, wrong or revoked → 401", async () => {
    const path = "/api/v1/prices/PBO-TOTE?customer=2221";
    expect((await call(svc, "GET", path, { bearer: true })).status).toBe(200);
    expect((await call(svc, "GET", path, { key: null })).body).toEqual({ error: "Unauthorized" });
    expect((await call(svc, "GET", path, { key: `${svc.key}x` })).status).toBe(401);
    const store = await svc.ctx.state();
    const { createApiKey } = await import("../../src/store/api-keys.js");
    const other = await createApiKey(store.db, "to-revoke");
    // The registry re-reads keys on its interval; the test forces a read instead of waiting.
    await refreshKeys(svc);
    expect((await call(svc, "GET", path, { key: other.key })).status).toBe(200);
    expect(await revokeApiKey(store.db, "to-revoke")).toBe(true);
    await refreshKeys(svc);
    expect((await call(svc, "GET", path, { key: other.key })).status).toBe(401);
  });

  it("compatibility endpoints keep the predecessor's fields", async () => {
    const one = await call(svc, "POST", "/api/contract-price", {
      body: { ncr_bid_no: "144319", item_no: "PBO-BTL-32", quantity: 2 },
    });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      contract_price: "14.90",
      regular_price: "29.50",
      discount_pct: "49.4949",
      pricing_method: "D",
      rule_descr: "SUPERIOR PC S CS",
      applied_qty_break: 1,
      requested_quantity: 2,
    });
    const none = await call(svc, "POST", "/api/contract-price", {
      body: { ncr_bid_no: "144319", item_no: "PBO-HOOD" },
    });
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ error: "No contract price found" });
    const many = await call(svc, "POST", "/api/contract-prices", {
      body: {
        ncr_bid_no: 144319,
        items: [
          { item_no: "PBO-TOTE", quantity: 10 },
          { item_no: "NOPE", quantity: 1 },
        ],
      },
    });
    expect(many.body).toMatchObject({ total_requested: 2, total_found: 1, total_errors: 1 });
    expect((many.body.results as Json[])[0]).toMatchObject({
      item_no: "PBO-TOTE",
      quantity: 10,
      contract_price: "27.50",
    });
    expect((many.body.errors as Json[])[0]).toMatchObject({ item_no: "NOPE" });
  });

  it("/health, /metrics and /docs", async () => {
    const health = await call(svc, "GET", "/health", { key: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "ok", checks: { pricing: { ok: true, cacheLoaded: true } } });
    const metrics = await call(svc, "GET", "/metrics", { key: null });
    expect(metrics.text).toContain("cpwoo_prices_quoted_total");
    expect(metrics.text).toContain("cpwoo_http_request_duration_seconds");
    const docs = await call(svc, "GET", "/docs/json", { key: null });
    expect(Object.keys(docs.body.paths as Json)).toEqual(
      expect.arrayContaining(["/api/v1/prices", "/api/v1/prices/{sku}", "/api/contract-price", "/api/contract-prices"]),
    );
  });

  it("property: the service answers exactly what the engine computes, for random customers, items and quantities", async () => {
    const data = svc.service.cache.data as PricingData;
    const customers = [...data.customers.values()].map((c) => c.custNo);
    const codes = [...new Set(data.groups.map((g) => g.code))];
    const skus = [...data.items.values()].map((i) => i.itemNo);
    const r = new SeededRandom(`property-${engine}`);
    for (let round = 0; round < 25; round++) {
      const customer = r.chance(0.2) ? r.pick(codes) : r.pick(customers);
      const items = Array.from({ length: r.int(1, 8) }, () => ({
        sku: r.chance(0.05) ? "NOT-AN-ITEM" : r.pick(skus),
        qty: r.chance(0.5) ? r.int(1, 60) : `${r.int(1, 30)}.${r.int(0, 99)}`,
      }));
      const at = cpDateTimeText(new Date());
      const res = await call(svc, "POST", "/api/v1/prices", { body: { customer, items } });
      const expected = items.map((i) =>
        quotePrice(data, { customer, sku: i.sku, qty: String(i.qty), at }, { defaultLocation: "*", decimals: 2 }),
      );
      expect(res.body.items).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });
});

async function refreshKeys(svc: RunningPricing): Promise<void> {
  await svc.service.apiKeys?.refresh();
}

describe("pricing service limits and cold start", () => {
  it("answers 503 with Retry-After until the cache has loaded", async () => {
    const metrics = createMetrics();
    const source = {
      data: null,
      snapshot: () => ({
        ready: false,
        loading: true,
        loadedAt: null,
        lastLoadSeconds: null,
        lastError: null,
        reloads: 0,
      }),
    };
    const app = await buildServer({
      metrics,
      modules: [
        pricingRoutes({
          source,
          quote: { defaultLocation: "*", decimals: 2 },
          apiKeys: null,
          rateLimitPerMinute: 1000,
          maxItems: 10,
          retryAfterSeconds: 7,
          metrics,
        }),
      ],
    });
    const url = await app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const r = await call(url, "GET", "/api/v1/prices/X?customer=Y", { key: null });
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("7");
    } finally {
      await app.close();
    }
  });

  it("rate-limits per key and caps batch size", async () => {
    const svc = await startPricing(
      "sqlite",
      { rateLimitPerMinute: 3, maxItemsPerRequest: 2 },
      { items: 10, customers: 10 },
    );
    try {
      const path = "/api/v1/prices/PBO-TOTE?customer=2221";
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(svc, "GET", path)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await call(svc, "POST", "/api/contract-price", {
        body: { ncr_bid_no: "144319", item_no: "PBO-TOTE" },
      });
      expect(limited.body).toMatchObject({ error: "Rate limit exceeded" });
      // Another key has its own budget; a batch over the cap is refused naming the field.
      const { createApiKey } = await import("../../src/store/api-keys.js");
      const other = await createApiKey((await svc.ctx.state()).db, "other");
      await refreshKeys(svc);
      const big = await call(svc, "POST", "/api/v1/prices", {
        key: other.key,
        body: { customer: "2221", items: [{ sku: "A" }, { sku: "B" }, { sku: "C" }] },
      });
      expect(big.status).toBe(400);
      expect(big.body.message).toMatch(/^body\.items: at most 2/);
    } finally {
      await svc.stop();
    }
  });
});
