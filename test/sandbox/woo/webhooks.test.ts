import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { checkWebhook, webhookSignature } from "../../../src/woocommerce/webhook-signature.js";
import { at, call, type Receiver, recordedSandbox, registerWebhook, startReceiver } from "./helpers.js";

/** Webhook deliveries as WooCommerce makes them (API.md §13, recorded webhook_*.json). */

let receiver: Receiver;
let sb: WooSandbox;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(async () => {
  receiver.status = 200;
  receiver.deliveries.length = 0;
  sb = await recordedSandbox();
});
afterEach(() => sb.close());

const topicOf = (d: { headers: Record<string, unknown> }) => d.headers["x-wc-webhook-topic"];

describe("registration", () => {
  it("pings the delivery URL unsigned and form-encoded when a webhook is created", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/webhooks", {
      body: {
        name: "orders",
        topic: "order.created",
        delivery_url: receiver.url,
        secret: "whsec_test",
        status: "active",
      },
    });
    expect(res.status).toBe(201);
    expect(at(res.json, "hooks")).toEqual(["woocommerce_new_order"]);
    expect(at(res.json, "secret")).toBeUndefined();
    expect(receiver.deliveries).toHaveLength(1);
    const ping = receiver.deliveries[0];
    expect(ping?.body.toString()).toBe(`webhook_id=${String(at(res.json, "id"))}`);
    expect(ping?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.keys(ping?.headers ?? {}).filter((h) => h.startsWith("x-wc-"))).toEqual([]);
  });

  it("refuses an unknown topic and gives the default secret to webhooks registered without one", async () => {
    const bad = await call(sb, "POST", "/wp-json/wc/v3/webhooks", {
      body: { topic: "order.shipped", delivery_url: receiver.url },
    });
    expect(bad.status).toBe(400);
    expect(at(bad.json, "code")).toBe("woocommerce_rest_shop_webhook_invalid_topic");
    const ok = await call(sb, "POST", "/wp-json/wc/v3/webhooks?context=edit", {
      body: { topic: "order.updated", delivery_url: receiver.url },
    });
    expect(at(ok.json, "secret")).toBe("whsec_test");
    expect(String(at(ok.json, "name"))).toMatch(/^Webhook created on [A-Z][a-z]{2} \d{2}, \d{4} @ \d{2}:\d{2} [AP]M$/);
  });
});

