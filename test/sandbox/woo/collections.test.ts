import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWooSandbox, type WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { parseLinkHeader } from "../../contract/recordings.js";
import { at, call, list, recordedSandbox } from "./helpers.js";

/** Paging headers and links, filters, sorting and argument validation of the collection routes (API.md §4–5). */

function rels(res: { headers: Headers }) {
  return Object.fromEntries(parseLinkHeader(res.headers.get("link")).map((l) => [l.rel, l.url]));
}

describe("products paging", () => {
  let sb: WooSandbox;
  beforeAll(async () => {
    sb = await startWooSandbox({ port: 0, assumeHttps: true });
    const create = Array.from({ length: 25 }, (_, i) => ({
      name: `Item ${i + 1}`,
      sku: `ITEM-${String(i + 1).padStart(2, "0")}`,
      regular_price: "5.00",
    }));
    const res = await call(sb, "POST", "/wp-json/wc/v3/products/batch", { body: { create } });
    expect(res.status).toBe(200);
  });
  afterAll(() => sb.close());

  it("sends totals as strings and prev/next links that repeat the query", async () => {
    const first = await call(sb, "GET", "/wp-json/wc/v3/products?per_page=10&orderby=id&order=asc");
    expect(first.headers.get("x-wp-total")).toBe("25");
    expect(first.headers.get("x-wp-totalpages")).toBe("3");
    expect(Object.keys(rels(first))).toEqual(["next"]);
    expect(rels(first).next?.search).toBe("?per_page=10&orderby=id&order=asc&page=2");
    const middle = await call(sb, "GET", "/wp-json/wc/v3/products?per_page=10&page=2&orderby=id&order=asc");
    expect(Object.keys(rels(middle)).sort()).toEqual(["next", "prev"]);
    expect(rels(middle).prev?.searchParams.get("page")).toBe("1");
    const last = await call(sb, "GET", "/wp-json/wc/v3/products?per_page=10&page=3&orderby=id&order=asc");
    expect(list(last.json)).toHaveLength(5);
    expect(Object.keys(rels(last))).toEqual(["prev"]);
  });

  it("walks all pages in id order without gaps", async () => {
    const seen: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await call(sb, "GET", `/wp-json/wc/v3/products?per_page=10&page=${page}&orderby=id&order=asc`);
      seen.push(...list(res.json).map((p) => p.id as number));
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(25);
  });

  it("answers 200 [] past the end, keeping the real totals and pointing prev at the last page", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/products?per_page=10&page=5");
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
    expect(res.headers.get("x-wp-total")).toBe("25");
    expect(rels(res).prev?.searchParams.get("page")).toBe("3");
  });

  it("honours offset", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/products?per_page=3&offset=2&orderby=id&order=asc");
    expect(list(res.json).map((p) => p.sku)).toEqual(["ITEM-03", "ITEM-04", "ITEM-05"]);
  });

  it("refuses per_page outside 1..100 with WordPress's details", async () => {
    for (const value of ["0", "101"]) {
      const res = await call(sb, "GET", `/wp-json/wc/v3/products?per_page=${value}`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        code: "rest_invalid_param",
        message: "Invalid parameter(s): per_page",
        data: {
          status: 400,
          params: { per_page: "per_page must be between 1 (inclusive) and 100 (inclusive)" },
          details: {
            per_page: {
              code: "rest_out_of_bounds",
              message: "per_page must be between 1 (inclusive) and 100 (inclusive)",
              data: null,
            },
          },
        },
      });
    }
  });

  it("reports an empty collection as 0 pages", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/products?sku=NOPE");
    expect(res.json).toEqual([]);
    expect(res.headers.get("x-wp-total")).toBe("0");
    expect(res.headers.get("x-wp-totalpages")).toBe("0");
  });
});

