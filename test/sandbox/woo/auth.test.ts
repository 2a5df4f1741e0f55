import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "../../../src/sandbox/woo/auth.js";
import { parsePhpQuery } from "../../../src/sandbox/woo/php-query.js";
import { startWooSandbox, type WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { selfSignedCertificate } from "../../../src/sandbox/woo/tls-cert.js";
import { WooStore } from "../../../src/sandbox/woo/woo-store.js";
import { oauthBaseString, rfc3986, signOAuthUrl } from "../../../src/woocommerce/oauth1.js";
import { at, basic, call, RECORDED_DIR } from "./helpers.js";

/** API.md §2: the server decides from its own HTTPS-ness; Basic over HTTPS, OAuth 1.0a over HTTP. */

/** The sandbox's clock (tests move it); requests are signed at this time unless told otherwise. */
let serverClock = Math.floor(Date.now() / 1000);

function oauthPath(
  sb: WooSandbox,
  path: string,
  opts: {
    secret?: string;
    method?: "HMAC-SHA1" | "HMAC-SHA256";
    timestamp?: number;
    nonce?: string;
    httpMethod?: string;
    siteUrl?: string;
  } = {},
) {
  const signed = signOAuthUrl({
    method: opts.httpMethod ?? "GET",
    url: new URL(`${opts.siteUrl ?? sb.siteUrl}${path}`),
    consumerKey: "ck_test",
    consumerSecret: opts.secret ?? "cs_test",
    ...(opts.method === undefined ? {} : { signatureMethod: opts.method }),
    timestamp: opts.timestamp ?? serverClock,
    ...(opts.nonce === undefined ? {} : { nonce: opts.nonce }),
  });
  return `${signed.pathname}${signed.search}`;
}

describe("over HTTPS (a real TLS server with a self-signed certificate)", () => {
  let sb: WooSandbox;
  beforeAll(async () => {
    sb = await startWooSandbox({ port: 0, https: true, fixtures: RECORDED_DIR });
  });
  afterAll(() => sb.close());

  it("accepts Basic credentials and answers with https:// links", async () => {
    expect(sb.url.startsWith("https://")).toBe(true);
    const res = await call(sb, "GET", "/wp-json/wc/v3/orders/25");
    expect(res.status).toBe(200);
    expect(at(res.json, "_links.self.0.href")).toBe(
      `https://127.0.0.1:${new URL(sb.url).port}/wp-json/wc/v3/orders/25`,
    );
  });

  it("accepts the keys in the query string (the fix for servers that drop Authorization)", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/orders?consumer_key=ck_test&consumer_secret=cs_test", {
      auth: null,
    });
    expect(res.status).toBe(200);
  });

  it("runs an unknown key unauthenticated: 401 woocommerce_rest_cannot_view", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/orders", { auth: basic("ck_unknown", "cs_test") });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      code: "woocommerce_rest_cannot_view",
      message: "Sorry, you cannot list resources.",
      data: { status: 401 },
    });
  });

  it("refuses a known key with the wrong secret, without WWW-Authenticate", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/orders", { auth: basic("ck_test", "cs_wrong") });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      code: "woocommerce_rest_authentication_error",
      message: "Consumer secret is invalid.",
      data: { status: 401 },
    });
    expect(res.headers.get("www-authenticate")).toBeNull();
  });

  it("says 'cannot view this resource' for a single item without credentials", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/orders/25", { auth: null });
    expect(res.status).toBe(401);
    expect(at(res.json, "message")).toBe("Sorry, you cannot view this resource.");
  });
});