describe("deliveries", () => {
  it("posts the GET view of the resource, signed over the exact bytes, with WooCommerce's headers", async () => {
    const id = await registerWebhook(sb, receiver, "product.updated");
    await call(sb, "PUT", "/wp-json/wc/v3/products/14", {
      body: { regular_price: "39.00", manage_stock: true, stock_quantity: 20 },
    });
    await sb.idle();
    expect(receiver.deliveries).toHaveLength(1);
    const d = receiver.deliveries[0] as NonNullable<(typeof receiver.deliveries)[0]>;
    expect(d.headers["user-agent"]).toBe("WooCommerce/11.0.1 Hookshot (WordPress/7.1)");
    expect(d.headers["x-wc-webhook-topic"]).toBe("product.updated");
    expect(d.headers["x-wc-webhook-resource"]).toBe("product");
    expect(d.headers["x-wc-webhook-event"]).toBe("updated");
    expect(d.headers["x-wc-webhook-id"]).toBe(String(id));
    expect(d.headers["x-wc-webhook-source"]).toBe(`${sb.siteUrl.replace("http:", "https:")}/`);
    expect(d.headers["x-wc-webhook-signature"]).toBe(webhookSignature(d.body, "whsec_test"));
    expect(checkWebhook(d.body, d.headers, "whsec_test")).toEqual({ kind: "signed" });
    expect(checkWebhook(d.body, d.headers, "wrong")).toEqual({ kind: "rejected", reason: "bad-signature" });
    const get = await call(sb, "GET", "/wp-json/wc/v3/products/14");
    expect(JSON.parse(d.body.toString())).toEqual(get.json);
    expect(d.body.toString()).toBe(get.text);
  });

  it("escapes like PHP: \\/ and \\uXXXX, never raw non-ASCII", async () => {
    await registerWebhook(sb, receiver, "customer.updated");
    await call(sb, "PUT", "/wp-json/wc/v3/customers/4", { body: { first_name: "Zoë 🎉" } });
    await sb.idle();
    const raw = receiver.deliveries[0]?.body as Buffer;
    expect(raw.every((b) => b < 0x80)).toBe(true);
    expect(raw.toString()).toContain('"first_name":"Zo\\u00eb \\ud83c\\udf89"');
    expect(raw.toString()).toContain("https:\\/\\/");
    expect(at(JSON.parse(raw.toString()), "first_name")).toBe("Zoë 🎉");
  });

  it("fires order.created and order.updated for a new order, and product.updated per product whose stock dropped", async () => {
    for (const t of ["order.created", "order.updated", "product.updated"]) await registerWebhook(sb, receiver, t);
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: {
        customer_id: 4,
        set_paid: true,
        line_items: [
          { product_id: 11, quantity: 1 },
          { product_id: 15, variation_id: 16, quantity: 1 },
          { product_id: 13, quantity: 1 },
        ],
      },
    });
    await sb.idle();
    const topics = receiver.deliveries.map(topicOf).sort();
    expect(topics).toEqual(["order.created", "order.updated", "product.updated", "product.updated"]);
    const products = receiver.deliveries
      .filter((d) => topicOf(d) === "product.updated")
      .map((d) => at(JSON.parse(d.body.toString()), "id"));
    expect(products.sort()).toEqual([11, 16]);
    const created = receiver.deliveries.find((d) => topicOf(d) === "order.created");
    expect(at(JSON.parse(String(created?.body)), "id")).toBe(at(res.json, "id"));
  });

  it("coalesces changes to one resource while a delivery is pending, and builds it when it runs", async () => {
    await sb.close();
    sb = await recordedSandbox({ webhookDelayMs: 150 });
    await registerWebhook(sb, receiver, "product.updated");
    await call(sb, "PUT", "/wp-json/wc/v3/products/11", { body: { regular_price: "30.00" } });
    await call(sb, "PUT", "/wp-json/wc/v3/products/11", { body: { regular_price: "31.00" } });
    await call(sb, "PUT", "/wp-json/wc/v3/products/12", { body: { regular_price: "9.00" } });
    await sb.idle();
    const bodies = receiver.deliveries.map(
      (d) => JSON.parse(d.body.toString()) as { id: number; regular_price: string },
    );
    expect(bodies.map((b) => [b.id, b.regular_price]).sort()).toEqual([
      [11, "31.00"],
      [12, "9.00"],
    ]);
  });

  it("does not retry, and disables the webhook on the 7th failure in a row", async () => {
    const id = await registerWebhook(sb, receiver, "product.updated");
    receiver.status = 500;
    for (let i = 1; i <= 7; i++) {
      await call(sb, "PUT", "/wp-json/wc/v3/products/11", { body: { regular_price: `${20 + i}.00` } });
      await sb.idle();
      expect(receiver.deliveries, `after failure ${i}`).toHaveLength(i);
      const status = at((await call(sb, "GET", `/wp-json/wc/v3/webhooks/${id}`)).json, "status");
      expect(status, `after failure ${i}`).toBe(i < 7 ? "active" : "disabled");
    }
    await call(sb, "PUT", "/wp-json/wc/v3/products/11", { body: { regular_price: "99.00" } });
    await sb.idle();
    expect(receiver.deliveries).toHaveLength(7);
    expect(sb.webhooks.deliveries.at(-1)?.status).toBe(500);
  });

  it("resets the failure count on success", async () => {
    const id = await registerWebhook(sb, receiver, "product.updated");
    for (let round = 0; round < 2; round++) {
      receiver.status = 500;
      for (let i = 0; i < 6; i++) {
        await call(sb, "PUT", "/wp-json/wc/v3/products/11", { body: { regular_price: `${round}${i}.00` } });
        await sb.idle();
      }
      receiver.status = 200;
      await call(sb, "PUT", "/wp-json/wc/v3/products/11", { body: { regular_price: "1.00" } });
      await sb.idle();
    }
    expect(at((await call(sb, "GET", `/wp-json/wc/v3/webhooks/${id}`)).json, "status")).toBe("active");
  });

  it("delivers nothing for a paused webhook", async () => {
    const id = await registerWebhook(sb, receiver, "product.updated");
    await call(sb, "PUT", `/wp-json/wc/v3/webhooks/${id}`, { body: { status: "paused" } });
    await call(sb, "PUT", "/wp-json/wc/v3/products/11", { body: { regular_price: "30.00" } });
    await sb.idle();
    expect(receiver.deliveries).toHaveLength(0);
  });

  it("sends only the id when an order is trashed, and customer.created for a new customer", async () => {
    await registerWebhook(sb, receiver, "order.deleted");
    await registerWebhook(sb, receiver, "customer.created");
    await call(sb, "DELETE", "/wp-json/wc/v3/orders/20");
    const created = await call(sb, "POST", "/wp-json/wc/v3/customers", { body: { email: "new.buyer@example.com" } });
    await sb.idle();
    const deleted = receiver.deliveries.find((d) => topicOf(d) === "order.deleted");
    expect(deleted?.body.toString()).toBe('{"id":20}');
    const customer = receiver.deliveries.find((d) => topicOf(d) === "customer.created");
    expect(at(JSON.parse(String(customer?.body)), "id")).toBe(at(created.json, "id"));
  });
});
