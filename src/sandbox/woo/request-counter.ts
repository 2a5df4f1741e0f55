import type { FastifyInstance } from "fastify";

/**
 * The route a request is counted under: its method and path without the query string or the `/wp-json` prefix (the
 * `rest_route` parameter for plain permalinks), numeric segments as `{id}`: `GET /wc/v3/orders/{id}/notes`.
 */
export function requestKey(method: string, url: string): string {
  const q = url.indexOf("?");
  let path = q < 0 ? url : url.slice(0, q);
  if (q >= 0 && (path === "/" || path === "/index.php")) {
    const restRoute = new URLSearchParams(url.slice(q + 1)).get("rest_route");
    if (restRoute !== null) path = restRoute;
  }
  if (path.startsWith("/wp-json/")) path = path.slice("/wp-json".length);
  return `${method.toUpperCase()} ${path.replace(/\/\d+(?=\/|$)/g, "/{id}")}`;
}

/**
 * Counts the requests the sandbox receives per method and route, so that a client in another process (the orders
 * benchmark's cpwoo child) can be measured from the store's side. Requests under `/__sandbox/` are not counted.
 */
export class RequestCounter {
  private readonly counts = new Map<string, number>();

  count(method: string, url: string): void {
    const key = requestKey(method, url);
    if (key.includes(" /__sandbox/")) return;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Counts so far, by `METHOD /route`, sorted by key. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Forgets every count; returns how many requests had been counted. */
  reset(): number {
    const total = [...this.counts.values()].reduce((a, n) => a + n, 0);
    this.counts.clear();
    return total;
  }

  /**
   * Adds the counting hook and `/__sandbox/requests` to the sandbox's Fastify app (before it listens):
   * `GET` → `{"requests": {"GET /wc/v3/orders": 3, …}}`; `DELETE` clears → `{"cleared": total}`.
   */
  install(app: FastifyInstance): void {
    app.addHook("onRequest", (request, _reply, done) => {
      this.count(request.method, request.url);
      done();
    });
    app.get("/__sandbox/requests", (_request, reply) => reply.send({ requests: this.snapshot() }));
    app.delete("/__sandbox/requests", (_request, reply) => reply.send({ cleared: this.reset() }));
  }
}
