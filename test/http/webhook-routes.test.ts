import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildServer, type CpwooServer } from "../../src/http/build-server.js";
import { type WebhookDelivery, webhookRoutes } from "../../src/http/webhook-routes.js";
import { createMetrics } from "../../src/ops/metrics.js";
import type { WooSandbox } from "../../src/sandbox/woo/start-woo-sandbox.js";
import { webhookSignature } from "../../src/woocommerce/webhook-signature.js";
import { at, call, RECORDED_DIR, recordedSandbox } from "../sandbox/woo/helpers.js";

/** `POST /webhooks/woocommerce`: signature over the raw bytes, the ping, deliveries handed to the queue. */

const SECRET = "whsec_test";

interface LogEntry {
  level: "info" | "warn" | "error";
  obj: object;
  msg: string;
}

const logs: LogEntry[] = [];
const received: WebhookDelivery[] = [];
const behaviour = { fail: false };
let server: CpwooServer;
let base: string;

beforeAll(async () => {
  const logTo = (level: LogEntry["level"]) => (obj: object, msg: string) => logs.push({ level, obj, msg });
  server = await buildServer({
    metrics: createMetrics(),
    modules: [
      webhookRoutes({
        secret: SECRET,
        log: { info: logTo("info"), warn: logTo("warn"), error: logTo("error") },
        onDelivery: (d) => {
          if (behaviour.fail) throw new Error("queue is down");
          received.push(d);
        },
      }),
      // Another module's JSON route: the webhook's raw-body parser must not reach it.
      {
        name: "echo",
        register: (app) => void app.post("/echo", (request, reply) => reply.send({ body: request.body })),
      },
    ],
  });
  base = await server.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  logs.length = 0;
  received.length = 0;
  behaviour.fail = false;
});

async function post(body: string | Buffer, headers: Record<string, string>) {
  const res = await fetch(`${base}/webhooks/woocommerce`, { method: "POST", headers, body });
  return { status: res.status, json: await res.json() };
}

function signedHeaders(body: string | Buffer, secret = SECRET): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-wc-webhook-topic": "order.updated",
    "x-wc-webhook-resource": "order",
    "x-wc-webhook-event": "updated",
    "x-wc-webhook-id": "7",
    "x-wc-webhook-delivery-id": "d41d8cd98f00b204e9800998ecf8427e",
    "x-wc-webhook-signature": webhookSignature(body, secret),
  };
}

interface RecordedDelivery {
  request: { headers: Record<string, string>; body: string };
  secret: string;
  signature_check: { header: string | null; matches: boolean | null };
}
const recorded = (name: string) =>
  JSON.parse(readFileSync(join(RECORDED_DIR, `${name}.json`), "utf8")) as RecordedDelivery;

describe("end to end with the fake WooCommerce", () => {
  let sb: WooSandbox;
  beforeAll(async () => {
    sb = await recordedSandbox();
  });
  afterAll(() => sb.close());

  it("an order placed in the store reaches onDelivery, signed, as order.created and order.updated", async () => {
    const hookIds: number[] = [];
    for (const topic of ["order.created", "order.updated"]) {
      const res = await call(sb, "POST", "/wp-json/wc/v3/webhooks", {
        body: { name: topic, topic, delivery_url: `${base}/webhooks/woocommerce`, secret: SECRET, status: "active" },
      });
      expect(res.status).toBe(201);
      hookIds.push(at(res.json, "id") as number);
    }
    // Each creation pinged the receiver, which answered 200 without queuing anything.
    expect(logs.filter((l) => l.msg === "WooCommerce webhook ping").map((l) => l.obj)).toEqual(
      hookIds.map((webhookId) => ({ webhookId })),
    );
    expect(received).toEqual([]);

    const placed = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: { customer_id: 2, set_paid: true, line_items: [{ product_id: 11, quantity: 2 }] },
    });
    expect(placed.status).toBe(201);
    const orderId = at(placed.json, "id") as number;
    await sb.idle();

    expect(received.map((d) => d.topic).sort()).toEqual(["order.created", "order.updated"]);
    const current = await call(sb, "GET", `/wp-json/wc/v3/orders/${orderId}`);
    for (const d of received) {
      expect(d).toMatchObject({ resource: "order", source: `${sb.siteUrl.replace("http:", "https:")}/` });
      expect(d.event).toBe(d.topic.split(".")[1]);
      expect(hookIds).toContain(d.webhookId);
      expect(d.deliveryId).toMatch(/^[0-9a-f]{32}$/);
      expect(d.bodySha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isNaN(Date.parse(d.receivedAt))).toBe(false);
      expect(d.payload).toEqual(current.json);
    }
    expect(sb.webhooks.deliveries.map((d) => d.status)).toEqual([200, 200]);
  });

  it("a receiver that cannot queue answers 500, which WooCommerce counts as a failure", async () => {
    behaviour.fail = true;
    const id = [...sb.store.webhooks.values()].find((w) => w.topic === "order.updated")?.id as number;
    await call(sb, "PUT", "/wp-json/wc/v3/orders/25", { body: { customer_note: "ring twice" } });
    await sb.idle();
    expect(sb.webhooks.deliveries.at(-1)).toMatchObject({ webhookId: id, status: 500 });
    expect(sb.store.webhooks.get(id)?.failureCount).toBe(1);
    expect(logs.filter((l) => l.level === "error").map((l) => l.msg)).toEqual(["webhook delivery could not be queued"]);
  });
});