describe("orders, customers and products of the recorded store", () => {
  let sb: WooSandbox;
  beforeAll(async () => {
    sb = await recordedSandbox({ fixturePolicy: "earliest" });
  });
  afterAll(() => sb.close());

  it("pages orders newest first, re-serialising status and dropping totals to 0 past the end", async () => {
    const p1 = await call(sb, "GET", "/wp-json/wc/v3/orders?status=processing&per_page=2&page=1");
    // Order 31 (from the recorded webhook delivery) is the newest; then 27 and 25, created in the same second.
    expect(list(p1.json).map((o) => o.id)).toEqual([31, 27]);
    const p2 = await call(sb, "GET", "/wp-json/wc/v3/orders?status=processing&per_page=2&page=2");
    expect(list(p2.json).map((o) => o.id)).toEqual([25, 24]);
    expect(p1.headers.get("link")).toBe(
      `<${sb.url}/wp-json/wc/v3/orders?per_page=2&page=2&status%5B0%5D=processing&dp=2&context=view>; rel="next"`.replace(
        "http://",
        "https://",
      ),
    );
    const beyond = await call(sb, "GET", "/wp-json/wc/v3/orders?status=processing&per_page=2&page=9");
    expect(beyond.headers.get("x-wp-total")).toBe("0");
    expect(beyond.headers.get("x-wp-totalpages")).toBe("0");
    expect(rels(beyond).prev?.searchParams.get("page")).toBe("0");
  });

  it("filters orders by a comma list of statuses, by customer and by id order", async () => {
    const res = await call(
      sb,
      "GET",
      "/wp-json/wc/v3/orders?status=completed,pending&orderby=id&order=asc&per_page=100",
    );
    const orders = list(res.json);
    expect(orders.every((o) => o.status === "completed" || o.status === "pending")).toBe(true);
    expect(orders.map((o) => o.id)).toEqual([...orders.map((o) => o.id as number)].sort((a, b) => a - b));
    const mine = await call(sb, "GET", "/wp-json/wc/v3/orders?customer=3&per_page=100");
    expect(list(mine.json).every((o) => o.customer_id === 3)).toBe(true);
    expect(list(mine.json).length).toBeGreaterThan(0);
  });

  it("refuses an unknown status and a malformed date the WordPress way", async () => {
    const bad = await call(sb, "GET", "/wp-json/wc/v3/orders?status=paid");
    expect(bad.status).toBe(400);
    expect(at(bad.json, "data.details.status.code")).toBe("rest_not_in_enum");
    const date = await call(sb, "GET", "/wp-json/wc/v3/orders?modified_after=yesterday");
    expect(at(date.json, "data.details.modified_after.code")).toBe("rest_invalid_date");
  });

  it("reads dates without an offset as site time unless dates_are_gmt", async () => {
    // Orders 20–27 were created at 20:58:36 UTC = 15:58:36 in New York.
    const local = await call(sb, "GET", "/wp-json/wc/v3/orders?after=2026-11-21T15:58:30&per_page=100");
    const gmtWrong = await call(sb, "GET", "/wp-json/wc/v3/orders?after=2026-11-21T20:58:30&per_page=100");
    const gmt = await call(
      sb,
      "GET",
      "/wp-json/wc/v3/orders?after=2026-11-21T20:58:30&dates_are_gmt=true&per_page=100",
    );
    expect(list(local.json).length).toBeGreaterThan(0);
    expect(list(gmtWrong.json)).toHaveLength(0);
    expect(list(gmt.json).length).toBe(list(local.json).length);
    const z = await call(sb, "GET", "/wp-json/wc/v3/orders?modified_after=2026-11-21T20:58:37Z&per_page=100");
    expect(list(z.json).every((o) => String(o.date_modified_gmt) > "2026-11-21T20:58:37")).toBe(true);
  });

  it("lists customers with role=customer by default, everyone with role=all, and by e-mail", async () => {
    const customers = await call(sb, "GET", "/wp-json/wc/v3/customers");
    expect(list(customers.json).map((c) => c.id)).toEqual([3, 2, 4]);
    const all = await call(sb, "GET", "/wp-json/wc/v3/customers?role=all");
    expect(list(all.json).some((c) => c.role === "administrator")).toBe(true);
    const one = await call(sb, "GET", "/wp-json/wc/v3/customers?email=dana.whitfield@example.com");
    expect(list(one.json).map((c) => c.id)).toEqual([2]);
  });

  it("finds products and variations by a comma list of SKUs", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/products?sku=PBO-TEE-PELICAN,PBO-HOOD-S");
    const found = list(res.json);
    expect(found.map((p) => p.sku).sort()).toEqual(["PBO-HOOD-S", "PBO-TEE-PELICAN"]);
    expect(found.find((p) => p.sku === "PBO-HOOD-S")?.type).toBe("variation");
    const plain = await call(sb, "GET", "/wp-json/wc/v3/products?per_page=100");
    expect(list(plain.json).some((p) => p.type === "variation")).toBe(false);
  });

  it("answers an unknown route and a non-numeric id with rest_no_route", async () => {
    for (const path of ["/wp-json/wc/v3/nothing", "/wp-json/wc/v3/orders/abc"]) {
      const res = await call(sb, "GET", path);
      expect(res.status).toBe(404);
      expect(at(res.json, "code")).toBe("rest_no_route");
      expect(res.headers.get("content-type")).toBe("application/json; charset=UTF-8");
    }
  });

  it("trims top-level fields with _fields (a dotted name keeps nothing) and sends Allow", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/orders/25?_fields=id,total,line_items.sku");
    expect(res.json).toEqual({ id: 25, total: "67.24" });
    expect(res.headers.get("allow")).toBe("GET, POST, PUT, PATCH, DELETE");
    const many = await call(sb, "GET", "/wp-json/wc/v3/products?_fields=id,sku&per_page=2&orderby=id&order=asc");
    expect(many.json).toEqual([
      { id: 11, sku: "PBO-TEE-PELICAN" },
      { id: 12, sku: "PBO-BTL-32" },
    ]);
  });

  it("answers the same at ?rest_route= as at /wp-json/", async () => {
    const pretty = await call(sb, "GET", "/wp-json/wc/v3/products/11");
    const plain = await call(sb, "GET", `/?rest_route=${encodeURIComponent("/wc/v3/products/11")}`);
    expect(plain.status).toBe(200);
    expect(plain.text).toBe(pretty.text);
  });

  it("lists notes unpaginated, newest first, same second in id order", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/orders/24/notes");
    expect(res.headers.get("x-wp-total")).toBeNull();
    expect(list(res.json).map((n) => n.id)).toEqual([33, 34, 35, 18, 19, 20, 21]);
  });
});
