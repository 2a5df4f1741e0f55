import type { Metrics } from "./metrics.js";

/**
 * "orders" from ".../wp-json/wc/v3/orders/25?…", "...?rest_route=/wc/v3/orders/25" or the client's own path
 * "/orders/25": few label values.
 */
export function wooResourceOf(url: string): string {
  let path = url;
  try {
    const parsed = new URL(url);
    path = parsed.searchParams.get("rest_route") ?? parsed.pathname;
    const match = /\/wc\/v3\/([a-z_-]+)/i.exec(path);
    return match?.[1]?.toLowerCase() ?? "other";
  } catch {
    // Not a URL: a path under wc/v3.
  }
  const match = /^\/([a-z_-]+)/i.exec(path);
  return match?.[1]?.toLowerCase() ?? "other";
}

/**
 * Wraps the fetch the WooCommerce client uses (`WooTransportHooks.fetch`) to count requests by status, errors
 * (no answer, 4xx, 5xx) and time each attempt. The wrapped fetch is called exactly as it would be, so the client
 * passes its own dispatcher through `init` as before.
 */
export function instrumentWooFetch<I extends { method: string }, R extends { status: number }>(
  metrics: Metrics,
  fetch: (url: string, init: I) => Promise<R>,
): (url: string, init: I) => Promise<R> {
  return async (url, init) => {
    const labels = { method: init.method, resource: wooResourceOf(url) };
    const end = metrics.wooRequestSeconds.startTimer(labels);
    try {
      const response = await fetch(url, init);
      metrics.wooRequests.inc({ ...labels, status: String(response.status) });
      if (response.status >= 500) metrics.wooErrors.inc({ ...labels, kind: "http_5xx" });
      else if (response.status >= 400) metrics.wooErrors.inc({ ...labels, kind: "http_4xx" });
      return response;
    } catch (err) {
      metrics.wooRequests.inc({ ...labels, status: "error" });
      metrics.wooErrors.inc({ ...labels, kind: "network" });
      throw err;
    } finally {
      end();
    }
  };
}

/** A `WooTransportHooks.onRetry` that counts retries. */
export function countWooRetries(metrics: Metrics): (event: { method: string; path: string }) => void {
  return (event) => metrics.wooRetries.inc({ method: event.method, resource: wooResourceOf(event.path) });
}
