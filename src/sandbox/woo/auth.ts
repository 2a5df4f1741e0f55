import { timingSafeEqual } from "node:crypto";
import { oauthBaseString, oauthSignature, rfc3986 } from "../../woocommerce/oauth1.js";
import { type PhpArray, type PhpValue, phpUrlDecode } from "./php-query.js";
import type { ApiKeyRecord } from "./records.js";
import { WpError } from "./wp-error.js";
import type { WooStore } from "./woo-store.js";

/**
 * WooCommerce's REST authentication (API.md §2), decided from the server's own view of HTTPS:
 *
 * - HTTPS: `consumer_key`/`consumer_secret` in the query string, else HTTP Basic. An unknown key is not an error (the
 *   request just runs unauthenticated); a known key with the wrong secret is "Consumer secret is invalid.".
 * - Then, and always over plain HTTP, OAuth 1.0a one-legged: no `oauth_*` parameter at all means "not trying"; some
 *   missing is an error; the signature covers the query, form and header `oauth_*` parameters (JSON bodies never)
 *   over the configured home URL + request path; ±900 s timestamps; each nonce once per key.
 * - Basic credentials over plain HTTP are ignored. Failed Basic never carries `WWW-Authenticate` (11.0.1 falls through
 *   to the OAuth path, which overwrites the remembered method).
 */
export interface AuthRequest {
  https: boolean;
  method: string;
  /** The request path exactly as sent (before a `rest_route` rewrite), without the query. */
  rawPath: string;
  /** Scheme + configured host for the signature base URL. */
  base: string;
  query: PhpArray;
  /** Form-encoded body parameters (`$_POST`); JSON bodies are not signed. */
  form: PhpArray | null;
  authorization: string | undefined;
  /** Unix seconds. */
  now: number;
}

export type AuthOutcome =
  | { kind: "user"; key: ApiKeyRecord }
  | { kind: "anonymous" }
  | { kind: "error"; error: WpError };

const OAUTH_REQUIRED = [
  "oauth_consumer_key",
  "oauth_timestamp",
  "oauth_nonce",
  "oauth_signature",
  "oauth_signature_method",
] as const;
const NONCE_WINDOW = 15 * 60;

