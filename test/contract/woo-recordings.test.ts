import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWooSandbox, type WooSandbox } from "../../src/sandbox/woo/start-woo-sandbox.js";
import { selfSignedCertificate, type TlsMaterial } from "../../src/sandbox/woo/tls-cert.js";
import { type OAuthSignatureMethod, signOAuthUrl } from "../../src/woocommerce/oauth1.js";
import { checkWebhook, webhookSignature } from "../../src/woocommerce/webhook-signature.js";
import { fixturesFor, loadRecordings, parseLinkHeader, type Recording, shapeDiff } from "./recordings.js";

/**
 * Keeps the fake WooCommerce honest: every recorded REST exchange is replayed against a sandbox holding the recorded
 * store's state (rebuilt from the recorded bodies), and every recorded webhook delivery is provoked again. Compared:
 * status, content type, paging headers and Link rels, error codes, JSON shapes; for deliveries the header set, the
 * signature over the raw bytes, PHP's ASCII escaping and the body shape.
 */

const recordings = loadRecordings();

/** Recordings this suite does not replay, with the reason. Empty: everything is covered. */
const UNCOVERED: Readonly<Record<string, string>> = {};

type Auth = { kind: "basic"; key: string; secret: string } | { kind: "oauth"; secret: string };

/** How each recording authenticated (from its description); Basic with ck_test/cs_test unless listed. */
const AUTH: Readonly<Record<string, Auth>> = {
  error_401_unknown_key: { kind: "basic", key: "ck_unknown", secret: "cs_test" },
  error_401_wrong_secret_basic: { kind: "basic", key: "ck_test", secret: "cs_wrong" },
  error_401_oauth_bad_signature: { kind: "oauth", secret: "cs_wrong" },
  oauth1_get_orders_ok: { kind: "oauth", secret: "cs_test" },
};

const WEBHOOK_CASES = new Set([
  "webhook_ping",
  "webhook_order_created",
  "webhook_order_updated",
  "webhook_product_updated",
]);

interface Received {
  headers: IncomingHttpHeaders;
  rawHeaderNames: string[];
  body: Buffer;
}

let tls: TlsMaterial;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
const insecure = new Agent({ connect: { rejectUnauthorized: false } });
const covered = new Set<string>();

beforeAll(async () => {
  tls = selfSignedCertificate();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const names: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) names.push((req.rawHeaders[i] as string).toLowerCase());
      received.push({ headers: req.headers, rawHeaderNames: names, body: Buffer.concat(chunks) });
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/woocommerce`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await insecure.close();
  const uncovered = recordings.filter((r) => !covered.has(r.name)).map((r) => r.name);
  process.stdout.write(
    `\nWooCommerce contract: ${covered.size} of ${recordings.length} recordings covered` +
      `${uncovered.length === 0 ? "" : `; uncovered: ${uncovered.map((n) => `${n} (${UNCOVERED[n] ?? "not run"})`).join(", ")}`}\n`,
  );
});

async function sandboxFor(rec: Recording | null, https: boolean): Promise<WooSandbox> {
  return startWooSandbox({
    port: 0,
    ...(https ? { https: { key: tls.key, cert: tls.cert } } : {}),
    fixtureSelection: fixturesFor(rec, recordings),
    webhookTimeoutMs: 5000,
  });
}

function basic(key: string, secret: string): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}`;
}