describe("refusals", () => {
  const body = JSON.stringify({ id: 25, status: "processing", total: "21.19" });

  it("a tampered body, a wrong secret and a missing signature get 401 and a warning without the secret", async () => {
    const headers = signedHeaders(body);
    expect((await post(body.replace("21.19", "0.01"), headers)).status).toBe(401);
    expect((await post(body, signedHeaders(body, "not-the-secret"))).status).toBe(401);
    const { "x-wc-webhook-signature": _, ...unsigned } = headers;
    const missing = await post(body, unsigned);
    expect(missing).toEqual({
      status: 401,
      json: { error: "invalid_signature", message: "missing X-WC-Webhook-Signature" },
    });
    expect(received).toEqual([]);
    expect(logs.map((l) => [l.level, at(l.obj, "reason"), at(l.obj, "deliveryId"), at(l.obj, "topic")])).toEqual([
      ["warn", "bad-signature", "d41d8cd98f00b204e9800998ecf8427e", "order.updated"],
      ["warn", "bad-signature", "d41d8cd98f00b204e9800998ecf8427e", "order.updated"],
      ["warn", "missing-signature", "d41d8cd98f00b204e9800998ecf8427e", "order.updated"],
    ]);
    expect(JSON.stringify(logs)).not.toContain(SECRET);
  });

  it("a signed body that is not JSON gets 400 and is logged", async () => {
    const text = '{"id":25,';
    expect((await post(text, signedHeaders(text))).status).toBe(400);
    expect(logs.map((l) => [l.level, l.msg])).toEqual([["warn", "webhook refused: the body is not JSON"]]);
    expect(received).toEqual([]);
  });

  it("the unsigned creation ping gets 200; an unsigned body that only looks like one does not", async () => {
    expect(await post("webhook_id=12", { "content-type": "application/x-www-form-urlencoded" })).toEqual({
      status: 200,
      json: { ok: true },
    });
    expect((await post("webhook_id=12", { "content-type": "application/json" })).status).toBe(401);
    expect(received).toEqual([]);
  });
});

describe("bodies", () => {
  it("verifies the raw bytes: escaped JSON and non-ASCII text as sent, several MB", async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => ({
      id: i + 1,
      name: "Zo\u00eb\u2019s hoodie \\/ XL",
      sku: `PBO-${i}`,
      meta_data: [{ key: "note", value: "x".repeat(1000) }],
    }));
    const big = Buffer.from(JSON.stringify({ id: 99, line_items: lines }), "utf8");
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
    const res = await post(big, signedHeaders(big));
    expect(res.status).toBe(200);
    expect(at(received[0]?.payload, "line_items.3999.name")).toBe("Zo\u00eb\u2019s hoodie \\/ XL");
  });

  it("does not change JSON parsing on the server's other routes", async () => {
    const res = await fetch(`${base}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: [1, "two"] }),
    });
    expect(await res.json()).toEqual({ body: { a: [1, "two"] } });
  });

  it.each(["webhook_order_created", "webhook_order_updated", "webhook_product_updated"])(
    "the recorded %s verifies with its recorded signature and arrives as its JSON",
    async (name) => {
      const rec = recorded(name);
      expect(rec.secret).toBe(SECRET);
      expect(rec.signature_check.matches).toBe(true);
      const { host: _h, "content-length": _l, connection: _c, ...headers } = rec.request.headers;
      const res = await post(rec.request.body, headers);
      expect(res.status).toBe(200);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        topic: headers["x-wc-webhook-topic"],
        resource: headers["x-wc-webhook-resource"],
        event: headers["x-wc-webhook-event"],
        webhookId: Number(headers["x-wc-webhook-id"]),
        deliveryId: headers["x-wc-webhook-delivery-id"],
        source: "https://127.0.0.1:8089/",
      });
      expect(received[0]?.payload).toEqual(JSON.parse(rec.request.body));
    },
  );

  it("the recorded ping gets 200", async () => {
    const rec = recorded("webhook_ping");
    expect(rec.signature_check.header).toBeNull();
    const res = await post(rec.request.body, { "content-type": rec.request.headers["content-type"] ?? "" });
    expect(res.status).toBe(200);
  });
});
