import { afterEach, describe, expect, it } from "vitest";
import { WooClient } from "../../src/woocommerce/client.js";
import { sendJson, sleep, startTestServer } from "./helpers/http-test-server.js";
import { loadRecorded } from "./helpers/recorded.js";

const bodies: Record<string, unknown> = {
  "/wp-json/wc/v3/orders/25": loadRecorded("order_after_refund").response.body,
  "/wp-json/wc/v3/products/11": loadRecorded("product_simple").response.body,
  "/wp-json/wc/v3/customers/3": loadRecorded("customer_get").response.body,
};

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

describe("concurrency limit", () => {
  for (const limit of [1, 3]) {
    it(`never more than ${limit} in flight, across all resources of one client`, async () => {
      const s = await startTestServer(async (req, res) => {
        await sleep(30);
        sendJson(res, 200, bodies[req.url.pathname]);
      });
      open.push(s);
      const woo = new WooClient({ url: s.url, key: "ck_test", secret: "cs_test", concurrency: limit });
      open.push(woo);
      const calls = Array.from({ length: 12 }, (_, i) =>
        i % 3 === 0 ? woo.orders.get(25) : i % 3 === 1 ? woo.products.get(11) : woo.customers.get(3),
      );
      await sleep(5);
      expect(woo.transport.inFlight.running).toBeLessThanOrEqual(limit);
      expect(woo.transport.inFlight.running + woo.transport.inFlight.waiting).toBe(12);
      const results = await Promise.all(calls);
      expect(results.map((r) => r.id)).toEqual(Array.from({ length: 12 }, (_, i) => [25, 11, 3][i % 3]));
      expect(s.requests).toHaveLength(12);
      expect(s.maxInFlight).toBe(limit);
    });
  }

  it("a retry waiting out its backoff does not hold a slot", async () => {
    let first = true;
    const s = await startTestServer((req, res) => {
      if (req.url.pathname === "/wp-json/wc/v3/orders/25" && first) {
        first = false;
        return sendJson(res, 503, { code: "busy", message: "busy", data: { status: 503 } }, { "retry-after": "1" });
      }
      sendJson(res, 200, bodies[req.url.pathname]);
    });
    open.push(s);
    const woo = new WooClient({ url: s.url, key: "ck_test", secret: "cs_test", concurrency: 1 });
    open.push(woo);
    const slow = woo.orders.get(25);
    await sleep(100);
    const started = Date.now();
    await woo.products.get(11);
    expect(Date.now() - started).toBeLessThan(500);
    await expect(slow).resolves.toMatchObject({ id: 25 });
  });
});
