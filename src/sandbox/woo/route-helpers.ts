import type { PhpArray } from "./php-query.js";
import { genericLink, type PageWindow, paginate } from "./paging.js";
import type { RequestContext, RestResult } from "./rest-app.js";
import { parseWpDate } from "./site-dates.js";
import { WpError } from "./wp-error.js";
import { asInt, isObject } from "./write-helpers.js";

/** Pieces every collection route shares: id parameters, date filters, sorting, paging headers, batches. */

export function idParam(rc: RequestContext, name = "id"): number {
  return Number(rc.params[name] ?? 0);
}

export function numberList(value: unknown): number[] {
  return Array.isArray(value) ? value.map((v) => asInt(v)).filter((n) => n !== 0) : [];
}

/** `after`/`before`/`modified_after`/`modified_before` as epoch bounds (site time unless `dates_are_gmt`). */
export function dateBounds(rc: RequestContext) {
  const gmt = rc.args.dates_are_gmt === true;
  const read = (name: string) => {
    const value = rc.args[name];
    return typeof value === "string" ? parseWpDate(value, rc.site.timeZone, gmt) : null;
  };
  return {
    after: read("after"),
    before: read("before"),
    modifiedAfter: read("modified_after"),
    modifiedBefore: read("modified_before"),
  };
}

export function withinDates(bounds: ReturnType<typeof dateBounds>, created: number, modified: number): boolean {
  if (bounds.after !== null && !(created > bounds.after)) return false;
  if (bounds.before !== null && !(created < bounds.before)) return false;
  if (bounds.modifiedAfter !== null && !(modified > bounds.modifiedAfter)) return false;
  if (bounds.modifiedBefore !== null && !(modified < bounds.modifiedBefore)) return false;
  return true;
}

export type SortKey<T> = (item: T) => number | string;

/** Sorts by a key with the id as tie-breaker in the same direction (WordPress's secondary `ID` order). */
export function sortBy<T extends { id: number }>(items: T[], key: SortKey<T>, order: "asc" | "desc"): T[] {
  const sign = order === "asc" ? 1 : -1;
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === "number" && typeof kb === "number" ? ka - kb : String(ka).localeCompare(String(kb));
    return c !== 0 ? c * sign : (a.id - b.id) * sign;
  });
}

/** Orders by the position in `include` (`orderby=include`). */
export function includeOrder<T extends { id: number }>(include: readonly number[]): SortKey<T> {
  const pos = new Map(include.map((id, i) => [id, i]));
  return (item) => pos.get(item.id) ?? Number.MAX_SAFE_INTEGER;
}

/** A string argument, or the fallback when absent. */
export function argText(rc: RequestContext, name: string, fallback: string): string {
  const value = rc.args[name];
  return typeof value === "string" ? value : fallback;
}

export function pageArgs(rc: RequestContext) {
  return {
    page: asInt(rc.args.page, 1),
    perPage: asInt(rc.args.per_page, 10),
    offset: rc.args.offset === undefined ? undefined : asInt(rc.args.offset),
  };
}

/** A generic WordPress collection answer: the page, totals as strings, prev/next links from the query. */
export function collectionResult<T>(
  rc: RequestContext,
  collectionPath: string,
  all: readonly T[],
  render: (item: T) => unknown,
): RestResult {
  const { page, perPage, offset } = pageArgs(rc);
  const window: PageWindow<T> = paginate(all, page, perPage, offset);
  return {
    status: 200,
    body: window.items.map(render),
    headers: { "X-WP-Total": String(window.total), "X-WP-TotalPages": String(window.totalPages) },
    link: genericLink({
      collectionUrl: `${rc.base}/wp-json/wc/v3${collectionPath}`,
      query: rc.query,
      page,
      totalPages: window.totalPages,
    }),
  };
}

export interface BatchHandlers {
  create?: (item: Record<string, unknown>) => unknown;
  update?: (item: Record<string, unknown>) => unknown;
  delete?: (id: number) => unknown;
  /** The `woocommerce_rest_<type>_exists` error for creates that carry an id. */
  postType: string;
}

/**
 * WooCommerce `batch_items`: at most `batchLimit` items across create, update and delete (else 413 and nothing
 * runs); items run one by one, unvalidated; a failing item becomes `{id, error}`; deletes are forced.
 */
export function runBatch(rc: RequestContext, handlers: BatchHandlers): RestResult {
  const lists = {
    create: Array.isArray(rc.body.create) ? rc.body.create : [],
    update: Array.isArray(rc.body.update) ? rc.body.update : [],
    delete: Array.isArray(rc.body.delete) ? rc.body.delete : [],
  };
  const count = lists.create.length + lists.update.length + lists.delete.length;
  if (count > rc.site.batchLimit) {
    throw new WpError(
      "woocommerce_rest_request_entity_too_large",
      `Unable to accept more than ${rc.site.batchLimit} items for this request.`,
      413,
    );
  }
  const out: Record<string, unknown[]> = {};
  const attempt = (id: number, run: () => unknown) => {
    try {
      return run();
    } catch (e) {
      if (!(e instanceof WpError)) throw e;
      return { id, error: e.toBody() };
    }
  };
  if (lists.create.length > 0 && handlers.create !== undefined) {
    const create = handlers.create;
    out.create = lists.create.map((raw) => {
      const item = isObject(raw) ? raw : {};
      if (asInt(item.id) !== 0) {
        return {
          id: 0,
          error: new WpError(
            `woocommerce_rest_${handlers.postType}_exists`,
            `Cannot create existing ${handlers.postType}.`,
            400,
          ).toBody(),
        };
      }
      return attempt(0, () => create(item));
    });
  }
  if (lists.update.length > 0 && handlers.update !== undefined) {
    const update = handlers.update;
    out.update = lists.update.map((raw) => {
      const item = isObject(raw) ? raw : {};
      return attempt(asInt(item.id), () => update(item));
    });
  }
  if (lists.delete.length > 0 && handlers.delete !== undefined) {
    const del = handlers.delete;
    out.delete = lists.delete.map((raw) => {
      const id = isObject(raw) ? asInt(raw.id) : asInt(raw);
      return attempt(id, () => del(id));
    });
  }
  return { status: 200, body: out };
}

export function queryHas(query: PhpArray, name: string): boolean {
  return query.has(name);
}