async function call(sb: WooSandbox, method: string, path: string, body: unknown, auth: string) {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { accept: "application/json", "content-type": "application/json", authorization: auth },
    ...(body === null || body === undefined ? {} : { body: JSON.stringify(body) }),
    dispatcher: insecure,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe("the recordings", () => {
  it("are each covered by this suite or listed as uncovered with a reason", () => {
    for (const r of recordings) {
      const handled = r.kind === "rest" || WEBHOOK_CASES.has(r.name);
      const listed = UNCOVERED[r.name];
      expect(handled || (listed !== undefined && listed.trim() !== ""), `${r.name} is neither covered nor listed`).toBe(
        true,
      );
      expect(handled && listed !== undefined, `${r.name} is covered but also listed as uncovered`).toBe(false);
    }
    for (const name of Object.keys(UNCOVERED)) {
      expect(
        recordings.some((r) => r.name === name),
        `UNCOVERED names unknown recording ${name}`,
      ).toBe(true);
    }
  });

  it("say how they authenticated the way the replay assumes", () => {
    for (const r of recordings.filter((x) => x.kind === "rest")) {
      const auth = AUTH[r.name] ?? { kind: "basic" };
      if (auth.kind === "oauth") expect(r.description, r.name).toMatch(/OAuth 1\.0a/);
      else expect(r.description, r.name).toMatch(/HTTP Basic/);
    }
  });
});

describe("REST replay", () => {
  for (const rec of recordings.filter((r) => r.kind === "rest")) {
    it(`${rec.name}: ${rec.request.method} ${rec.request.path}`, async () => {
      const auth = AUTH[rec.name] ?? ({ kind: "basic", key: "ck_test", secret: "cs_test" } as const);
      const sb = await sandboxFor(rec, auth.kind === "basic");
      try {
        const query = new URLSearchParams();
        for (const [k, v] of Object.entries(rec.request.query)) if (!k.startsWith("oauth_")) query.append(k, v);
        let target = `${rec.request.path}${query.size > 0 ? `?${query.toString()}` : ""}`;
        let authorization = "";
        if (auth.kind === "oauth") {
          // The recorded timestamp is stale: same parameters, fresh timestamp and nonce.
          const signed = signOAuthUrl({
            method: rec.request.method,
            url: new URL(`${sb.siteUrl}${target}`),
            consumerKey: rec.request.query.oauth_consumer_key ?? "ck_test",
            consumerSecret: auth.secret,
            signatureMethod: (rec.request.query.oauth_signature_method ?? "HMAC-SHA256") as OAuthSignatureMethod,
          });
          target = `${signed.pathname}${signed.search}`;
        } else {
          authorization = basic(auth.key, auth.secret);
        }
        let body = rec.request.body;
        if (rec.name === "webhook_create" && typeof body === "object" && body !== null) {
          body = { ...body, delivery_url: receiverUrl };
        }
        const res = await call(sb, rec.request.method, target, body, authorization);
        const expected = rec.response;

        expect(res.status, "status").toBe(expected.status);
        expect(res.headers.get("content-type")).toBe(expected.headers["content-type"]);
        for (const h of ["x-wp-total", "x-wp-totalpages"]) {
          expect(res.headers.has(h), `${h} presence`).toBe(h in expected.headers);
          if (h in expected.headers) expect(res.headers.get(h)).toMatch(/^\d+$/);
        }
        const gotLinks = parseLinkHeader(res.headers.get("link"));
        const wantLinks = parseLinkHeader(expected.headers.link);
        expect(gotLinks.map((l) => l.rel).sort(), "Link rels").toEqual(wantLinks.map((l) => l.rel).sort());
        for (const want of wantLinks) {
          const got = gotLinks.find((l) => l.rel === want.rel);
          expect(got?.url.protocol, `${want.rel} scheme`).toBe(want.url.protocol);
          expect(got?.url.hostname).toBe(want.url.hostname);
          expect(got?.url.pathname, `${want.rel} path`).toBe(want.url.pathname);
          expect([...(got?.url.searchParams.keys() ?? [])], `${want.rel} parameters`).toEqual([
            ...want.url.searchParams.keys(),
          ]);
          if (want.url.searchParams.has("page")) {
            expect(got?.url.searchParams.get("page"), `${want.rel} page`).toBe(want.url.searchParams.get("page"));
          }
        }
        const actual: unknown = JSON.parse(res.text);
        if (typeof expected.body === "object" && expected.body !== null && "code" in expected.body) {
          expect((actual as { code?: unknown }).code, "error code").toBe(expected.body.code);
        }
        expect(shapeDiff(expected.body, actual), "JSON shape").toEqual([]);
        if (rec.request.method === "GET" && expected.status === 200 && auth.kind === "basic") {
          // A read of recorded state must come back value for value (only the port differs).
          const port = new URL(sb.url).port;
          const normalised: unknown = JSON.parse(res.text.replaceAll(`127.0.0.1:${port}`, "127.0.0.1:8089"));
          expect(normalised, "recorded values").toEqual(expected.body);
        }
        covered.add(rec.name);
      } finally {
        await sb.close();
      }
    });
  }
});

function headerNames(rec: Recording): string[] {
  return Object.keys(rec.request.headers)
    .map((h) => h.toLowerCase())
    .sort();
}

function isPhpAscii(raw: Buffer): boolean {
  return raw.every((b) => b < 0x80) && !/(^|[^\\])\//.test(raw.toString("latin1"));
}

describe("webhook deliveries", () => {
  for (const rec of recordings.filter((r) => WEBHOOK_CASES.has(r.name))) {
    it(`${rec.name}`, async () => {
      const sb = await sandboxFor(null, true);
      try {
        received.length = 0;
        const admin = basic("ck_test", "cs_test");
        const trigger = rec.trigger as NonNullable<Recording["trigger"]>;
        const secret = rec.secret ?? "whsec_test";
        if (rec.name === "webhook_ping") {
          const res = await call(
            sb,
            "POST",
            "/wp-json/wc/v3/webhooks",
            { ...(trigger.body as object), delivery_url: receiverUrl },
            admin,
          );
          expect(res.status).toBe(201);
          const id = (JSON.parse(res.text) as { id: number }).id;
          expect(received).toHaveLength(1);
          const ping = received[0] as Received;
          expect([...ping.rawHeaderNames].sort()).toEqual(headerNames(rec));
          expect(ping.headers["content-type"]).toBe(rec.request.headers["content-type"]);
          expect(ping.headers["user-agent"]).toBe(rec.request.headers["user-agent"]);
          expect(ping.body.toString()).toBe(`webhook_id=${id}`);
          expect(checkWebhook(ping.body, ping.headers, secret)).toEqual({ kind: "ping", webhookId: id });
          covered.add(rec.name);
          return;
        }
        const topics = ["order.created", "order.updated", "product.updated"];
        const ids = new Map<string, number>();
        for (const topic of topics) {
          const res = await call(
            sb,
            "POST",
            "/wp-json/wc/v3/webhooks",
            { name: topic, topic, delivery_url: receiverUrl, secret, status: "active" },
            admin,
          );
          expect(res.status).toBe(201);
          ids.set(topic, (JSON.parse(res.text) as { id: number }).id);
        }
        await sb.idle();
        received.length = 0;
        const res = await call(sb, trigger.method, trigger.path, trigger.body, admin);
        expect(res.status).toBeLessThan(300);
        await sb.idle();

        const topic = rec.request.headers["x-wc-webhook-topic"] as string;
        const mine = received.filter((r) => r.headers["x-wc-webhook-topic"] === topic);
        expect(mine.length, `${topic} deliveries`).toBe(1);
        if (trigger.path.endsWith("/orders")) {
          // One REST-created order fires created and updated, plus product.updated per product whose stock dropped.
          const count = (t: string) => received.filter((r) => r.headers["x-wc-webhook-topic"] === t).length;
          expect(count("order.created")).toBe(1);
          expect(count("order.updated")).toBe(1);
          expect(count("product.updated")).toBe(2);
        }
        const got = mine[0] as Received;
        expect([...got.rawHeaderNames].sort(), "header names").toEqual(headerNames(rec));
        for (const h of ["user-agent", "accept", "content-type", "x-wc-webhook-resource", "x-wc-webhook-event"]) {
          expect(got.headers[h], h).toBe(rec.request.headers[h]);
        }
        expect(got.headers["x-wc-webhook-source"]).toBe(`${new URL(sb.siteUrl).origin.replace("http:", "https:")}/`);
        expect(rec.request.headers["x-wc-webhook-source"]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
        expect(got.headers["x-wc-webhook-id"]).toBe(String(ids.get(topic)));
        expect(got.headers["x-wc-webhook-delivery-id"]).toMatch(/^[0-9a-f]{32}$/);
        expect(got.headers["content-length"]).toBe(String(got.body.length));
        expect(got.headers["x-wc-webhook-signature"]).toBe(webhookSignature(got.body, secret));
        expect(checkWebhook(got.body, got.headers, secret)).toEqual({ kind: "signed" });
        const recordedRaw = Buffer.from(String(rec.request.body), "utf8");
        expect(isPhpAscii(recordedRaw), "recorded body is PHP-escaped ASCII").toBe(true);
        expect(isPhpAscii(got.body), "delivered body is PHP-escaped ASCII").toBe(true);
        expect(shapeDiff(JSON.parse(recordedRaw.toString()), JSON.parse(got.body.toString()))).toEqual([]);
        covered.add(rec.name);
      } finally {
        await sb.close();
      }
    });
  }
});
