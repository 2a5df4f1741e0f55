import { buildPhpQuery, type PhpArray, type PhpValue, phpUrlEncode } from "./php-query.js";

/**
 * Collection paging as WordPress answers it: `X-WP-Total` / `X-WP-TotalPages` as strings and a `Link` header with
 * only `prev`/`next` (or the API discovery link when there is neither). Two flavours:
 *
 * - generic (products, customers, categories, …): the request's own query string, `page` replaced in place or
 *   appended; `prev` is capped at the last page;
 * - orders (HPOS): `status` re-serialised as `status[0]=…` after the other parameters, `dp=2&context=view` added when
 *   the page had items, and — past the end — totals of "0" and a `prev` pointing at `page=0` (recorded/README.md).
 *
 * Under OAuth the links repeat the `oauth_*` parameters with the signature damaged (`+` raw, `=` dropped), as
 * WooCommerce does; clients must sign each page afresh.
 */

export interface PageWindow<T> {
  items: T[];
  total: number;
  totalPages: number;
}

export function paginate<T>(all: readonly T[], page: number, perPage: number, offset?: number): PageWindow<T> {
  const start = offset !== undefined ? offset : (page - 1) * perPage;
  const total = all.length;
  const totalPages = Math.ceil(total / perPage);
  return { items: all.slice(Math.max(0, start), Math.max(0, start) + perPage), total, totalPages };
}

function encodeValue(key: string, value: string): string {
  if (key !== "oauth_signature") return phpUrlEncode(value);
  return phpUrlEncode(value.replace(/=+$/, "")).replace(/%2B/g, "+");
}

function encodeParams(params: ReadonlyArray<readonly [string, PhpValue]>): string {
  return params
    .map(([k, v]) => (typeof v === "string" ? `${phpUrlEncode(k)}=${encodeValue(k, v)}` : buildPhpQuery([[k, v]])))
    .join("&");
}

function withPage(params: ReadonlyArray<readonly [string, PhpValue]>, page: number, appendAtEnd: boolean) {
  const out = params.map(([k, v]) => [k, k === "page" ? String(page) : v] as const);
  if (appendAtEnd && !params.some(([k]) => k === "page")) out.push(["page", String(page)]);
  return out;
}

export interface LinkRequest {
  /** Collection URL without query, e.g. `https://127.0.0.1:8089/wp-json/wc/v3/products`. */
  collectionUrl: string;
  /** The request's query parameters as PHP parsed them, in order. */
  query: PhpArray;
  page: number;
  totalPages: number;
}

export function genericLink(req: LinkRequest): string | null {
  const params = [...req.query].filter(([k]) => k !== "rest_route");
  const parts: string[] = [];
  if (req.page > 1) {
    const prev = Math.min(req.page - 1, req.totalPages);
    parts.push(`<${req.collectionUrl}?${encodeParams(withPage(params, prev, true))}>; rel="prev"`);
  }
  if (req.totalPages > req.page) {
    parts.push(`<${req.collectionUrl}?${encodeParams(withPage(params, req.page + 1, true))}>; rel="next"`);
  }
  return parts.length === 0 ? null : parts.join(", ");
}

export interface OrdersLinkRequest extends LinkRequest {
  /** The parsed `status` filter when the request had one. */
  statuses: readonly string[] | null;
  pageHadItems: boolean;
}

export function ordersLink(req: OrdersLinkRequest): string | null {
  const build = (page: number): string => {
    const base = [...req.query].filter(([k]) => k !== "rest_route" && k !== "status");
    const hadPage = base.some(([k]) => k === "page");
    const params: Array<readonly [string, PhpValue]> = withPage(base, page, false);
    if (req.statuses !== null) {
      params.push(["status", new Map(req.statuses.map((s, i) => [String(i), s] as const))]);
    }
    if (req.pageHadItems) {
      if (!base.some(([k]) => k === "dp")) params.push(["dp", "2"]);
      if (!base.some(([k]) => k === "context")) params.push(["context", "view"]);
    }
    if (!hadPage) params.push(["page", String(page)]);
    return `${req.collectionUrl}?${encodeParams(params)}`;
  };
  const parts: string[] = [];
  if (req.page > 1) parts.push(`<${build(Math.min(req.page - 1, req.totalPages))}>; rel="prev"`);
  if (req.totalPages > req.page) parts.push(`<${build(req.page + 1)}>; rel="next"`);
  return parts.length === 0 ? null : parts.join(", ");
}
