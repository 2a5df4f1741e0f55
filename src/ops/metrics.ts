import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * Where gauges read their values when Prometheus scrapes: set by the daemon (see `useStateStoreSources`). Unset
 * sources leave their gauge empty.
 */
export interface MetricSources {
  /** Orders per state. */
  orderStates?: (() => Promise<Readonly<Record<string, number>>>) | undefined;
  /** Work waiting per queue (job names of the embedded queue, and `orders`). */
  queueDepth?: (() => Promise<Readonly<Record<string, number>>>) | undefined;
}

/** The process's Prometheus registry and the metrics cpwoo records; later features add theirs to `registry`. */
export interface Metrics {
  readonly registry: Registry;
  readonly sources: MetricSources;
  readonly httpRequestSeconds: Histogram<"route" | "method" | "status">;
  readonly pricesQuoted: Counter<"source">;
  readonly pricingCacheAgeSeconds: Gauge;
  readonly ordersByState: Gauge<"state">;
  readonly orderLatencySeconds: Histogram;
  readonly queueDepth: Gauge<"queue">;
  readonly wooRequests: Counter<"method" | "resource" | "status">;
  readonly wooRequestSeconds: Histogram<"method" | "resource">;
  readonly wooErrors: Counter<"method" | "resource" | "kind">;
  readonly wooRetries: Counter<"method" | "resource">;
  readonly counterpointQueries: Counter;
  readonly counterpointQuerySeconds: Histogram;
  readonly counterpointErrors: Counter<"operation">;
  readonly jobRuns: Counter<"job" | "outcome">;
  readonly jobDurationSeconds: Histogram<"job">;
}

/** Reads a source into a labelled gauge; a failing read leaves the gauge empty rather than failing the scrape. */
async function fill<L extends string>(
  gauge: Gauge<L>,
  label: L,
  source: (() => Promise<Readonly<Record<string, number>>>) | undefined,
): Promise<void> {
  gauge.reset();
  if (!source) return;
  try {
    const values = await source();
    for (const [key, value] of Object.entries(values)) gauge.set({ [label]: key } as Partial<Record<L, string>>, value);
  } catch {
    // The scrape still answers; health reports a broken state store.
  }
}

/** A fresh registry (one per server, so tests never share counters) with Node's default metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "cpwoo_" });
  const sources: MetricSources = {};
  const registers = [registry];
  return {
    registry,
    sources,
    httpRequestSeconds: new Histogram({
      name: "cpwoo_http_request_duration_seconds",
      help: "HTTP request duration by route, method and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers,
    }),
    pricesQuoted: new Counter({
      name: "cpwoo_prices_quoted_total",
      help: "Item prices answered, by source (rule, regular, error)",
      labelNames: ["source"],
      registers,
    }),
    pricingCacheAgeSeconds: new Gauge({
      name: "cpwoo_pricing_cache_age_seconds",
      help: "Seconds since the price cache was loaded (-1 before the first load)",
      registers,
    }),
    ordersByState: new Gauge({
      name: "cpwoo_orders",
      help: "Synced orders by state (read from the state store at scrape time)",
      labelNames: ["state"],
      registers,
      async collect() {
        await fill(this, "state", sources.orderStates);
      },
    }),
    orderLatencySeconds: new Histogram({
      name: "cpwoo_order_latency_seconds",
      help: "Seconds from an order being received to its Counterpoint document being acknowledged on the web",
      buckets: [1, 2, 5, 10, 30, 60, 120, 300, 900, 3600, 14_400, 86_400],
      registers,
    }),
    queueDepth: new Gauge({
      name: "cpwoo_queue_depth",
      help: "Work waiting, by queue (read at scrape time)",
      labelNames: ["queue"],
      registers,
      async collect() {
        await fill(this, "queue", sources.queueDepth);
      },
    }),
    wooRequests: new Counter({
      name: "cpwoo_woo_requests_total",
      help: "WooCommerce REST requests by method, resource and HTTP status (or `error` when no answer came)",
      labelNames: ["method", "resource", "status"],
      registers,
    }),
    wooRequestSeconds: new Histogram({
      name: "cpwoo_woo_request_duration_seconds",
      help: "WooCommerce REST request duration (one attempt)",
      labelNames: ["method", "resource"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    wooErrors: new Counter({
      name: "cpwoo_woo_errors_total",
      help: "WooCommerce REST attempts that failed: `network` (no answer), `http_4xx`, `http_5xx`",
      labelNames: ["method", "resource", "kind"],
      registers,
    }),
    wooRetries: new Counter({
      name: "cpwoo_woo_retries_total",
      help: "WooCommerce REST requests retried",
      labelNames: ["method", "resource"],
      registers,
    }),
    counterpointQueries: new Counter({
      name: "cpwoo_counterpoint_queries_total",
      help: "Queries run on the Counterpoint database",
      registers,
    }),
    counterpointQuerySeconds: new Histogram({
      name: "cpwoo_counterpoint_query_duration_seconds",
      help: "Counterpoint query duration",
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers,
    }),
    counterpointErrors: new Counter({
      name: "cpwoo_counterpoint_errors_total",
      help: "Counterpoint failures by operation (e.g. query, connect, create-document)",
      labelNames: ["operation"],
      registers,
    }),
    jobRuns: new Counter({
      name: "cpwoo_job_runs_total",
      help: "Job attempts by job and outcome (completed, failed, dead, released)",
      labelNames: ["job", "outcome"],
      registers,
    }),
    jobDurationSeconds: new Histogram({
      name: "cpwoo_job_duration_seconds",
      help: "Duration of completed job attempts",
      labelNames: ["job"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    }),
  };
}
