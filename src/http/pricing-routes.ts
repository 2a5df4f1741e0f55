import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { cpDateTimeText } from "../counterpoint/datetime.js";
import type { PricingCacheStatus } from "../flows/pricing/pricing-cache.js";
import type { PricingData } from "../flows/pricing/pricing-data.js";
import { type QuoteOptions, type QuoteResult, quotePrice } from "../flows/pricing/quote-price.js";
import type { Metrics } from "../ops/metrics.js";
import { type ApiKeyVerifier, presentedApiKey } from "./api-key-registry.js";
import { KeyRateLimiter } from "./key-rate-limiter.js";
import type { CpwooServer, ServerModule } from "./build-server.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Name of the API key the request presented (set by the pricing routes' key check). */
    apiKeyName?: string;
  }
}

export interface PricingRouteDeps {
  /** Where the compiled price data lives (the PricingCache); `data` is null until the first load finishes. */
  source: { readonly data: PricingData | null; snapshot(): PricingCacheStatus };
  quote: QuoteOptions;
  /** null: no key required (settings pricing.requireApiKey false). */
  apiKeys: ApiKeyVerifier | null;
  rateLimitPerMinute: number;
  maxItems: number;
  retryAfterSeconds: number;
  metrics: Metrics;
  /** Counterpoint-local "now" for promotion dates; the process clock by default. */
  now?: () => string;
}

const code = (what: string, max: number) => z.string().trim().min(1, `${what} is required`).max(max);
/** A quantity: a positive number, or its decimal text. */
const quantity = z
  .union([z.number().positive().max(1_000_000_000), z.string().regex(/^\d{1,10}(\.\d{1,4})?$/, "a positive decimal")])
  .refine((v) => Number(v) > 0, "must be greater than 0");

const priceQuery = {
  body: z.object({
    customer: code("customer", 15).describe("Counterpoint CUST_NO, or a price-group code (IM_PRC_GRP.GRP_COD)"),
    items: z.array(z.object({ sku: code("sku", 20), qty: quantity.default(1) })).min(1),
    location: z.string().trim().min(1).max(10).optional().describe("IM_PRC.LOC_ID; default: the price location"),
  }),
};

const compatOne = z.object({
  ncr_bid_no: z.union([z.string(), z.number()]).transform(String).pipe(code("ncr_bid_no", 15)),
  item_no: code("item_no", 20),
  quantity: quantity.default(1),
  loc_id: z.string().trim().min(1).max(10).optional(),
});

const compatMany = z.object({
  ncr_bid_no: z.union([z.string(), z.number()]).transform(String).pipe(code("ncr_bid_no", 15)),
  items: z.array(z.object({ item_no: code("item_no", 20), quantity: quantity.default(1) })).min(1),
  loc_id: z.string().trim().min(1).max(10).optional(),
});

/** The predecessor's response fields, same names; values are decimal text (money never travels as a float). */
function compatFields(q: Extract<QuoteResult, { ok: true }>) {
  const e = q.explanation;
  return {
    contract_price: q.price,
    regular_price: q.regularPrice,
    discount_pct: e.method === "D" ? e.amountOrPct : null,
    pricing_method: e.method,
    rule_descr: e.rule?.descr ?? null,
    applied_qty_break: e.break ? Number(e.break.minQty) : null,
    requested_quantity: Number(q.qty),
  };
}

/**
 * The pricing API: `POST /api/v1/prices`, `GET /api/v1/prices/{sku}`, and the predecessor's `POST /api/contract-price`
 * and `POST /api/contract-prices` (same fields, so existing WordPress sites keep working). Every route needs an API
 * key (unless disabled), is rate-limited per key, and answers 503 with Retry-After until the cache has loaded.
 */
