import type { z } from "zod";
import { type WooRequestContext, WooTransportError } from "./errors.js";
import { parseRecords } from "./parse-response.js";
import type { QueryParams } from "./request-url.js";
import type { WooTransport } from "./transport.js";

/** WooCommerce's maximum page size; a larger `per_page` is refused with 400. */
export const MAX_PER_PAGE = 100;

export interface WooPage<T> {
  /** 1-based page number. */
  page: number;
  items: T[];
  /**
   * `X-WP-Total` as the server sent it, for progress display only: it may be missing (a cache or WAF strips it) or
   * `"0"` (orders past the last page). Paging never relies on it.
   */
  reportedTotal: number | undefined;
}

export interface PageOptions {
  /** 1 to 100; default 100. */
  perPage?: number | undefined;
  /** Default 1. */
  startPage?: number | undefined;
}

export interface PagedRequest {
  path: string;
  query?: QueryParams | undefined;
  /** Record name for messages: `"order"`. */
  name: string;
  resource?: string | undefined;
}

/**
 * Walks a collection page by page until a short or empty page. Every page is a fresh, freshly signed request (the
 * `Link` header is never followed: under OAuth its signature is mangled), and the totals headers are never trusted.
 * Pages that merely repeat the previous one (a cache ignoring `page`) stop the walk with an error instead of looping.
 */
export async function* paginate<S extends z.ZodType>(
  transport: WooTransport,
  request: PagedRequest,
  schema: S,
  options: PageOptions = {},
): AsyncGenerator<WooPage<z.output<S>>, void, undefined> {
  const perPage = options.perPage ?? MAX_PER_PAGE;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw new RangeError(`perPage must be an integer from 1 to ${MAX_PER_PAGE}, got ${perPage}`);
  }
  let previousIds: Set<unknown> | undefined;
  for (let page = options.startPage ?? 1; ; page++) {
    const query = { ...request.query, per_page: perPage, page };
    const ctx: WooRequestContext = {
      method: "GET",
      path: request.path,
      resource: `${request.resource ?? `${request.name} list`}, page ${page}`,
    };
    const response = await transport.request({ method: "GET", path: request.path, query, resource: ctx.resource });
    const items = parseRecords(ctx, schema, response.body, request.name);
    if (items.length === 0) return;
    const ids = new Set(items.map((item) => (item as { id?: unknown }).id));
    if (previousIds !== undefined && [...ids].every((id) => id !== undefined && previousIds?.has(id))) {
      throw new WooTransportError(
        ctx,
        "bad-body",
        "the store returned the previous page again (a cache ignoring the page parameter?)",
        {
          retryable: false,
          status: response.status,
        },
      );
    }
    previousIds = ids;
    yield { page, items, reportedTotal: readTotal(response.headers.get("x-wp-total")) };
    if (items.length < perPage) return;
  }
}

function readTotal(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** Every item of every page, in order. */
export async function collectAll<T>(pages: AsyncIterable<WooPage<T>>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page.items);
  return all;
}
