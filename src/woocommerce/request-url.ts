import { formatWooGmtDate } from "./dates.js";
import { WooConfigError, type WooAuthMode } from "./errors.js";
import { type OAuthSignatureMethod, signOAuthUrl } from "./oauth1.js";

export type QueryValue = string | number | boolean | Date | readonly (string | number)[] | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

/** Where the store's REST API lives and how to reach it. */
export interface WooEndpoint {
  /** The site (home) URL without a trailing slash, e.g. `https://shop.example.com` or `http://host/shop`. */
  site: string;
  /** Sites without pretty permalinks answer at `{site}/?rest_route=/wc/v3/…` instead of `{site}/wp-json/wc/v3/…`. */
  plainPermalinks: boolean;
}

/** Checks and normalises `woo.url`: http or https, no query or fragment, trailing slashes dropped. */
export function normalizeSiteUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WooConfigError(`woo.url: not a URL: "${url}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new WooConfigError(`woo.url: must be http:// or https://, got "${url}"`);
  }
  if (parsed.search !== "" || parsed.hash !== "") {
    throw new WooConfigError(`woo.url: give the site's home URL without a query or fragment, got "${url}"`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new WooConfigError("woo.url: must not contain credentials; use woo.key and woo.secret");
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
}

/**
 * WooCommerce picks the method from its own idea of HTTPS: Basic (or the keys in the query string) over HTTPS, OAuth
 * 1.0a over plain HTTP, where Basic credentials are silently ignored.
 */
export function authModeFor(site: string, queryStringAuth: boolean): WooAuthMode {
  if (site.startsWith("https:")) return queryStringAuth ? "query" : "basic";
  return "oauth";
}

/**
 * Query parameters as `[name, value]` pairs. Lists become comma lists (`include=1,2`): WordPress accepts them for
 * array parameters, while PHP-style `a[]=` names break the OAuth signature. Dates are sent as UTC, so
 * `dates_are_gmt=true` is added when any value is a Date. `undefined` and `null` are left out.
 */
export function queryPairs(query: QueryParams): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  let hasDate = false;
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (name.includes("[")) throw new TypeError(`query parameter "${name}": send lists as arrays, not with [] names`);
    if (value instanceof Date) {
      hasDate = true;
      pairs.push([name, formatWooGmtDate(value)]);
    } else if (Array.isArray(value)) {
      const items = (value as ReadonlyArray<string | number>).map(String);
      const withComma = items.find((item) => item.includes(","));
      if (withComma !== undefined)
        throw new TypeError(`query parameter "${name}": list item "${withComma}" contains a comma`);
      pairs.push([name, items.join(",")]);
    } else {
      pairs.push([name, String(value)]);
    }
  }
  if (hasDate && query.dates_are_gmt === undefined) pairs.push(["dates_are_gmt", "true"]);
  return pairs;
}

/** The request URL of a `wc/v3` path (`/orders/25`), before authentication. */
export function buildRequestUrl(endpoint: WooEndpoint, path: string, query: QueryParams = {}): URL {
  if (!/^\/[A-Za-z0-9_\-/]*$/.test(path) || path.includes("//")) throw new TypeError(`bad API path "${path}"`);
  const url = endpoint.plainPermalinks
    ? new URL(`${endpoint.site}/?rest_route=${encodeURIComponent(`/wc/v3${path}`)}`)
    : new URL(`${endpoint.site}/wp-json/wc/v3${path}`);
  for (const [name, value] of queryPairs(query)) url.searchParams.append(name, value);
  return url;
}

/**
 * The base URL WooCommerce signs for OAuth: its home URL plus the request path with the home path removed. For
 * `{site}/?rest_route=…` that is `{site}` itself, without the slash the request carries.
 */
export function oauthBaseUrl(endpoint: WooEndpoint, url: URL): string {
  return endpoint.plainPermalinks ? endpoint.site : `${url.origin}${url.pathname}`;
}

export interface Credentials {
  key: string;
  secret: string;
}

export interface AuthorizedRequest {
  url: URL;
  headers: Record<string, string>;
}

/**
 * Adds the credentials to one request. OAuth is signed here, afresh (new nonce and timestamp) for every attempt and
 * every page: a replayed nonce is refused, and the `Link` header's next-page URL carries a mangled signature.
 */
export function authorize(
  endpoint: WooEndpoint,
  method: string,
  url: URL,
  mode: WooAuthMode,
  credentials: Credentials,
  signatureMethod: OAuthSignatureMethod = "HMAC-SHA256",
): AuthorizedRequest {
  switch (mode) {
    case "basic": {
      const token = Buffer.from(`${credentials.key}:${credentials.secret}`, "utf8").toString("base64");
      return { url, headers: { authorization: `Basic ${token}` } };
    }
    case "query": {
      const signed = new URL(url);
      signed.searchParams.set("consumer_key", credentials.key);
      signed.searchParams.set("consumer_secret", credentials.secret);
      return { url: signed, headers: {} };
    }
    case "oauth": {
      const signed = signOAuthUrl({
        method,
        url,
        baseUrl: oauthBaseUrl(endpoint, url),
        consumerKey: credentials.key,
        consumerSecret: credentials.secret,
        signatureMethod,
      });
      return { url: signed, headers: {} };
    }
  }
}