function authError(message: string): WpError {
  return new WpError("woocommerce_rest_authentication_error", message, 401);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

function text(value: PhpValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function authenticate(req: AuthRequest, store: WooStore): AuthOutcome {
  let error: WpError | null = null;
  if (req.https) {
    const basic = basicCredentials(req);
    if (basic !== null) {
      const key = store.apiKey(basic.key);
      if (key !== undefined) {
        if (sameSecret(basic.secret, key.consumerSecret)) return withPermission(key, req.method);
        error = authError("Consumer secret is invalid.");
      }
    }
  }
  const oauth = oauthParameters(req);
  if (oauth.size === 0) return error === null ? { kind: "anonymous" } : { kind: "error", error };
  const missing = OAUTH_REQUIRED.filter((name) => (text(oauth.get(name)) ?? "") === "");
  if (missing.length > 0) {
    return {
      kind: "error",
      error: new WpError(
        "woocommerce_rest_authentication_missing_parameter",
        `Missing OAuth parameter(s) ${missing.join(", ")}`,
        401,
      ),
    };
  }
  const key = store.apiKey(text(oauth.get("oauth_consumer_key")) ?? "");
  if (key === undefined) return { kind: "error", error: authError("Consumer key is invalid.") };
  const signatureError = checkSignature(req, oauth, key);
  if (signatureError !== null) return { kind: "error", error: signatureError };
  const replayError = checkTimestampAndNonce(req, oauth, key, store);
  if (replayError !== null) return { kind: "error", error: replayError };
  return withPermission(key, req.method);
}

function withPermission(key: ApiKeyRecord, method: string): AuthOutcome {
  const reading = method === "GET" || method === "HEAD";
  if (reading && key.permissions === "write") {
    return { kind: "error", error: authError("The API key provided does not have read permissions.") };
  }
  if (!reading && key.permissions === "read") {
    return { kind: "error", error: authError("The API key provided does not have write permissions.") };
  }
  return { kind: "user", key };
}

function basicCredentials(req: AuthRequest): { key: string; secret: string } | null {
  const qKey = text(req.query.get("consumer_key"));
  const qSecret = text(req.query.get("consumer_secret"));
  if (qKey !== undefined && qKey !== "" && qSecret !== undefined && qSecret !== "")
    return { key: qKey, secret: qSecret };
  const header = req.authorization ?? "";
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (m === null || m[1] === undefined) return null;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** `$_GET` merged with `$_POST`, then the `oauth_*` pairs of an `Authorization: OAuth …` header on top. */
function oauthParameters(req: AuthRequest): PhpArray {
  const all: PhpArray = new Map(req.query);
  if (req.form !== null) for (const [k, v] of req.form) all.set(k, v);
  const header = req.authorization ?? "";
  if (/^OAuth\s/i.test(header)) {
    for (const part of header.replace(/^OAuth\s+/i, "").split(",")) {
      const m = /^\s*([^=\s]+)\s*=\s*"?([^"]*)"?\s*$/.exec(part);
      if (m?.[1] === undefined || m[2] === undefined) continue;
      const name = phpUrlDecode(m[1]);
      if (name.startsWith("oauth_")) all.set(name, phpUrlDecode(m[2]));
    }
  }
  const hasOne = OAUTH_REQUIRED.some((name) => (text(all.get(name)) ?? "") !== "");
  return hasOne ? all : (new Map() as PhpArray);
}

function checkSignature(req: AuthRequest, params: PhpArray, key: ApiKeyRecord): WpError | null {
  const method = text(params.get("oauth_signature_method")) ?? "";
  if (method !== "HMAC-SHA1" && method !== "HMAC-SHA256") {
    return authError("Invalid signature - signature method is invalid.");
  }
  // PHP already decoded `+` to a space; WooCommerce turns spaces back into `+` and decodes once more.
  const given = phpUrlDecode((text(params.get("oauth_signature")) ?? "").replace(/ /g, "+").replace(/\+/g, "%2B"));
  const signed = [...params].filter(([k]) => k !== "oauth_signature");
  const baseUrl = `${req.base}${req.rawPath}`;
  const flat = signed.every(([, v]) => typeof v === "string");
  const baseString = flat
    ? oauthBaseString(
        req.method,
        baseUrl,
        signed.map(([k, v]) => [k, v as string] as const),
      )
    : nestedBaseString(req.method, baseUrl, signed);
  const expected = oauthSignature(baseString, key.consumerSecret, method);
  if (!sameSecret(given, expected)) return authError("Invalid signature - provided signature does not match.");
  return null;
}

/**
 * WooCommerce signs nested (array) parameters as `name%5B0%5D=value`, top-level names sorted byte-wise, nested entries
 * in their order — which standard OAuth libraries do not do (API.md §2b).
 */
function nestedBaseString(method: string, baseUrl: string, params: ReadonlyArray<readonly [string, PhpValue]>) {
  const sorted = [...params].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const pieces: string[] = [];
  const walk = (encodedKey: string, value: PhpValue) => {
    if (typeof value === "string") {
      pieces.push(`${encodedKey}=${rfc3986(value)}`);
      return;
    }
    for (const [k, v] of value) walk(`${encodedKey}%5B${rfc3986(k)}%5D`, v);
  };
  for (const [k, v] of sorted) walk(rfc3986(k), v);
  return `${method.toUpperCase()}&${rfc3986(baseUrl)}&${rfc3986(pieces.join("&"))}`;
}

function checkTimestampAndNonce(req: AuthRequest, params: PhpArray, key: ApiKeyRecord, store: WooStore) {
  const timestamp = Number(text(params.get("oauth_timestamp")));
  if (!Number.isFinite(timestamp) || Math.abs(req.now - timestamp) > NONCE_WINDOW) {
    return authError("Invalid timestamp.");
  }
  const nonce = text(params.get("oauth_nonce")) ?? "";
  let used = store.nonces.get(key.consumerKey);
  if (used === undefined) {
    used = new Map();
    store.nonces.set(key.consumerKey, used);
  }
  for (const [n, t] of used) if (t < req.now - NONCE_WINDOW) used.delete(n);
  if (used.has(nonce)) return authError("Invalid nonce - nonce has already been used.");
  used.set(nonce, timestamp);
  return null;
}
