import { afterEach, describe, expect, it } from "vitest";
import { RequestCounter, requestKey } from "../../../src/sandbox/woo/request-counter.js";
import type { WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { call, recordedSandbox } from "./helpers.js";

/** The fake store's per-route request counts, read over HTTP by a client in another process (the orders bench). */

const open: WooSandbox[] = [];
afterEach(async () => {
  for (const sb of open.splice(0).reverse()) await sb.close();
});

describe("request counter", () => {
  it("keys a request by method and route: no query, no /wp-json, ids as {id}, plain permalinks read", () => {
    expect(requestKey("get", "/wp-json/wc/v3/orders?per_page=100&page=2")).toBe("GET /wc/v3/orders");
    expect(requestKey("PUT", "/wp-json/wc/v3/orders/25")).toBe("PUT /wc/v3/orders/{id}");
    expect(requestKey("POST", "/wp-json/wc/v3/orders/25/notes")).toBe("POST /wc/v3/orders/{id}/notes");
    expect(requestKey("GET", "/?rest_route=/wc/v3/products/7&per_page=1")).toBe("GET /wc/v3/products/{id}");
    // Only whole numeric segments are ids.
    expect(requestKey("GET", "/wp-json/wc/v3/reports/top_sellers2")).toBe("GET /wc/v3/reports/top_sellers2");
  });

  it("counts, sorts and resets; /__sandbox/ requests are not counted", () => {
    const c = new RequestCounter();
    c.count("PUT", "/wp-json/wc/v3/orders/1");
    c.count("GET", "/wp-json/wc/v3/orders?page=1");
    c.count("PUT", "/wp-json/wc/v3/orders/2");
    c.count("GET", "/__sandbox/requests");
    expect(c.snapshot()).toEqual({ "GET /wc/v3/orders": 1, "PUT /wc/v3/orders/{id}": 2 });
    expect(Object.keys(c.snapshot())).toEqual(["GET /wc/v3/orders", "PUT /wc/v3/orders/{id}"]);
    expect(c.reset()).toBe(3);
    expect(c.snapshot()).toEqual({});
  });

  it("another process reads and clears the counts over HTTP", async () => {
    const sb = await recordedSandbox();
    open.push(sb);
    await call(sb, "GET", "/wp-json/wc/v3/orders?per_page=1");
    await call(sb, "GET", "/wp-json/wc/v3/orders?per_page=2");
    await call(sb, "GET", "/wp-json/wc/v3/products/999999");
    const counts = await call(sb, "GET", "/__sandbox/requests", { auth: null });
    expect(counts.status).toBe(200);
    expect(counts.json).toEqual({ requests: { "GET /wc/v3/orders": 2, "GET /wc/v3/products/{id}": 1 } });
    expect((await call(sb, "DELETE", "/__sandbox/requests", { auth: null })).json).toEqual({ cleared: 3 });
    expect(sb.requests.snapshot()).toEqual({});
    // The admin route is not part of the WooCommerce surface.
    expect((await call(sb, "GET", "/wp-json/__sandbox/requests")).status).toBe(404);
  });
});
