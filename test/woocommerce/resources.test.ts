import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WooClient } from "../../src/woocommerce/client.js";
import type { CustomerUpdate } from "../../src/woocommerce/schemas/customer.js";
import { sendJson, startTestServer, type TestServer } from "./helpers/http-test-server.js";
import { loadRecorded, recordedNames } from "./helpers/recorded.js";

const systemStatus = {
  environment: {
    home_url: "http://127.0.0.1:8089",
    site_url: "http://127.0.0.1:8089",
    version: "11.0.1",
    wp_version: "7.1",
  },
  settings: { currency: "USD", number_of_decimals: 2 },
  database: { wc_database_version: "11.0.1" },
};

/** Serves the recorded answer of the recorded request with the same method and path (first by file name). */
function replayTable(): Map<string, { status: number; body: unknown }> {
  const table = new Map<string, { status: number; body: unknown }>();
  for (const name of recordedNames()) {
    const rec = loadRecorded(name);
    if (rec.kind !== "rest" || rec.response.status >= 400) continue;
    const key = `${rec.request.method} ${rec.request.path}`;
    if (!table.has(key)) table.set(key, rec.response);
  }
  table.set("GET /wp-json/wc/v3/system_status", { status: 200, body: systemStatus });
  return table;
}

let s: TestServer;
let woo: WooClient;
beforeEach(async () => {
  const table = replayTable();
  s = await startTestServer((req, res) => {
    const hit = table.get(`${req.method} ${req.url.pathname}`);
    if (hit === undefined)
      return sendJson(res, 404, { code: "rest_no_route", message: "No route was found.", data: { status: 404 } });
    const body =
      Array.isArray(hit.body) && req.url.searchParams.get("page") !== "1" && req.url.searchParams.has("page")
        ? []
        : hit.body;
    sendJson(res, hit.status, body);
  });
  woo = new WooClient({ url: s.url, key: "ck_test", secret: "cs_test", maxRetries: 0 });
});
afterEach(async () => {
  await woo.close();
  await s.close();
});

const sent = (i = 0) => {
  const r = s.requests[i];
  if (r === undefined) throw new Error(`no request ${i}`);
  return {
    method: r.method,
    path: r.url.pathname,
    query: r.url.searchParams,
    body: r.body === "" ? undefined : (JSON.parse(r.body) as unknown),
  };
};

describe("orders", () => {
  it("get, update, notes and refunds", async () => {
    expect((await woo.orders.get(25)).refunds[0]?.total).toBe("-16.00");
    const updated = await woo.orders.update(24, { status: "completed" });
    expect(updated.date_completed_gmt).not.toBeNull();
    expect(sent(1)).toMatchObject({ method: "PUT", path: "/wp-json/wc/v3/orders/24", body: { status: "completed" } });

    const notes = await woo.orders.listNotes(24);
    expect(notes.length).toBeGreaterThan(1);
    expect(sent(2).query.get("type")).toBe("any");
    const note = await woo.orders.createNote(24, { note: "Counterpoint ticket 101-000123", customer_note: false });
    expect(note.customer_note).toBe(false);
    expect(sent(3)).toMatchObject({
      method: "POST",
      body: { note: "Counterpoint ticket 101-000123", customer_note: false },
    });

    const refund = await woo.orders.createRefund(25, {
      amount: "16.00",
      api_refund: false,
      line_items: [{ id: 16, quantity: 1, refund_total: 14.95, refund_tax: [{ id: 1, refund_total: 0.9 }] }],
    });
    expect(refund.amount).toBe("16.00");
    expect(refund.line_items[0]?.quantity).toBe(-1);
    expect(sent(4).body).toMatchObject({ api_refund: false });
  });

  it("refuses an id that is not a positive integer without sending", async () => {
    await expect(woo.orders.get(0)).rejects.toThrow(/order id must be a positive integer/);
    await expect(woo.orders.get(1.5)).rejects.toThrow(TypeError);
    expect(s.requests).toHaveLength(0);
  });
});

describe("customers", () => {
  it("list asks for every role; get, create and update parse", async () => {
    const list = await woo.customers.list();
    expect(list).toHaveLength(3);
    expect(sent(0).query.get("role")).toBe("all");
    expect(sent(0).query.get("per_page")).toBe("100");
    expect((await woo.customers.get(3)).billing.company).toBe("Okonkwo-Lindqvist Marine Supply");
    const created = await woo.customers.create({ email: "zoe.nunez-obrien@example.com", first_name: "Zoë" });
    expect(created.username).toBe("zoe.nunez-obrien");
    expect(sent(2).body).toEqual({ email: "zoe.nunez-obrien@example.com", first_name: "Zoë" });
  });

  it("an update can never carry a password or a username", async () => {
    // @ts-expect-error password is typed never on CustomerUpdate
    const withPassword: CustomerUpdate = { first_name: "Dana", password: "hunter2" };
    await expect(woo.customers.update(2, withPassword)).rejects.toThrow(/never changes a customer's password/);
    // @ts-expect-error username is typed never on CustomerUpdate
    await expect(woo.customers.batch({ update: [{ id: 2, username: "dana" }] })).rejects.toThrow(/username/);
    expect(s.requests).toHaveLength(0);
  });
});

describe("products, variations, categories", () => {
  it("by SKU sends comma lists of at most 50 and returns variations too", async () => {
    const one = await woo.products.bySku("PBO-TEE-PELICAN");
    expect(one[0]?.type).toBe("simple");
    expect(sent(0).query.get("sku")).toBe("PBO-TEE-PELICAN");
    s.requests.length = 0;
    const skus = Array.from({ length: 120 }, (_, i) => `SKU-${i}`);
    await woo.products.bySku(skus);
    const lists = s.requests.map((r) => r.url.searchParams.get("sku")?.split(",") ?? []);
    expect(lists.map((l) => l.length)).toEqual([50, 50, 20]);
    expect(lists.flat()).toEqual(skus);
    await expect(woo.products.bySku(["A,B"])).rejects.toThrow(/contains a comma/);
  });

  it("get a variable product, its variations, and the categories", async () => {
    const hoodie = await woo.products.get(15);
    expect(hoodie.variations).toEqual([16, 17, 18]);
    const variations = await woo.variations.list(15);
    expect(variations.map((v) => v.sku).sort()).toEqual(["PBO-HOOD-L", "PBO-HOOD-M", "PBO-HOOD-S"]);
    const categories = await woo.categories.list();
    expect(categories.find((c) => c.parent !== 0)).toBeDefined();
    expect(sent(2).query.get("hide_empty")).toBe("false");
  });
});

describe("webhooks and system status", () => {
  it("create a webhook with our secret", async () => {
    const hook = await woo.webhooks.create({
      name: "Counterpoint sync: order.created",
      topic: "order.created",
      delivery_url: "http://127.0.0.1:8090/webhooks/woocommerce",
      secret: "whsec_test",
      status: "active",
    });
    expect(hook.hooks).toEqual(["woocommerce_new_order"]);
    expect(sent(0).body).toMatchObject({ secret: "whsec_test" });
  });

  it("systemStatus proves the keys and reports versions", async () => {
    const status = await woo.systemStatus();
    expect(status.environment.version).toBe("11.0.1");
    expect(status.settings?.number_of_decimals).toBe(2);
    expect(sent(0).path).toBe("/wp-json/wc/v3/system_status");
    expect(sent(0).query.get("oauth_consumer_key")).toBe("ck_test");
  });
});
