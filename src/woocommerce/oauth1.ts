import { createHmac, randomBytes } from "node:crypto";

/** OAuth 1.0a "one-legged" signing as WooCommerce checks it over plain HTTP (API.md §2b). */
export type OAuthSignatureMethod = "HMAC-SHA1" | "HMAC-SHA256";

/** RFC 3986 percent-encoding, as PHP's `rawurlencode`: space → %20, `~` kept. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The signature base string: METHOD & encoded base URL & encoded parameter string. Parameters are sorted by their raw
 * names byte-wise (PHP strcmp), then encoded; `oauth_signature` itself is never part of it.
 */
export function oauthBaseString(method: string, baseUrl: string, params: ReadonlyArray<readonly [string, string]>) {
  const sorted = params
    .filter(([k]) => k !== "oauth_signature")
    .slice()
    .sort(([a, av], [b, bv]) => (a === b ? compareBytes(av, bv) : compareBytes(a, b)));
  const paramString = sorted.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&");
  return `${method.toUpperCase()}&${rfc3986(baseUrl)}&${rfc3986(paramString)}`;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** base64 HMAC of the base string with the key `secret&` (the trailing `&` is mandatory). */
export function oauthSignature(baseString: string, consumerSecret: string, method: OAuthSignatureMethod): string {
  const algorithm = method === "HMAC-SHA1" ? "sha1" : "sha256";
  return createHmac(algorithm, `${consumerSecret}&`).update(baseString).digest("base64");
}

export interface OAuthSignInput {
  method: string;
  /** Full request URL; its query parameters are signed. The base URL is this URL without its query. */
  url: URL;
  /**
   * Overrides the base URL that is signed. WooCommerce signs its configured home URL plus the request path with the
   * home path removed, so a request to the site root (`{home}/?rest_route=/wc/v3/…`, plain permalinks) is signed as
   * `{home}` without the trailing slash, while the request itself goes to `{home}/`.
   */
  baseUrl?: string;
  consumerKey: string;
  consumerSecret: string;
  signatureMethod?: OAuthSignatureMethod;
  /** For tests; defaults to now and a random nonce. */
  timestamp?: number;
  nonce?: string;
}

/** Returns the URL with the `oauth_*` parameters (signature included) added to its query string. */
export function signOAuthUrl(input: OAuthSignInput): URL {
  const signatureMethod = input.signatureMethod ?? "HMAC-SHA256";
  const url = new URL(input.url);
  url.searchParams.set("oauth_consumer_key", input.consumerKey);
  url.searchParams.set("oauth_nonce", input.nonce ?? randomBytes(16).toString("hex"));
  url.searchParams.set("oauth_signature_method", signatureMethod);
  url.searchParams.set("oauth_timestamp", String(input.timestamp ?? Math.floor(Date.now() / 1000)));
  url.searchParams.delete("oauth_signature");
  const baseUrl = input.baseUrl ?? `${url.origin}${url.pathname}`;
  const base = oauthBaseString(input.method, baseUrl, [...url.searchParams.entries()]);
  url.searchParams.set("oauth_signature", oauthSignature(base, input.consumerSecret, signatureMethod));
  return url;
}
