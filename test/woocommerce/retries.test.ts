import { afterEach, describe, expect, it } from "vitest";
import { WooClient } from "../../src/woocommerce/client.js";
import {
  WooApiError,
  WooNotFoundError,
  WooOutcomeUnknownError,
  WooTransportError,
  WooValidationError,
} from "../../src/woocommerce/errors.js";
import { backoffDelayMs, parseRetryAfter, retryVerdict } from "../../src/woocommerce/retry-policy.js";
import { sendJson, sendText, sleep, startTestServer, type TestServer } from "./helpers/http-test-server.js";
import { loadRecorded } from "./helpers/recorded.js";

const order = loadRecorded("order_after_refund").response.body;
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function server(handler: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const s = await startTestServer(handler);
  open.push(s);
  return s;
}

function client(url: string, options: Partial<ConstructorParameters<typeof WooClient>[0]> = {}): WooClient {
  const c = new WooClient({
    url,
    key: "ck_test",
    secret: "cs_test",
    maxRetries: 3,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
  open.push(c);
  return c;
}

/** A handler answering the n-th request (0-based) with `steps[n]`, the last step repeating. */
function scripted(steps: Array<Parameters<typeof startTestServer>[0]>): Parameters<typeof startTestServer>[0] {
  let n = 0;
  return (req, res, raw) => {
    const step = steps[Math.min(n++, steps.length - 1)];
    return step?.(req, res, raw);
  };
}

const ok =
  (body: unknown = order) =>
  (_req: unknown, res: Parameters<typeof sendJson>[0]) =>
    sendJson(res, 200, body);

describe("retries", () => {
  it("429 with Retry-After in seconds: waits that long, then succeeds", async () => {
    const s = await server(
      scripted([
        (_q, res) =>
          sendJson(res, 429, { code: "too_many", message: "slow down", data: { status: 429 } }, { "retry-after": "1" }),
        ok(),
      ]),
    );
    const started = Date.now();
    const got = await client(s.url).orders.get(25);
    expect(got.id).toBe(25);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(s.requests).toHaveLength(2);
  });

  it("429 with Retry-After as an HTTP date (from a WAF's HTML page): the wait is taken from the date", async () => {
    const waits: number[] = [];
    const at = new Date(Date.now() + 3000).toUTCString();
    const s = await server(
      scripted([
        (_q, res) => {
          res.writeHead(429, { "content-type": "text/html", "retry-after": at });
          res.end("<html><body>Rate limited by the firewall</body></html>");
        },
        ok(),
      ]),
    );
    const woo = client(s.url, { sleep: (ms) => Promise.resolve(void waits.push(ms)) });
    await woo.orders.get(25);
    expect(s.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
    // HTTP dates have whole seconds: between 2 and 3 s from now.
    expect(waits[0]).toBeGreaterThan(1000);
    expect(waits[0]).toBeLessThanOrEqual(3000);
  });

  it("a Retry-After longer than the client will wait is thrown with retryAfterMs", async () => {
    const s = await server((_q, res) =>
      sendJson(res, 503, { code: "busy", message: "maintenance", data: { status: 503 } }, { "retry-after": "3600" }),
    );
    const err = (await client(s.url)
      .orders.get(25)
      .catch((e: unknown) => e)) as WooApiError;
    expect(err).toBeInstanceOf(WooApiError);
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(3_600_000);
    expect(s.requests).toHaveLength(1);
  });

  it("500 (a PHP fatal page) then 503 then success, for a GET", async () => {
    const s = await server(
      scripted([
        (_q, res) =>
          sendText(res, 500, "<html><body><p>There has been a critical error on this website.</p></body></html>"),
        (_q, res) => sendText(res, 503, "Service Unavailable", "text/plain"),
        ok(),
      ]),
    );
    const retries: number[] = [];
    const got = await client(s.url, { onRetry: (e) => retries.push(e.attempt) }).orders.get(25);
    expect(got.id).toBe(25);
    expect(s.requests).toHaveLength(3);
    expect(retries).toEqual([1, 2]);
  });

  it("gives up after 1 + maxRetries attempts with the last error", async () => {
    const s = await server((_q, res) => sendText(res, 503, "<h1>503 Service Temporarily Unavailable</h1>"));
    const err = (await client(s.url, { maxRetries: 2 })
      .orders.get(25)
      .catch((e: unknown) => e)) as WooTransportError;
    expect(err).toBeInstanceOf(WooTransportError);
    expect(err.status).toBe(503);
    expect(err.bodySnippet).toBe("503 Service Temporarily Unavailable");
    expect(s.requests).toHaveLength(3);
  });

  it("a connection reset is retried for a GET", async () => {
    const s = await server(scripted([(_q, _res, raw) => void raw.socket.destroy(), ok()]));
    const got = await client(s.url).orders.get(25);
    expect(got.id).toBe(25);
    expect(s.requests).toHaveLength(2);
  });

  it("a connection reset on a POST is an unknown outcome, not repeated", async () => {
    const s = await server((_q, _res, raw) => void raw.socket.destroy());
    const err = await client(s.url)
      .orders.createNote(25, { note: "Sent to Counterpoint" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WooOutcomeUnknownError);
    expect((err as WooOutcomeUnknownError).cause).toBeInstanceOf(WooTransportError);
    expect((err as Error).message).toMatch(
      /^POST \/orders\/25\/notes \(note on order 25\): the write may have been applied/,
    );
    expect(s.requests).toHaveLength(1);
  });

  it("a refused connection is retried even for a POST (nothing was sent)", async () => {
    const s = await server(ok());
    const url = s.url;
    await s.close();
    const attempts: number[] = [];
    const err = (await client(url, { maxRetries: 2, onRetry: (e) => attempts.push(e.attempt) })
      .orders.createNote(25, { note: "x" })
      .catch((e: unknown) => e)) as WooTransportError;
    expect(err).toBeInstanceOf(WooTransportError);
    expect(err.kind).toBe("network");
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(attempts).toEqual([1, 2]);
  });

  it("a timeout is retried for a GET and reported as kind timeout", async () => {
    const s = await server(async (_q, res) => {
      await sleep(1000);
      sendJson(res, 200, order);
    });
    const started = Date.now();
    const err = (await client(s.url, { timeoutMs: 150, maxRetries: 1 })
      .orders.get(25)
      .catch((e: unknown) => e)) as WooTransportError;
    expect(err).toBeInstanceOf(WooTransportError);
    expect(err.kind).toBe("timeout");
    expect(err.message).toMatch(/GET \/orders\/25 \(order 25\): no complete answer within 150 ms/);
    expect(s.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("a timeout then an answer succeeds", async () => {
    const s = await server(
      scripted([
        async (_q, res) => {
          await sleep(600);
          sendJson(res, 200, order);
        },
        ok(),
      ]),
    );
    await expect(client(s.url, { timeoutMs: 150 }).orders.get(25)).resolves.toMatchObject({ id: 25 });
  });

  it("a 200 HTML page from a WAF is a transport error with the page's text", async () => {
    const page =
      "<html><head><title>Attention Required!</title><style>x{}</style></head><body><h1>Sorry, you have been blocked</h1></body></html>";
    const s = await server((_q, res) => sendText(res, 200, page));
    const err = (await client(s.url, { maxRetries: 1 })
      .orders.get(25)
      .catch((e: unknown) => e)) as WooTransportError;
    expect(err).toBeInstanceOf(WooTransportError);
    expect(err.kind).toBe("bad-body");
    expect(err.bodySnippet).toBe("Attention Required! Sorry, you have been blocked");
    expect(s.requests).toHaveLength(2);
  });

  it("a 403 HTML page is not retried", async () => {
    const s = await server((_q, res) => sendText(res, 403, "<h1>Forbidden</h1>"));
    const err = (await client(s.url)
      .orders.get(25)
      .catch((e: unknown) => e)) as WooTransportError;
    expect(err.kind).toBe("bad-body");
    expect(err.status).toBe(403);
    expect(s.requests).toHaveLength(1);
  });

  it("no retry on 400: the validation error carries the bad parameter", async () => {
    const body = loadRecorded("error_400_money_as_number").response.body;
    const s = await server((_q, res) => sendJson(res, 400, body));
    const err = (await client(s.url)
      .products.update(11, { regular_price: "21.50" })
      .catch((e: unknown) => e)) as WooValidationError;
    expect(err).toBeInstanceOf(WooValidationError);
    expect(err.code).toBe("WOO_INVALID_REQUEST");
    expect(err.params).toEqual({ regular_price: "regular_price is not of type string." });
    expect(s.requests).toHaveLength(1);
  });

  it("404 of a missing order is WooNotFoundError, not retried", async () => {
    const s = await server((_q, res) => sendJson(res, 404, loadRecorded("error_404_order_not_found").response.body));
    const err = (await client(s.url)
      .orders.get(999999)
      .catch((e: unknown) => e)) as WooNotFoundError;
    expect(err).toBeInstanceOf(WooNotFoundError);
    expect(err.message).toBe(
      "GET /orders/999999 (order 999999): HTTP 404 woocommerce_rest_shop_order_invalid_id: Invalid ID.",
    );
    expect(s.requests).toHaveLength(1);
  });

  it("a refund error: HTTP 500 with numeric data is parsed, mapped by code, and never retried", async () => {
    const rec = loadRecorded("error_500_refund_amount_invalid");
    const s = await server((_q, res) => sendJson(res, 500, rec.response.body));
    const err = (await client(s.url)
      .orders.createRefund(26, { amount: "999.00", api_refund: false })
      .catch((e: unknown) => e)) as WooApiError;
    expect(err).toBeInstanceOf(WooApiError);
    expect(err).not.toBeInstanceOf(WooNotFoundError);
    expect(err.status).toBe(500);
    expect(err.data).toBe(500);
    expect(err.effectiveStatus).toBe(500);
    expect(err.wooCode).toBe("woocommerce_rest_cannot_create_order_refund");
    expect(err.retryable).toBe(false);
    expect(s.requests).toHaveLength(1);

    const s2 = await server((_q, res) =>
      sendJson(res, 500, { code: "woocommerce_rest_invalid_order_id", message: "Invalid order ID.", data: 404 }),
    );
    const err2 = (await client(s2.url)
      .orders.createRefund(999999, { amount: "1.00", api_refund: false })
      .catch((e: unknown) => e)) as WooApiError;
    expect(err2).toBeInstanceOf(WooNotFoundError);
    expect(err2.effectiveStatus).toBe(404);
  });

  it("a POST answered 502 or 504 by a proxy is an unknown outcome, never repeated", async () => {
    for (const status of [502, 504]) {
      const s = await server((_q, res) => sendText(res, status, "<h1>Bad Gateway</h1>"));
      const err = (await client(s.url)
        .orders.createNote(25, { note: "x" })
        .catch((e: unknown) => e)) as WooOutcomeUnknownError;
      expect(err).toBeInstanceOf(WooOutcomeUnknownError);
      expect(err.code).toBe("WOO_OUTCOME_UNKNOWN");
      expect(err.retryable).toBe(false);
      expect(s.requests).toHaveLength(1);
    }
  });

  it("a PUT answered 502 is retried (idempotent)", async () => {
    const s = await server(
      scripted([
        (_q, res) => sendText(res, 502, "Bad Gateway"),
        ok(loadRecorded("order_update_status_completed").response.body),
      ]),
    );
    await expect(client(s.url).orders.update(24, { status: "completed" })).resolves.toMatchObject({
      status: "completed",
    });
    expect(s.requests).toHaveLength(2);
  });
});

describe("retry policy (pure)", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-21T20:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("Sat, 21 Nov 2026 20:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Sat, 21 Nov 2026 19:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("backs off exponentially, capped, with jitter in the upper half", () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
  });

  it("retries only what is safe", () => {
    expect(retryVerdict({ kind: "status", status: 429, wooBody: false }, false)).toBe("retry");
    expect(retryVerdict({ kind: "status", status: 503, wooBody: true }, false)).toBe("retry");
    expect(retryVerdict({ kind: "status", status: 502, wooBody: false }, true)).toBe("retry");
    expect(retryVerdict({ kind: "status", status: 504, wooBody: false }, false)).toBe("unknown");
    expect(retryVerdict({ kind: "status", status: 500, wooBody: true }, true)).toBe("fail");
    expect(retryVerdict({ kind: "status", status: 500, wooBody: false }, true)).toBe("retry");
    expect(retryVerdict({ kind: "status", status: 400, wooBody: true }, true)).toBe("fail");
    expect(retryVerdict({ kind: "status", status: 404, wooBody: false }, true)).toBe("fail");
    expect(retryVerdict({ kind: "network", sent: false }, false)).toBe("retry");
    expect(retryVerdict({ kind: "network", sent: true }, false)).toBe("unknown");
    expect(retryVerdict({ kind: "timeout" }, true)).toBe("retry");
    expect(retryVerdict({ kind: "bad-body", status: 200 }, false)).toBe("unknown");
  });
});
