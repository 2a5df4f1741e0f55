import { afterEach, describe, expect, it } from "vitest";
import { splitBatch } from "../../src/woocommerce/batch.js";
import { WooClient } from "../../src/woocommerce/client.js";
import { WooAuthError } from "../../src/woocommerce/errors.js";
import type { ProductUpdate, ProductWrite } from "../../src/woocommerce/schemas/product.js";
import { sendJson, sendText, sleep, startTestServer, type TestServer } from "./helpers/http-test-server.js";
import { loadRecorded } from "./helpers/recorded.js";

const product = loadRecorded("product_simple").response.body as Record<string, unknown>;
const tooLarge = loadRecorded("error_413_batch_101").response.body;

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

interface BatchBody {
  create?: ProductWrite[];
  update?: ProductUpdate[];
  delete?: number[];
}

/**
 * A `/products/batch` like WooCommerce's: 413 over 100 items in total; per-item errors for update ids divisible by 7
 * and for creates with SKU "DUP"; `fail(body)` may replace the whole answer.
 */
async function batchStore(
  options: { delayMs?: number; fail?: (body: BatchBody) => number | null; dropLast?: boolean } = {},
): Promise<TestServer> {
  let nextId = 1000;
  const s = await startTestServer(async (req, res) => {
    const body = JSON.parse(req.body) as BatchBody;
    const size = (body.create?.length ?? 0) + (body.update?.length ?? 0) + (body.delete?.length ?? 0);
    if (options.delayMs) await sleep(options.delayMs);
    if (size > 100) return sendJson(res, 413, tooLarge);
    const failStatus = options.fail?.(body) ?? null;
    if (failStatus !== null) return sendText(res, failStatus, "<h1>Bad Gateway</h1>");
    const answer = {
      create: (body.create ?? []).map((c) =>
        c.sku === "DUP"
          ? {
              id: 0,
              error: {
                code: "product_invalid_sku",
                message: "Invalid or duplicated SKU.",
                data: { status: 400, resource_id: 11 },
              },
            }
          : { ...product, id: nextId++, sku: c.sku ?? "" },
      ),
      update: (body.update ?? []).map((u) =>
        u.id % 7 === 0
          ? {
              id: u.id,
              error: { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 400 } },
            }
          : { ...product, id: u.id, stock_quantity: u.stock_quantity ?? null },
      ),
      delete: (body.delete ?? []).map((id) => ({ ...product, id })),
    };
    if (options.dropLast) answer.update.pop();
    sendJson(res, 200, answer);
  });
  open.push(s);
  return s;
}

function client(url: string, concurrency = 3): WooClient {
  const c = new WooClient({
    url,
    key: "ck_test",
    secret: "cs_test",
    concurrency,
    maxRetries: 3,
    retry: { baseDelayMs: 5, maxDelayMs: 10 },
  });
  open.push(c);
  return c;
}

