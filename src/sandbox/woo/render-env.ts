import { money, toMoneyString } from "../../money/index.js";
import type { CatalogIndex } from "./catalog-index.js";
import type { SiteSettings } from "./site.js";
import { gmtDate, siteDate } from "./site-dates.js";
import type { WooStore } from "./woo-store.js";

/** Everything a renderer needs to turn a record into WooCommerce's JSON for one request. */
export interface RenderEnv {
  store: WooStore;
  catalog: CatalogIndex;
  site: SiteSettings;
  /** Scheme + host + port for links (`https://127.0.0.1:8089`). */
  base: string;
  context: "view" | "edit";
  /** Decimals for order and refund money (`dp`, the store setting by default). */
  dp: number;
  now: number;
}

export function apiUrl(env: RenderEnv, path: string): string {
  return `${env.base}/wp-json/wc/v3${path}`;
}

export function selfLink(env: RenderEnv, path: string, allow: readonly string[]) {
  return [{ href: apiUrl(env, path), targetHints: { allow: [...allow] } }];
}

export const ALLOW_ALL = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const ALLOW_READ_DELETE = ["GET", "DELETE"] as const;

export function hrefs(env: RenderEnv, path: string) {
  return [{ href: apiUrl(env, path) }];
}

/** The pair of a date field: site-local and UTC, or nulls. */
export function dates(env: RenderEnv, epoch: number | null): [string | null, string | null] {
  if (epoch === null) return [null, null];
  return [siteDate(epoch, env.site.timeZone), gmtDate(epoch)];
}

/** An order/refund amount: decimal text from the store, shown with `dp` decimals. */
export function amount(env: RenderEnv, value: string): string {
  return toMoneyString(money(value), env.dp);
}

/** A negative amount as refunds show it ("-16.00"); zero stays "0.00". */
export function negated(env: RenderEnv, value: string): string {
  const m = money(value);
  return toMoneyString(m.isZero() ? m : m.negated(), env.dp);
}