describe("over plain HTTP (OAuth 1.0a)", () => {
  let sb: WooSandbox;
  beforeAll(async () => {
    sb = await startWooSandbox({ port: 0, fixtures: RECORDED_DIR, now: () => serverClock });
  });
  afterAll(() => sb.close());

  it("ignores Basic credentials: 401 cannot_view", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/orders");
    expect(res.status).toBe(401);
    expect(at(res.json, "code")).toBe("woocommerce_rest_cannot_view");
  });

  it("accepts HMAC-SHA256 and HMAC-SHA1 signatures, with http:// links", async () => {
    for (const method of ["HMAC-SHA256", "HMAC-SHA1"] as const) {
      const res = await call(sb, "GET", oauthPath(sb, "/wp-json/wc/v3/orders?per_page=1", { method }), { auth: null });
      expect(res.status, method).toBe(200);
      expect(String(at(res.json, "0._links.self.0.href"))).toMatch(/^http:\/\//);
    }
  });

  it("accepts the parameters in an Authorization: OAuth header", async () => {
    const signed = new URL(`${sb.siteUrl}${oauthPath(sb, "/wp-json/wc/v3/products?per_page=2")}`);
    const oauth = [...signed.searchParams].filter(([k]) => k.startsWith("oauth_"));
    const header = `OAuth ${oauth.map(([k, v]) => `${k}="${rfc3986(v)}"`).join(", ")}`;
    const res = await call(sb, "GET", "/wp-json/wc/v3/products?per_page=2", { auth: header });
    expect(res.status).toBe(200);
  });

  it("refuses a wrong secret with the recorded message", async () => {
    const res = await call(sb, "GET", oauthPath(sb, "/wp-json/wc/v3/orders", { secret: "cs_wrong" }), { auth: null });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      code: "woocommerce_rest_authentication_error",
      message: "Invalid signature - provided signature does not match.",
      data: { status: 401 },
    });
  });

  it("needs the trailing & of the signing key", async () => {
    const ts = String(serverClock);
    const params: Array<[string, string]> = [
      ["oauth_consumer_key", "ck_test"],
      ["oauth_nonce", "no-ampersand"],
      ["oauth_signature_method", "HMAC-SHA256"],
      ["oauth_timestamp", ts],
    ];
    const base = oauthBaseString("GET", `${sb.siteUrl}/wp-json/wc/v3/orders`, params);
    const wrong = createHmac("sha256", "cs_test").update(base).digest("base64");
    const query = new URLSearchParams([...params, ["oauth_signature", wrong]]);
    const res = await call(sb, "GET", `/wp-json/wc/v3/orders?${query.toString()}`, { auth: null });
    expect(at(res.json, "message")).toBe("Invalid signature - provided signature does not match.");
  });

  it("signs the configured site URL, not the Host the client used", async () => {
    const viaLocalhost = oauthPath(sb, "/wp-json/wc/v3/orders", {
      siteUrl: sb.siteUrl.replace("127.0.0.1", "localhost"),
    });
    const res = await call(sb, "GET", viaLocalhost, { auth: null });
    expect(res.status).toBe(401);
    expect(at(res.json, "message")).toBe("Invalid signature - provided signature does not match.");
  });

  it("reports missing OAuth parameters when only some are given", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/orders?oauth_consumer_key=ck_test&oauth_nonce=x", { auth: null });
    expect(res.status).toBe(401);
    expect(at(res.json, "code")).toBe("woocommerce_rest_authentication_missing_parameter");
    expect(String(at(res.json, "message"))).toContain("oauth_signature");
  });

  it("refuses an unknown consumer key and an unknown signature method", async () => {
    const unknown = signOAuthUrl({
      method: "GET",
      url: new URL(`${sb.siteUrl}/wp-json/wc/v3/orders`),
      consumerKey: "ck_nobody",
      consumerSecret: "cs_test",
      timestamp: serverClock,
    });
    const a = await call(sb, "GET", `${unknown.pathname}${unknown.search}`, { auth: null });
    expect(at(a.json, "message")).toBe("Consumer key is invalid.");
    const b = await call(sb, "GET", oauthPath(sb, "/wp-json/wc/v3/orders").replace("HMAC-SHA256", "PLAINTEXT"), {
      auth: null,
    });
    expect(at(b.json, "message")).toBe("Invalid signature - signature method is invalid.");
  });

  it("allows ±900 s of clock difference", async () => {
    const ok = await call(sb, "GET", oauthPath(sb, "/wp-json/wc/v3/orders", { timestamp: serverClock - 899 }), {
      auth: null,
    });
    expect(ok.status).toBe(200);
    const late = await call(sb, "GET", oauthPath(sb, "/wp-json/wc/v3/orders", { timestamp: serverClock - 901 }), {
      auth: null,
    });
    expect(at(late.json, "message")).toBe("Invalid timestamp.");
    const early = await call(sb, "GET", oauthPath(sb, "/wp-json/wc/v3/orders", { timestamp: serverClock + 901 }), {
      auth: null,
    });
    expect(at(early.json, "message")).toBe("Invalid timestamp.");
  });

  it("refuses a replayed nonce, and forgets it after the window", async () => {
    const path = oauthPath(sb, "/wp-json/wc/v3/orders", { nonce: "once-only" });
    expect((await call(sb, "GET", path, { auth: null })).status).toBe(200);
    const again = await call(sb, "GET", path, { auth: null });
    expect(again.status).toBe(401);
    expect(at(again.json, "message")).toBe("Invalid nonce - nonce has already been used.");
    serverClock += 1000;
    const later = await call(sb, "GET", oauthPath(sb, "/wp-json/wc/v3/orders", { nonce: "once-only" }), { auth: null });
    expect(later.status).toBe(200);
  });

  it("signs PHP-style array parameters as name%5B0%5D", async () => {
    const ts = String(serverClock);
    const raw: Array<[string, string]> = [
      ["oauth_consumer_key", "ck_test"],
      ["oauth_nonce", "arrays"],
      ["oauth_signature_method", "HMAC-SHA256"],
      ["oauth_timestamp", ts],
      ["per_page", "1"],
      ["status[]", "processing"],
    ];
    // WooCommerce's string: top-level names sorted, the array flattened as status%5B0%5D, all encoded twice.
    const pieces = [
      "oauth_consumer_key=ck_test",
      "oauth_nonce=arrays",
      "oauth_signature_method=HMAC-SHA256",
      `oauth_timestamp=${ts}`,
      "per_page=1",
      "status%5B0%5D=processing",
    ];
    const base = `GET&${rfc3986(`${sb.siteUrl}/wp-json/wc/v3/orders`)}&${rfc3986(pieces.join("&"))}`;
    const signature = createHmac("sha256", "cs_test&").update(base).digest("base64");
    const query = new URLSearchParams([...raw, ["oauth_signature", signature]]);
    const res = await call(sb, "GET", `/wp-json/wc/v3/orders?${query.toString()}`, { auth: null });
    expect(res.status).toBe(200);
  });

  it("works through ?rest_route= (the base URL is the site root)", async () => {
    const path = oauthPath(sb, `/?rest_route=${encodeURIComponent("/wc/v3/orders/25")}`);
    const res = await call(sb, "GET", path, { auth: null });
    expect(res.status).toBe(200);
    expect(at(res.json, "id")).toBe(25);
  });

  it("checks arguments before permissions: a bad per_page is 400 even unauthenticated", async () => {
    const res = await call(sb, "GET", "/wp-json/wc/v3/orders?per_page=101", { auth: null });
    expect(res.status).toBe(400);
    expect(at(res.json, "code")).toBe("rest_invalid_param");
  });
});

