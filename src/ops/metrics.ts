import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The process's Prometheus registry and the metrics cpwoo records; later features add theirs to `registry`. */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequestSeconds: Histogram<"route" | "method" | "status">;
  readonly pricesQuoted: Counter<"source">;
  readonly pricingCacheAgeSeconds: Gauge;
}

/** A fresh registry (one per server, so tests never share counters) with Node's default metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "cpwoo_" });
  return {
    registry,
    httpRequestSeconds: new Histogram({
      name: "cpwoo_http_request_duration_seconds",
      help: "HTTP request duration by route, method and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers: [registry],
    }),
    pricesQuoted: new Counter({
      name: "cpwoo_prices_quoted_total",
      help: "Item prices answered, by source (rule, regular, error)",
      labelNames: ["source"],
      registers: [registry],
    }),
    pricingCacheAgeSeconds: new Gauge({
      name: "cpwoo_pricing_cache_age_seconds",
      help: "Seconds since the price cache was loaded (-1 before the first load)",
      registers: [registry],
    }),
  };
}