export function pricingRoutes(deps: PricingRouteDeps): ServerModule {
  const now = deps.now ?? (() => cpDateTimeText(new Date()));
  const quoted = deps.metrics.pricesQuoted;
  const limiter = new KeyRateLimiter(deps.rateLimitPerMinute);
  /** `at` is read once per request (every item of a batch is priced at the same moment). */
  const quote = (
    data: PricingData,
    at: string,
    customer: string,
    sku: string,
    qty: string | number,
    location?: string,
  ) => {
    const result = quotePrice(data, { customer, sku, qty: String(qty), location, at }, deps.quote);
    quoted.inc({ source: result.ok ? result.explanation.source : "error" });
    return result;
  };

  return {
    name: "pricing",
    tag: { name: "pricing", description: "Customer prices from Counterpoint's price rules" },
    register(app: CpwooServer) {
      app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
        if (deps.apiKeys === null) return;
        const key = presentedApiKey(request.headers);
        const name = key === null ? null : deps.apiKeys.verify(key);
        if (name === null) return reply.code(401).send({ error: "Unauthorized" });
        request.apiKeyName = name;
      });
      app.addHook("preHandler", async (request, reply) => {
        const wait = limiter.take(request.apiKeyName ?? request.ip);
        if (wait > 0) return reply.code(429).header("Retry-After", String(wait)).send({ error: "Rate limit exceeded" });
        if (deps.source.data !== null) return;
        return reply
          .code(503)
          .header("Retry-After", String(deps.retryAfterSeconds))
          .send({ error: "warming_up", message: "price rules are still loading; retry shortly" });
      });
      const security = [{ apiKey: [] }, { bearer: [] }];

      app.post(
        "/api/v1/prices",
        {
          schema: {
            tags: ["pricing"],
            summary: "Prices for a customer (or price group) and a list of items, each with its explanation",
            security,
            body: priceQuery.body,
          },
        },
        async (request, reply) => {
          const data = deps.source.data as PricingData;
          const { customer, items, location } = request.body;
          const at = now();
          if (items.length > deps.maxItems)
            return reply.code(400).send({
              error: "bad_request",
              message: `body.items: at most ${deps.maxItems} items per request`,
            });
          return {
            customer,
            items: items.map((i) => quote(data, at, customer, i.sku, i.qty, location)),
          };
        },
      );

      app.get(
        "/api/v1/prices/:sku",
        {
          schema: {
            tags: ["pricing"],
            summary: "The price of one item for a customer (or price group)",
            security,
            params: z.object({ sku: code("sku", 20) }),
            querystring: z.object({
              customer: code("customer", 15),
              qty: quantity.default(1),
              location: z.string().trim().min(1).max(10).optional(),
            }),
          },
        },
        async (request, reply) => {
          const data = deps.source.data as PricingData;
          const result = quote(
            data,
            now(),
            request.query.customer,
            request.params.sku,
            request.query.qty,
            request.query.location,
          );
          if (!result.ok) return reply.code(result.error === "no_price" ? 422 : 404).send(result);
          return result;
        },
      );

      app.post(
        "/api/contract-price",
        {
          schema: {
            tags: ["pricing"],
            summary: "Compatibility: the predecessor's single contract price",
            security,
            body: compatOne,
          },
        },
        async (request, reply) => {
          const data = deps.source.data as PricingData;
          const b = request.body;
          const result = quote(data, now(), b.ncr_bid_no, b.item_no, b.quantity, b.loc_id);
          if (!result.ok || result.explanation.source !== "rule")
            return reply.code(404).send({ error: "No contract price found" });
          return compatFields(result);
        },
      );

      app.post(
        "/api/contract-prices",
        {
          schema: {
            tags: ["pricing"],
            summary: "Compatibility: the predecessor's batch of contract prices",
            security,
            body: compatMany,
          },
        },
        async (request, reply) => {
          const data = deps.source.data as PricingData;
          const b = request.body;
          if (b.items.length > deps.maxItems)
            return reply.code(400).send({ error: `items: at most ${deps.maxItems} items per request` });
          const results: (ReturnType<typeof compatFields> & { item_no: string; quantity: number })[] = [];
          const errors: { item_no: string; error: string }[] = [];
          const at = now();
          for (const item of b.items) {
            const r = quote(data, at, b.ncr_bid_no, item.item_no, item.quantity, b.loc_id);
            if (r.ok && r.explanation.source === "rule")
              results.push({ ...compatFields(r), item_no: item.item_no, quantity: Number(item.quantity) });
            else errors.push({ item_no: item.item_no, error: r.ok ? "No contract price found" : r.message });
          }
          return {
            results,
            errors,
            total_requested: b.items.length,
            total_found: results.length,
            total_errors: errors.length,
          };
        },
      );
    },
  };
}
