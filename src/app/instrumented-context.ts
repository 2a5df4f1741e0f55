import { fetch as undiciFetch } from "undici";
import { connectCounterpoint, type CounterpointDb } from "../counterpoint/connect.js";
import type { Metrics } from "../ops/metrics.js";
import { counterpointQueryLog } from "../ops/record-metrics.js";
import { countWooRetries, instrumentWooFetch } from "../ops/woo-metrics.js";
import { WooClient, type WooFetch } from "../woocommerce/index.js";
import type { AppContext } from "./app-context.js";

/**
 * The daemon's view of `ctx`: its own WooCommerce client and Counterpoint connection, built on first use with
 * metrics (requests, errors, retries and durations of both). The state store is `ctx`'s. `close()` closes only
 * what this view built; `ctx` stays its owner's to close.
 */
export function instrumentedAppContext(ctx: AppContext, metrics: Metrics): AppContext {
  const { settings } = ctx;
  let woo: WooClient | undefined;
  let cp: CounterpointDb | undefined;
  // The wrapper hands the client's own keep-alive agent (in `init.dispatcher`) to undici's fetch.
  const fetch: WooFetch = instrumentWooFetch(metrics, (url, init) => undiciFetch(url, init));
  return {
    settings,
    woo: () => {
      woo ??= WooClient.fromSettings(settings.woo, { fetch, onRetry: countWooRetries(metrics) });
      return woo;
    },
    counterpoint: () => {
      if (!settings.counterpoint.db)
        throw new Error("Counterpoint is not configured: set counterpoint.db (CPWOO_CP_DB)");
      cp ??= connectCounterpoint(settings.counterpoint.db, { log: counterpointQueryLog(metrics) });
      return cp;
    },
    state: () => ctx.state(),
    close: async () => {
      await Promise.allSettled([woo?.close(), cp?.destroy()]);
    },
  };
}