describe("a site in a sub-directory", () => {
  it("serves under the site path and signs the configured home URL", async () => {
    const sb = await startWooSandbox({ port: 0, siteUrl: "http://shop.example.test/store" });
    try {
      const signed = signOAuthUrl({
        method: "GET",
        url: new URL("http://shop.example.test/store/wp-json/wc/v3/products/categories"),
        consumerKey: "ck_test",
        consumerSecret: "cs_test",
      });
      const res = await call(sb, "GET", `${signed.pathname}${signed.search}`, { auth: null });
      expect(res.status).toBe(200);
      expect(at(res.json, "0._links.self.0.href")).toMatch(/^http:\/\/shop\.example\.test\/store\/wp-json\/wc\/v3\//);
    } finally {
      await sb.close();
    }
  });
});

describe("TLS material from files", () => {
  it("serves HTTPS with a PEM certificate and key given as file paths", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cpwoo-woo-pem-"));
    try {
      const { cert, key } = selfSignedCertificate();
      writeFileSync(join(dir, "cert.pem"), cert);
      writeFileSync(join(dir, "key.pem"), key);
      const sb = await startWooSandbox({ port: 0, https: { cert: join(dir, "cert.pem"), key: join(dir, "key.pem") } });
      try {
        expect(sb.certificate?.equals(cert)).toBe(true);
        expect((await call(sb, "GET", "/wp-json/wc/v3/products")).status).toBe(200);
      } finally {
        await sb.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("key permissions", () => {
  it("refuses writes with a read-only key", async () => {
    const sb = await startWooSandbox({ port: 0, assumeHttps: true, keyPermissions: "read" });
    try {
      expect((await call(sb, "GET", "/wp-json/wc/v3/products")).status).toBe(200);
      const res = await call(sb, "POST", "/wp-json/wc/v3/products", { body: { name: "X" } });
      expect(res.status).toBe(401);
      expect(at(res.json, "message")).toBe("The API key provided does not have write permissions.");
    } finally {
      await sb.close();
    }
  });
});

describe("the recorded OAuth request", () => {
  it("verifies with the server's own check at the recorded time", () => {
    const rec = JSON.parse(readFileSync(join(RECORDED_DIR, "oauth1_get_orders_ok.json"), "utf8")) as {
      request: { method: string; path: string; query: Record<string, string> };
    };
    const store = new WooStore();
    store.apiKeys = [{ consumerKey: "ck_test", consumerSecret: "cs_test", userId: 1, permissions: "read_write" }];
    const query = new URLSearchParams(rec.request.query).toString();
    const outcome = authenticate(
      {
        https: false,
        method: rec.request.method,
        rawPath: rec.request.path,
        base: "http://127.0.0.1:8089",
        query: parsePhpQuery(query),
        form: null,
        authorization: undefined,
        now: Number(rec.request.query.oauth_timestamp),
      },
      store,
    );
    expect(outcome.kind).toBe("user");
    const replay = authenticate(
      {
        https: false,
        method: "GET",
        rawPath: rec.request.path,
        base: "http://127.0.0.1:8089",
        query: parsePhpQuery(query),
        form: null,
        authorization: undefined,
        now: Number(rec.request.query.oauth_timestamp),
      },
      store,
    );
    expect(replay.kind === "error" && replay.error.message).toBe("Invalid nonce - nonce has already been used.");
  });
});
