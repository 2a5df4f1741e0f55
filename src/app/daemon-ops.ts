import { sql } from "kysely";
import { redactDatabaseUrl } from "../config/index.js";
import { engineOf, nowSql } from "../counterpoint/dialect.js";
import type { DrainSummary } from "../flows/orders/drain-orders.js";
import { AlertManager } from "../ops/alerts.js";
import { checkHealth } from "../ops/check-health.js";
import type { HealthFacts, HealthReport } from "../ops/health.js";
import type { ReachabilityProbe } from "../ops/health-facts.js";
import type { Metrics } from "../ops/metrics.js";
import { observeOrderLatency } from "../ops/record-metrics.js";
import type { StateDb } from "../store/index.js";
import { WooClient } from "../woocommerce/index.js";
import type { AppContext } from "./app-context.js";

export interface HealthCheckResult {
  report: HealthReport;
  facts: HealthFacts;
}

/** The daemon's health: one evaluation shared for `ops.health.cacheSeconds` by `GET /health` and the alerts. */
export interface DaemonHealth {
  check(): Promise<HealthCheckResult>;
  close(): Promise<void>;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Cheap reachability probes for a process that asks often: one authenticated one-webhook page from WooCommerce
 * (a small table on any store; no retries, the probe timeout) and the database clock from Counterpoint on the daemon's own connection. The
 * doctor's full schema check stays with `cpwoo health` and `cpwoo doctor`.
 */
export function cheapProbes(ctx: AppContext): {
  woocommerce: ReachabilityProbe;
  counterpoint: ReachabilityProbe;
  close(): Promise<void>;
} {
  const { settings } = ctx;
  const woo = settings.woo;
  let client: WooClient | undefined;
  return {
    woocommerce: async () => {
      if (!woo.url || !woo.key || !woo.secret) return { ok: false, detail: "not configured: set woo.url, key, secret" };
      client ??= new WooClient({
        ...woo,
        url: woo.url,
        key: woo.key,
        secret: woo.secret,
        maxRetries: 0,
        timeoutMs: settings.ops.health.probeTimeoutMs,
      });
      const res = await client.transport.request({
        method: "GET",
        path: "/webhooks",
        query: { per_page: 1 },
        resource: "webhooks",
      });
      return { ok: true, detail: `${woo.url} answers (HTTP ${res.status}, auth ${client.transport.authMode})` };
    },
    counterpoint: async () => {
      const url = settings.counterpoint.db;
      if (!url) return { ok: false, detail: "not configured: set counterpoint.db (CPWOO_CP_DB)" };
      const db = ctx.counterpoint();
      try {
        await sql`select ${nowSql(engineOf(db))} as now`.execute(db);
      } catch (err) {
        throw new Error(`${redactDatabaseUrl(url)}: ${messageOf(err)}`);
      }
      return { ok: true, detail: `${redactDatabaseUrl(url)} answers` };
    },
    close: async () => {
      await client?.close();
    },
  };
}

/** Health as `cpwoo health` judges it (same facts, thresholds and report), with cheap probes and a short cache. */
export function daemonHealth(ctx: AppContext, db: StateDb): DaemonHealth {
  const thresholds = ctx.settings.ops.health;
  const cacheMs = thresholds.cacheSeconds * 1000;
  const probes = cheapProbes(ctx);
  let cached: { at: number; result: Promise<HealthCheckResult> } | undefined;
  return {
    check() {
      const now = Date.now();
      if (cached && now - cached.at < cacheMs) return cached.result;
      const result = checkHealth({ db, probes }, thresholds);
      const entry = { at: now, result };
      cached = entry;
      // A failed read is not kept: the next caller tries again.
      result.catch(() => {
        if (cached === entry) cached = undefined;
      });
      return result;
    },
    close: () => probes.close(),
  };
}

export interface AlertLoop {
  stop(): Promise<void>;
}

/**
 * Evaluates the alerts every `ops.alerts.evaluateEverySeconds` (the first time at once), when alerts are set up;
 * null when they are not. The manager's compare-and-set keeps several daemons from mailing the same thing twice.
 */
export function startAlertLoop(options: {
  ctx: AppContext;
  db: StateDb;
  health: DaemonHealth;
  onError: (error: Error) => void;
  onSent?: (kind: string, subject: string) => void;
}): AlertLoop | null {
  const { ops } = options.ctx.settings;
  const manager = new AlertManager({
    db: options.db,
    alerts: ops.alerts,
    jobFailuresThreshold: ops.health.jobFailuresWarning,
    onError: options.onError,
  });
  if (!manager.enabled) return null;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = async () => {
    try {
      const { report, facts } = await options.health.check();
      const decision = await manager.evaluate(report, facts);
      if (decision.sent !== null) options.onSent?.(decision.sent, decision.subject ?? "");
    } catch (err) {
      options.onError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = tick().finally(() => {
        if (!stopped) schedule(ops.alerts.evaluateEverySeconds * 1000);
      });
    }, ms);
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      manager.close();
    },
  };
}

/** Observes the received-to-acknowledged latency of the batch's acknowledged orders (received = first seen). */
export async function observeAcknowledged(
  metrics: Metrics,
  db: StateDb,
  storeId: string,
  summary: DrainSummary,
): Promise<void> {
  const ids = summary.outcomes.filter((o) => o.result === "acknowledged").map((o) => o.wooOrderId);
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom("synced_orders")
    .select("created_at")
    .where("store_id", "=", storeId)
    .where("woo_order_id", "in", ids)
    .execute();
  const now = new Date();
  for (const row of rows) observeOrderLatency(metrics, row.created_at, now);
}
