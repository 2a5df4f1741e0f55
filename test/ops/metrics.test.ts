import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMetrics, type Metrics } from "../../src/ops/metrics.js";
import {
  counterpointQueryLog,
  observeOrderLatency,
  recordCounterpointError,
  recordJobEvent,
} from "../../src/ops/record-metrics.js";
import { useStateStoreSources } from "../../src/ops/state-metrics.js";
import { countWooRetries, instrumentWooFetch, wooResourceOf } from "../../src/ops/woo-metrics.js";
import { isoTime, recordOrderTransition, upsertOrder } from "../../src/store/index.js";
import { WooClient } from "../../src/woocommerce/client.js";
import type { WooFetch, WooFetchResponse } from "../../src/woocommerce/transport.js";
import { testEngines } from "../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "../store/open-migrated-store.js";

async function sample(metrics: Metrics, name: string): Promise<Record<string, number>> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const data = await metric.get();
  return Object.fromEntries(
    data.values.map((v) => [
      `${(v as { metricName?: string }).metricName ?? name}${Object.entries(v.labels)
        .map(([k, l]) => `|${k}=${String(l)}`)
        .join("")}`,
      v.value,
    ]),
  );
}

describe.each(testEngines)("state-store gauges on %s", (engine) => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  it("orders by state and queue depth are read from the state store when scraped", async () => {
    const db = ctx.store.db;
    const metrics = createMetrics();
    expect(await sample(metrics, "cpwoo_orders")).toEqual({});
    useStateStoreSources(metrics, db);
    for (const id of [1, 2, 3]) await upsertOrder(db, { storeId: "main", wooOrderId: id });
    await recordOrderTransition(db, { storeId: "main", wooOrderId: 3, to: "dead", reason: "retries exhausted" });
    const now = isoTime();
    const job = (id: string, name: string, state: string) => ({
      id,
      name,
      payload: "{}",
      state,
      priority: 0,
      attempts: 0,
      retry_limit: 3,
      backoff_base_ms: 1000,
      backoff_max_ms: 60_000,
      lease_seconds: 900,
      singleton_key: null,
      run_after: now,
      claim_token: null,
      lease_expires_at: null,
      last_error: null,
      created_at: now,
      started_at: null,
      finished_at: null,
      updated_at: now,
    });
    await db
      .insertInto("job_queue")
      .values([
        job("a", "stock.push", "created"),
        job("b", "stock.push", "retry"),
        job("c", "stock.push", "active"),
        job("d", "catalog.sync", "completed"),
      ])
      .execute();
    expect(await sample(metrics, "cpwoo_orders")).toEqual({
      "cpwoo_orders|state=received": 2,
      "cpwoo_orders|state=dead": 1,
    });
    expect(await sample(metrics, "cpwoo_queue_depth")).toEqual({
      "cpwoo_queue_depth|queue=stock.push": 2,
      "cpwoo_queue_depth|queue=orders": 2,
    });
    const text = await metrics.registry.metrics();
    expect(text).toContain('cpwoo_orders{state="received"} 2');
    // A broken source leaves the gauge empty instead of failing the scrape.
    metrics.sources.orderStates = () => Promise.reject(new Error("database is locked"));
    expect(await sample(metrics, "cpwoo_orders")).toEqual({});
  });
});

