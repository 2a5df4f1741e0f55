import { afterEach, describe, expect, it } from "vitest";
import { WooClient } from "../../src/woocommerce/client.js";
import { WooResponseShapeError, WooTransportError } from "../../src/woocommerce/errors.js";
import { sendJson, startTestServer, type TestServer } from "./helpers/http-test-server.js";
import { oauthProblem } from "./helpers/oauth-check.js";
import { loadRecorded } from "./helpers/recorded.js";

const template = loadRecorded("order_simple_product").response.body as Record<string, unknown>;
const orders = (n: number) => Array.from({ length: n }, (_, i) => ({ ...template, id: i + 1, number: String(i + 1) }));

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

/** A store of `items` that pages honestly but sends misleading totals and a Link header that must never be followed. */
async function store(items: unknown[], totals: Record<string, string> | null): Promise<TestServer> {
  const nonces = new Set<string>();
  const s = await startTestServer((req, res) => {
    const problem = oauthProblem(req, s.url, "cs_test", nonces);
    if (problem !== null)
      return sendJson(res, 401, {
        code: "woocommerce_rest_authentication_error",
        message: problem,
        data: { status: 401 },
      });
    if (req.url.pathname !== "/wp-json/wc/v3/orders")
      return sendJson(res, 404, { code: "rest_no_route", message: "No route", data: { status: 404 } });
    const perPage = Number(req.url.searchParams.get("per_page") ?? "10");
    const page = Number(req.url.searchParams.get("page") ?? "1");
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const next = new URL(req.url.href.replace("http://127.0.0.1", s.url));
    next.pathname = "/trap";
    next.searchParams.set("page", String(page + 1));
    sendJson(res, 200, slice, { ...(totals ?? {}), link: `<${next.href}>; rel="next"` });
  });
  open.push(s);
  return s;
}

function client(url: string): WooClient {
  const c = new WooClient({ url, key: "ck_test", secret: "cs_test", maxRetries: 0 });
  open.push(c);
  return c;
}

describe("paging", () => {
  it("stops on a short page, ignoring totals that claim one page, and signs every page afresh", async () => {
    const s = await store(orders(250), { "x-wp-total": "3", "x-wp-totalpages": "1" });
    const pages = [];
    for await (const page of client(s.url).orders.pages()) pages.push(page);
    expect(pages.map((p) => [p.page, p.items.length])).toEqual([
      [1, 100],
      [2, 100],
      [3, 50],
    ]);
    expect(pages[0]?.reportedTotal).toBe(3);
    expect(s.requests.map((r) => r.url.searchParams.get("page"))).toEqual(["1", "2", "3"]);
    expect(s.requests.every((r) => r.url.searchParams.get("per_page") === "100")).toBe(true);
    // Oldest id first, so orders created during the walk cannot shift earlier pages.
    expect(s.requests[0]?.url.searchParams.get("orderby")).toBe("id");
    expect(s.requests[0]?.url.searchParams.get("order")).toBe("asc");
    expect(s.requests.some((r) => r.url.pathname === "/trap")).toBe(false);
    const ids = pages.flatMap((p) => p.items.map((o) => o.id));
    expect(ids).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it('stops on an empty page when the last page is full, with totals missing or "0"', async () => {
    for (const totals of [null, { "x-wp-total": "0", "x-wp-totalpages": "0" }]) {
      const s = await store(orders(200), totals);
      const all = await client(s.url).orders.list();
      expect(all).toHaveLength(200);
      expect(s.requests.map((r) => r.url.searchParams.get("page"))).toEqual(["1", "2", "3"]);
    }
  });

  it("an empty collection is one request and no pages", async () => {
    const s = await store([], { "x-wp-total": "0", "x-wp-totalpages": "0" });
    const pages = [];
    for await (const page of client(s.url).orders.pages()) pages.push(page);
    expect(pages).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it("incremental sync: modified_after in UTC with dates_are_gmt=true, orderby=modified, order=asc", async () => {
    const s = await store(orders(3), null);
    const watermark = new Date("2026-11-21T15:58:38-05:00");
    const seen = [];
    for await (const page of client(s.url).orders.modifiedSince(watermark, { status: ["processing", "completed"] }))
      seen.push(...page.items);
    expect(seen).toHaveLength(3);
    const q = s.requests[0]?.url.searchParams;
    expect(q?.get("modified_after")).toBe("2026-11-21T20:58:38");
    expect(q?.get("dates_are_gmt")).toBe("true");
    expect(q?.get("orderby")).toBe("modified");
    expect(q?.get("order")).toBe("asc");
    expect(q?.get("status")).toBe("processing,completed");
  });

  it("one page on request, and a page size outside 1..100 is refused before sending", async () => {
    const s = await store(orders(7), null);
    const woo = client(s.url);
    const page = await woo.orders.page({}, 2, 3);
    expect(page.items.map((o) => o.id)).toEqual([4, 5, 6]);
    await expect(woo.orders.page({}, 1, 101)).rejects.toThrow(RangeError);
    expect(s.requests).toHaveLength(1);
  });

  it("a cache that ignores the page parameter stops the walk instead of looping", async () => {
    const s = await startTestServer((_req, res) => sendJson(res, 200, orders(100)));
    open.push(s);
    const err = await client(s.url)
      .orders.list()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WooTransportError);
    expect((err as Error).message).toMatch(/previous page again/);
    expect(s.requests).toHaveLength(2);
  });

  it("a record of the wrong shape names the record and the field", async () => {
    const bad = orders(2).map((o, i) =>
      i === 1 ? { ...o, line_items: [{ ...(template.line_items as object[])[0], price: "19.99" }] } : o,
    );
    const s = await startTestServer((_req, res) => sendJson(res, 200, bad));
    open.push(s);
    const err = (await client(s.url)
      .orders.list()
      .catch((e: unknown) => e)) as WooResponseShapeError;
    expect(err).toBeInstanceOf(WooResponseShapeError);
    expect(err.issues[0]).toMatch(/^order 2\.line_items\[0\]\.price: /);
    expect(err.message).toMatch(/^GET \/orders \(order list, page 1\): unexpected response shape/);
  });
});
