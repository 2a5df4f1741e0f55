import { afterEach, describe, expect, it } from "vitest";
import { settingsSchema } from "../../src/config/settings.js";
import { WooClient } from "../../src/woocommerce/client.js";
import { WooAuthError, WooConfigError, WooTransportError } from "../../src/woocommerce/errors.js";
import { sendJson, startTestServer, type TestServer, trustingAgent } from "./helpers/http-test-server.js";
import { oauthProblem } from "./helpers/oauth-check.js";
import { loadRecorded } from "./helpers/recorded.js";

const ordersPage = loadRecorded("orders_list_processing_page1").response.body as unknown[];
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function server(handler: Parameters<typeof startTestServer>[0], https = false): Promise<TestServer> {
  const s = await startTestServer(handler, { https });
  open.push(s);
  return s;
}

function client(options: ConstructorParameters<typeof WooClient>[0]): WooClient {
  const c = new WooClient({ maxRetries: 0, ...options });
  open.push(c);
  return c;
}

describe("authentication follows the scheme", () => {
  it("http: OAuth 1.0a (HMAC-SHA256) in the query string, verified by the server, fresh for every request", async () => {
    const nonces = new Set<string>();
    const problems: Array<string | null> = [];
    const s = await server((req, res) => {
      const problem = oauthProblem(req, s.url, "cs_test", nonces);
      problems.push(problem);
      if (problem !== null)
        return sendJson(res, 401, {
          code: "woocommerce_rest_authentication_error",
          message: problem,
          data: { status: 401 },
        });
      sendJson(res, 200, ordersPage);
    });
    const woo = client({ url: s.url, key: "ck_test", secret: "cs_test" });
    expect(woo.transport.authMode).toBe("oauth");
    await woo.orders.page({ status: ["processing", "completed"], include: [20, 21] }, 1, 2);
    await woo.orders.page({ status: "processing" }, 1, 2);
    expect(problems).toEqual([null, null]);
    const first = s.requests[0];
    expect(first?.headers.authorization).toBeUndefined();
    expect(first?.url.pathname).toBe("/wp-json/wc/v3/orders");
    expect(first?.url.searchParams.get("status")).toBe("processing,completed");
    expect(first?.url.searchParams.get("include")).toBe("20,21");
    expect(first?.url.searchParams.get("oauth_signature_method")).toBe("HMAC-SHA256");
  });

  it("http with plain permalinks: ?rest_route=/wc/v3/…, signed with the home URL as WooCommerce does", async () => {
    const nonces = new Set<string>();
    const s = await server((req, res) => {
      const problem = oauthProblem(req, s.url, "cs_test", nonces);
      if (problem !== null)
        return sendJson(res, 401, {
          code: "woocommerce_rest_authentication_error",
          message: problem,
          data: { status: 401 },
        });
      sendJson(res, 200, loadRecorded("order_after_refund").response.body);
    });
    const woo = client({ url: `${s.url}/`, key: "ck_test", secret: "cs_test", plainPermalinks: true });
    const order = await woo.orders.get(25);
    expect(order.id).toBe(25);
    expect(s.requests[0]?.url.pathname).toBe("/");
    expect(s.requests[0]?.url.searchParams.get("rest_route")).toBe("/wc/v3/orders/25");
  });

  it("a wrong secret fails the server's check and comes back as WooAuthError with a hint", async () => {
    const nonces = new Set<string>();
    const s = await server((req, res) => {
      const problem = oauthProblem(req, s.url, "cs_test", nonces);
      if (problem === null) return sendJson(res, 200, []);
      sendJson(res, 401, loadRecorded("error_401_oauth_bad_signature").response.body);
    });
    const woo = client({ url: s.url, key: "ck_test", secret: "cs_wrong" });
    const err = await woo.orders.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WooAuthError);
    const auth = err as WooAuthError;
    expect(auth.code).toBe("WOO_AUTH");
    expect(auth.status).toBe(401);
    expect(auth.wooCode).toBe("woocommerce_rest_authentication_error");
    expect(auth.hint).toMatch(/home URL/);
    expect(auth.message).toMatch(/^GET \/orders \(order list, page 1\): HTTP 401/);
  });

  it("https: HTTP Basic over real TLS, no keys in the URL", async () => {
    const s = await server((req, res) => {
      const expected = `Basic ${Buffer.from("ck_test:cs_test").toString("base64")}`;
      if (req.headers.authorization !== expected)
        return sendJson(res, 401, loadRecorded("error_401_unknown_key").response.body);
      sendJson(res, 200, loadRecorded("customers_list").response.body);
    }, true);
    const agent = trustingAgent();
    open.push(agent);
    const woo = client({ url: s.url, key: "ck_test", secret: "cs_test", dispatcher: agent });
    expect(woo.transport.authMode).toBe("basic");
    const customers = await woo.customers.list();
    expect(customers.map((c) => c.id).sort()).toEqual([2, 3, 4]);
    expect(s.requests[0]?.url.searchParams.get("role")).toBe("all");
    const url = s.requests[0]?.url;
    expect([...(url?.searchParams.keys() ?? [])].filter((k) => /consumer|oauth/.test(k))).toEqual([]);
  });

  it("https: without trusting the certificate, the TLS failure is a transport error", async () => {
    const s = await server((_req, res) => sendJson(res, 200, []), true);
    const woo = client({ url: s.url, key: "ck_test", secret: "cs_test" });
    const err = await woo.customers.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WooTransportError);
    expect((err as WooTransportError).kind).toBe("network");
    expect(s.requests).toHaveLength(0);
  });

  it("https with queryStringAuth: consumer_key and consumer_secret in the query, no Authorization header", async () => {
    const s = await server((req, res) => {
      const ok =
        req.url.searchParams.get("consumer_key") === "ck_test" &&
        req.url.searchParams.get("consumer_secret") === "cs_test";
      sendJson(res, ok ? 200 : 401, ok ? [] : loadRecorded("error_401_unknown_key").response.body);
    }, true);
    const agent = trustingAgent();
    open.push(agent);
    const woo = client({ url: s.url, key: "ck_test", secret: "cs_test", queryStringAuth: true, dispatcher: agent });
    expect(woo.transport.authMode).toBe("query");
    await expect(woo.webhooks.list()).resolves.toEqual([]);
    expect(s.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("an unknown key (cannot_view) over Basic hints at the key, a TLS-terminating proxy, or a dropped header", async () => {
    const s = await server(
      (_req, res) => sendJson(res, 401, loadRecorded("error_401_unknown_key").response.body),
      true,
    );
    const agent = trustingAgent();
    open.push(agent);
    const woo = client({ url: s.url, key: "ck_nobody", secret: "cs_x", dispatcher: agent });
    const err = (await woo.systemStatus().catch((e: unknown) => e)) as WooAuthError;
    expect(err).toBeInstanceOf(WooAuthError);
    expect(err.wooCode).toBe("woocommerce_rest_cannot_view");
    expect(err.hint).toMatch(/woo\.key is unknown/);
    expect(err.hint).toMatch(/plain HTTP/);
    expect(err.hint).toMatch(/OAuth/);
    expect(err.hint).toMatch(/queryStringAuth/);
    const wrongSecret = loadRecorded("error_401_wrong_secret_basic").response.body;
    const s2 = await server((_req, res) => sendJson(res, 401, wrongSecret), true);
    const woo2 = client({ url: s2.url, key: "ck_test", secret: "cs_x", dispatcher: agent });
    const err2 = (await woo2.systemStatus().catch((e: unknown) => e)) as WooAuthError;
    expect(err2.hint).toBe("woo.secret does not belong to woo.key");
  });

  it("sends JSON with Content-Type, Cache-Control: no-cache and a User-Agent naming cpwoo", async () => {
    const s = await server((_req, res) =>
      sendJson(res, 200, loadRecorded("order_update_status_completed").response.body),
    );
    const woo = client({ url: s.url, key: "ck_test", secret: "cs_test" });
    await woo.orders.update(24, { status: "completed" });
    const req = s.requests[0];
    expect(req?.method).toBe("PUT");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["cache-control"]).toBe("no-cache");
    expect(req?.headers["user-agent"]).toMatch(/^cpwoo/);
    expect(JSON.parse(req?.body ?? "")).toEqual({ status: "completed" });
  });

  it("a redirect is reported, not followed", async () => {
    const s = await server((_req, res) => {
      res.writeHead(301, { location: "https://shop.example.com/wp-json/wc/v3/orders" });
      res.end();
    });
    const woo = client({ url: s.url, key: "ck_test", secret: "cs_test" });
    const err = (await woo.orders.list().catch((e: unknown) => e)) as WooTransportError;
    expect(err.kind).toBe("redirect");
    expect(err.message).toMatch(/shop\.example\.com/);
    expect(s.requests).toHaveLength(1);
  });

  it("builds from the parsed settings (settings.woo)", async () => {
    const s = await server((_req, res) => sendJson(res, 200, { environment: { version: "11.0.1" } }));
    const settings = settingsSchema.parse({ woo: { url: s.url, key: "ck_test", secret: "cs_test", concurrency: 2 } });
    const woo = WooClient.fromSettings(settings.woo);
    open.push(woo);
    expect(woo.transport.concurrency).toBe(2);
    expect(woo.transport.timeoutMs).toBe(30_000);
    await expect(woo.systemStatus()).resolves.toMatchObject({ environment: { version: "11.0.1" } });
  });

  it("settings without url, key or secret are refused before any request", () => {
    expect(() =>
      WooClient.fromSettings({
        queryStringAuth: false,
        plainPermalinks: false,
        timeoutMs: 1000,
        concurrency: 3,
        maxRetries: 1,
      }),
    ).toThrow(WooConfigError);
    expect(() => new WooClient({ url: "ftp://x", key: "ck", secret: "cs" })).toThrow(/http/);
    expect(() => new WooClient({ url: "https://x/?a=1", key: "ck", secret: "cs" })).toThrow(/query/);
  });
});