describe("recorders", () => {
  it("times orders from received to acknowledged, ignoring impossible pairs", async () => {
    const metrics = createMetrics();
    observeOrderLatency(metrics, "2026-03-01T12:00:00.000Z", "2026-03-01T12:00:07.000Z");
    observeOrderLatency(metrics, new Date("2026-03-01T12:00:00.000Z"), new Date("2026-03-01T11:00:00.000Z"));
    const s = await sample(metrics, "cpwoo_order_latency_seconds");
    expect(s["cpwoo_order_latency_seconds_count"]).toBe(1);
    expect(s["cpwoo_order_latency_seconds_sum"]).toBe(7);
    expect(s["cpwoo_order_latency_seconds_bucket|le=10"]).toBe(1);
    expect(s["cpwoo_order_latency_seconds_bucket|le=5"]).toBe(0);
  });

  it("counts job outcomes and times completed attempts from queue events", async () => {
    const metrics = createMetrics();
    recordJobEvent(metrics, { type: "job-completed", name: "stock.push", durationMs: 1500 });
    recordJobEvent(metrics, { type: "job-failed", name: "stock.push" });
    recordJobEvent(metrics, { type: "job-dead", name: "orders.process" });
    recordJobEvent(metrics, { type: "schedule-fired" });
    expect(await sample(metrics, "cpwoo_job_runs_total")).toEqual({
      "cpwoo_job_runs_total|job=stock.push|outcome=completed": 1,
      "cpwoo_job_runs_total|job=stock.push|outcome=failed": 1,
      "cpwoo_job_runs_total|job=orders.process|outcome=dead": 1,
    });
    const d = await sample(metrics, "cpwoo_job_duration_seconds");
    expect(d["cpwoo_job_duration_seconds_sum|job=stock.push"]).toBe(1.5);
  });

  it("counts and times Counterpoint queries through Kysely's log hook, and other Counterpoint errors", async () => {
    const metrics = createMetrics();
    const db = new Kysely<Record<string, never>>({
      dialect: new SqliteDialect({ database: new Database(":memory:") }),
      log: counterpointQueryLog(metrics),
    });
    try {
      await sql`select 1`.execute(db);
      await expect(sql`select * from no_such_table`.execute(db)).rejects.toThrow();
    } finally {
      await db.destroy();
    }
    recordCounterpointError(metrics, "connect");
    expect(await sample(metrics, "cpwoo_counterpoint_queries_total")).toEqual({ cpwoo_counterpoint_queries_total: 2 });
    expect(await sample(metrics, "cpwoo_counterpoint_errors_total")).toEqual({
      "cpwoo_counterpoint_errors_total|operation=query": 1,
      "cpwoo_counterpoint_errors_total|operation=connect": 1,
    });
    expect(
      (await sample(metrics, "cpwoo_counterpoint_query_duration_seconds"))[
        "cpwoo_counterpoint_query_duration_seconds_count"
      ],
    ).toBe(2);
  });
});

describe("WooCommerce call metrics", () => {
  it("names the resource of a request URL", () => {
    expect(wooResourceOf("https://shop.example/wp-json/wc/v3/orders/25?page=2")).toBe("orders");
    expect(wooResourceOf("https://shop.example/?rest_route=/wc/v3/products/batch")).toBe("products");
    expect(wooResourceOf("/system_status")).toBe("system_status");
    expect(wooResourceOf("/orders/25/notes")).toBe("orders");
    expect(wooResourceOf("https://shop.example/wp-json/wc/v3/system_status")).toBe("system_status");
  });

  it("counts every attempt of the real client by status, errors by kind, and retries", async () => {
    const metrics = createMetrics();
    const answers: Array<WooFetchResponse | Error> = [
      { status: 503, headers: { get: () => null }, text: () => Promise.resolve("busy") },
      new Error("socket hang up"),
      {
        status: 200,
        headers: { get: () => null },
        text: () => Promise.resolve(JSON.stringify({ environment: { version: "9.6.0" } })),
      },
      {
        status: 401,
        headers: { get: () => null },
        text: () =>
          Promise.resolve(
            JSON.stringify({ code: "woocommerce_rest_cannot_view", message: "no", data: { status: 401 } }),
          ),
      },
    ];
    const fake: WooFetch = () => {
      const next = answers.shift() ?? new Error("no more answers");
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    };
    const client = new WooClient({
      url: "https://shop.example",
      key: "ck_test",
      secret: "cs_test",
      maxRetries: 3,
      fetch: instrumentWooFetch(metrics, fake),
      onRetry: countWooRetries(metrics),
      sleep: () => Promise.resolve(),
    });
    try {
      await client.systemStatus();
      await expect(client.systemStatus()).rejects.toThrow();
    } finally {
      await client.close();
    }
    expect(await sample(metrics, "cpwoo_woo_requests_total")).toEqual({
      "cpwoo_woo_requests_total|method=GET|resource=system_status|status=503": 1,
      "cpwoo_woo_requests_total|method=GET|resource=system_status|status=error": 1,
      "cpwoo_woo_requests_total|method=GET|resource=system_status|status=200": 1,
      "cpwoo_woo_requests_total|method=GET|resource=system_status|status=401": 1,
    });
    expect(await sample(metrics, "cpwoo_woo_errors_total")).toEqual({
      "cpwoo_woo_errors_total|method=GET|resource=system_status|kind=http_5xx": 1,
      "cpwoo_woo_errors_total|method=GET|resource=system_status|kind=network": 1,
      "cpwoo_woo_errors_total|method=GET|resource=system_status|kind=http_4xx": 1,
    });
    expect(await sample(metrics, "cpwoo_woo_retries_total")).toEqual({
      "cpwoo_woo_retries_total|method=GET|resource=system_status": 2,
    });
    expect(
      (await sample(metrics, "cpwoo_woo_request_duration_seconds"))[
        "cpwoo_woo_request_duration_seconds_count|method=GET|resource=system_status"
      ],
    ).toBe(4);
  });
});
