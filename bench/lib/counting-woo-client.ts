import { fetch as undiciFetch } from "undici";
import { WooClient } from "../../src/woocommerce/index.js";

/**
 * A WooCommerce client for a bench's flow that tallies its requests per method and route (`POST /orders/{id}/notes`),
 * in this process (a child process's requests are counted by the fake store instead).
 */
export function countingWooClient(credentials: { url: string; key: string; secret: string }): {
  woo: WooClient;
  requests: Map<string, number>;
} {
  const requests = new Map<string, number>();
  const woo = new WooClient({
    ...credentials,
    timeoutMs: 120_000,
    fetch: (u, init) => {
      const path = new URL(u).pathname.replace(/^.*\/wc\/v3/, "").replace(/\/\d+/g, "/{id}");
      const key = `${init.method} ${path}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      return undiciFetch(u, init);
    },
  });
  return { woo, requests };
}