describe("batches", () => {
  it("splits 250 items into 3 requests of ≤100 in total and keeps every result, errors included, in input order", async () => {
    const s = await batchStore();
    const create: ProductWrite[] = Array.from({ length: 30 }, (_, i) => ({
      sku: i === 4 ? "DUP" : `NEW-${i}`,
      regular_price: "1.00",
    }));
    const update: ProductUpdate[] = Array.from({ length: 200 }, (_, i) => ({
      id: i + 1,
      manage_stock: true,
      stock_quantity: i,
    }));
    const del = Array.from({ length: 20 }, (_, i) => 500 + i);
    const result = await client(s.url).products.batch({ create, update, delete: del });

    expect(s.requests).toHaveLength(3);
    const sizes = s.requests.map((r) => {
      const b = JSON.parse(r.body) as BatchBody;
      return [b.create?.length ?? 0, b.update?.length ?? 0, b.delete?.length ?? 0];
    });
    expect(sizes.sort()).toEqual([
      [0, 100, 0],
      [0, 30, 20],
      [30, 70, 0],
    ]);

    expect(result.create).toHaveLength(30);
    expect(result.update).toHaveLength(200);
    expect(result.delete).toHaveLength(20);
    expect(result.create.map((r) => r.index)).toEqual(create.map((_, i) => i));
    const dup = result.create[4];
    expect(dup?.ok).toBe(false);
    if (dup?.ok === false) {
      expect(dup.error).toMatchObject({ code: "product_invalid_sku", status: 400, readBack: false });
      expect(dup.error.data).toMatchObject({ resource_id: 11 });
    }
    expect(result.create.filter((r) => r.ok)).toHaveLength(29);

    result.update.forEach((r, i) => {
      expect(r.index).toBe(i);
      expect(r.id).toBe(i + 1);
      if ((i + 1) % 7 === 0) {
        expect(r.ok).toBe(false);
        if (!r.ok)
          expect(r.error).toEqual({
            code: "woocommerce_rest_product_invalid_id",
            message: "Invalid ID.",
            status: 400,
            data: { status: 400 },
            readBack: false,
          });
      } else {
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.resource.stock_quantity).toBe(i);
      }
    });
    expect(result.delete.map((r) => r.id)).toEqual(del);
  });

  it("a request that failed at the proxy (502) is not repeated; its items say read back, the others stand", async () => {
    const s = await batchStore({ fail: (b) => (b.update?.[0]?.id === 101 ? 502 : null) });
    const update: ProductUpdate[] = Array.from({ length: 250 }, (_, i) => ({ id: i + 1, regular_price: "9.99" }));
    const result = await client(s.url).products.batch({ update });
    expect(s.requests).toHaveLength(3);
    const unknown = result.update.filter((r) => !r.ok && r.error.code === "cpwoo_outcome_unknown");
    expect(unknown.map((r) => r.index)).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
    for (const r of unknown) if (!r.ok) expect(r.error).toMatchObject({ readBack: true, status: 502 });
    expect(result.update[0]?.ok).toBe(true);
    expect(result.update[249]?.ok).toBe(true);
  });

  it("a 503 on a batch is retried (the store refused it) and then succeeds", async () => {
    let failed = false;
    const s = await batchStore({
      fail: () => {
        if (failed) return null;
        failed = true;
        return 503;
      },
    });
    const result = await client(s.url).products.batch({ update: [{ id: 1, sale_price: "" }] });
    expect(s.requests).toHaveLength(2);
    expect(result.update[0]?.ok).toBe(true);
  });

  it("an item the store did not answer is reported, never dropped", async () => {
    const s = await batchStore({ dropLast: true });
    const result = await client(s.url).products.batch({ update: [{ id: 1 }, { id: 2 }, { id: 3 }] });
    expect(result.update.map((r) => r.ok)).toEqual([true, true, false]);
    const last = result.update[2];
    if (last?.ok === false) expect(last.error).toMatchObject({ code: "cpwoo_batch_missing_result", readBack: true });
  });

  it("a 401 on a batch is thrown", async () => {
    const s = await startTestServer((_req, res) =>
      sendJson(res, 401, loadRecorded("error_401_unknown_key").response.body),
    );
    open.push(s);
    await expect(client(s.url).products.batch({ update: [{ id: 1 }] })).rejects.toBeInstanceOf(WooAuthError);
  });

  it("runs its requests within the client's concurrency limit", async () => {
    const s = await batchStore({ delayMs: 60 });
    const update: ProductUpdate[] = Array.from({ length: 1000 }, (_, i) => ({
      id: i + 1,
      stock_quantity: 1,
      manage_stock: true,
    }));
    const result = await client(s.url, 2).products.batch({ update });
    expect(s.requests).toHaveLength(10);
    expect(s.maxInFlight).toBe(2);
    expect(result.update).toHaveLength(1000);
  });

  it("variations go to /products/{parent}/variations/batch, orders and customers to their own batch routes", async () => {
    const answers: Record<string, unknown> = {
      "/wp-json/wc/v3/products/15/variations/batch": loadRecorded("variations_batch_stock_prices").response.body,
      "/wp-json/wc/v3/orders/batch": loadRecorded("orders_batch_mixed").response.body,
    };
    const s = await startTestServer((req, res) => sendJson(res, 200, answers[req.url.pathname] ?? {}));
    open.push(s);
    const woo = client(s.url);
    const v = await woo.variations.batch(15, {
      update: [
        { id: 17, regular_price: "55.00", manage_stock: true, stock_quantity: 10 },
        { id: 18, manage_stock: true, stock_quantity: 4 },
      ],
    });
    expect(v.update.map((r) => r.ok && r.resource.stock_quantity)).toEqual([10, 4]);
    const o = await woo.orders.batch({
      create: [{ line_items: [{ product_id: 13, quantity: 1 }] }],
      update: [
        { id: 21, status: "completed" },
        { id: 999999, status: "completed" },
      ],
    });
    expect(o.create[0]).toMatchObject({ ok: true, id: 28 });
    expect(o.update.map((r) => r.ok)).toEqual([true, false]);
    expect(o.update[1]).toMatchObject({
      id: 999999,
      error: { code: "woocommerce_rest_shop_order_invalid_id", status: 400 },
    });
  });

  it("refuses an update without a valid id before sending anything", async () => {
    const s = await batchStore();
    await expect(client(s.url).products.batch({ update: [{ id: 0 }] })).rejects.toThrow(
      /update\[0\]: id must be a positive integer/,
    );
    expect(s.requests).toHaveLength(0);
  });
});

describe("splitBatch (pure)", () => {
  it("fills requests in create, update, delete order, never over the limit", () => {
    const chunks = splitBatch({ create: ["a", "b", "c"], update: [{ id: 1 }, { id: 2 }], delete: [9, 8, 7] }, 3);
    expect(chunks.map((c) => [c.create.length, c.update.length, c.delete.length])).toEqual([
      [3, 0, 0],
      [0, 2, 1],
      [0, 0, 2],
    ]);
    expect(chunks[2]?.delete).toEqual([
      { index: 1, item: 8 },
      { index: 2, item: 7 },
    ]);
    expect(splitBatch({}, 100)).toEqual([]);
    expect(splitBatch({ update: Array.from({ length: 100 }, (_, i) => ({ id: i + 1 })) })).toHaveLength(1);
  });
});
