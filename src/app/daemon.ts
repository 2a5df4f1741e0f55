import type { FastifyBaseLogger, FastifyServerOptions } from "fastify";
import type { DrainSummary } from "../flows/orders/drain-orders.js";
import type { OrderLog } from "../flows/orders/order-ports.js";
import { buildServer, type CpwooServer, type ServerModule } from "../http/build-server.js";
import type { HealthCheck } from "../http/ops-routes.js";
import type { WebhookLog } from "../http/webhook-routes.js";
import {
  createEmbeddedJobQueue,
  createPgBossJobQueue,
  errorText,
  type JobContext,
  type JobOutcome,
  type JobQueue,
  type JobQueueEvent,
  stderrListener,
} from "../jobs/index.js";
import { createMetrics, type Metrics } from "../ops/metrics.js";
import { recordJobEvent } from "../ops/record-metrics.js";
import { useStateStoreSources } from "../ops/state-metrics.js";
import { finishRun, migrateStateStore, type StateStore, startRun } from "../store/index.js";
import type { AppContext } from "./app-context.js";
import { type AlertLoop, daemonHealth, observeAcknowledged, startAlertLoop } from "./daemon-ops.js";
import { type DaemonJobName, type DaemonRegistry, daemonJobs, daemonSchedules } from "./daemon-jobs.js";
import { processOwner, type RecoverySummary, recoverDeadProcesses } from "./daemon-recovery.js";
import { instrumentedAppContext } from "./instrumented-context.js";
import { type OrderService, startOrderService } from "./orders-service.js";
import { createPricingModule, type PricingModule } from "./pricing-service.js";

/** The job name order-worker batches are logged under (they are not queue jobs: orders are their own queue). */
export const ORDER_DRAIN_JOB = "orders.drain";

/** One finished run of a job (also in the run log): what health checks, alerts and the CLI's log line need. */
export interface JobRunReport {
  job: DaemonJobName | typeof ORDER_DRAIN_JOB;
  runId: string;
  /** The queue job; null for order-worker batches. */
  jobId: string | null;
  attempt: number;
  maxAttempts: number;
  status: "succeeded" | "failed";
  counts: Readonly<Record<string, number>>;
  error?: string;
  startedAt: Date;
  durationMs: number;
}

export interface DaemonOptions {
  /** Fastify logger option (pino); default off. Ignored when `log` is given. */
  logger?: FastifyServerOptions["logger"];
  /** The process's logger (`cpwoo run`'s ops logger): the HTTP server's, and where alert and health errors go. */
  log?: FastifyBaseLogger;
  /** The process's metrics (default a fresh registry); /metrics serves it. */
  metrics?: Metrics;
  /** More /health parts (the pricing cache's is added when the pricing API is on). */
  health?: Readonly<Record<string, HealthCheck>>;
  /** Hook for logs, health and alerts: called once per finished job run and per order batch that claimed orders. */
  onJobRun?: (run: JobRunReport) => void;
  /** Raw queue events (retries, dead letters, schedule fires, background errors). Default: errors to stderr. */
  onQueueEvent?: (event: JobQueueEvent) => void;
  /** The orders flow's log (poll and worker warnings). */
  orderLog?: OrderLog;
  /** Listen on `settings.http` (default true). */
  listen?: boolean;
}

export interface Daemon {
  server: CpwooServer;
  queue: JobQueue<DaemonRegistry>;
  orders: OrderService;
  /** The listening address (`http://host:port`), null when not listening. */
  address: string | null;
  /** What was cleaned up after dead processes of this host at start. */
  recovery: RecoverySummary;
  /** Stops taking work (HTTP, schedules, job and order workers), lets running work finish or gives it back. */
  close(): Promise<void>;
}

/** pg-boss lives beside the state tables: in the schema the URL's search_path names, else "pgboss". */
export function pgBossSchemaOf(url: string): string {
  try {
    const options = new URL(url).searchParams.get("options") ?? "";
    return /search_path=([A-Za-z_][A-Za-z0-9_]*)/.exec(options)?.[1] ?? "pgboss";
  } catch {
    return "pgboss";
  }
}

function createQueue(
  ctx: AppContext,
  state: StateStore,
  registry: DaemonRegistry,
  onEvent: (event: JobQueueEvent) => void,
): JobQueue<DaemonRegistry> {
  const s = ctx.settings.schedules;
  const common = {
    db: state.db,
    registry,
    schedules: daemonSchedules(s),
    onEvent,
    schedulerTickMs: s.schedulerTickMs,
  };
  if (state.engine === "sqlite") return createEmbeddedJobQueue({ ...common, pollIntervalMs: s.queuePollMs });
  return createPgBossJobQueue({
    ...common,
    connectionString: ctx.settings.state.db,
    schema: pgBossSchemaOf(ctx.settings.state.db),
    pollIntervalMs: Math.max(500, s.queuePollMs),
    superviseIntervalSeconds: s.leaseCheckSeconds,
  });
}

function drainCounts(summary: DrainSummary): Record<string, number> {
  const counts: Record<string, number> = { claimed: summary.claimed };
  for (const o of summary.outcomes) counts[o.result] = (counts[o.result] ?? 0) + 1;
  return counts;
}

/**
 * `cpwoo run`: one process with the HTTP server (webhook receiver when `woo.webhookSecret` is set, pricing API when
 * `pricing.enabled`, /health, /metrics), the order workers, and the job queue with a schedule per flow
 * (`schedules` settings). The queue is the embedded one on an SQLite state store and pg-boss on PostgreSQL, where
 * several daemons share the schedules and jobs without doubling them. Every job run writes a run-log row stamped
 * with this process, so a restart can close the runs of a killed predecessor at once.
 */
export async function startDaemon(base: AppContext, options: DaemonOptions = {}): Promise<Daemon> {
  const { settings } = base;
  const s = settings.schedules;
  const metrics = options.metrics ?? createMetrics();
  // Every WooCommerce and Counterpoint call of the daemon is counted and timed.
  const ctx = instrumentedAppContext(base, metrics);
  const state = await ctx.state();
  await migrateStateStore(state);
  const recovery = await recoverDeadProcesses(state.db);
  const owner = processOwner();
  const report = (run: JobRunReport) => {
    try {
      options.onJobRun?.(run);
    } catch (err) {
      process.stderr.write(`[cpwoo run] onJobRun threw: ${(err as Error).message}\n`);
    }
  };
  const listener = options.onQueueEvent ?? stderrListener;
  const onEvent = (event: JobQueueEvent) => {
    recordJobEvent(metrics, event);
    listener(event);
  };
  const background = (what: string) => (error: Error) => {
    if (options.log) options.log.error({ err: error }, `${what}: ${error.message}`);
    else process.stderr.write(`[cpwoo run] ${what}: ${error.message}\n`);
  };
  useStateStoreSources(metrics, state.db);

  const recordDrain = async (summary: DrainSummary, startedAt: Date) => {
    const counts = drainCounts(summary);
    const runId = await startRun(state.db, { jobName: ORDER_DRAIN_JOB, at: startedAt });
    await finishRun(state.db, runId, { status: "succeeded", counts });
    report({
      job: ORDER_DRAIN_JOB,
      runId,
      jobId: null,
      attempt: 1,
      maxAttempts: 1,
      status: "succeeded",
      counts,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
    });
  };
  const orders = await startOrderService(ctx, {
    pollIntervalMs: 0, // the orders.poll job runs the poll on its schedule
    workers: s.orderWorkers,
    leaseMs: s.orderLeaseSeconds * 1000,
    ...(options.orderLog === undefined ? {} : { log: options.orderLog }),
    onDrain: (summary) => {
      if (summary.claimed === 0) return;
      recordDrain(summary, new Date()).catch((err: unknown) =>
        onEvent({ type: "error", source: "orders run log", error: err as Error }),
      );
      observeAcknowledged(metrics, state.db, orders.ports.storeId, summary).catch(background("order latency"));
    },
  });

  const health = daemonHealth(ctx, state.db);
  const started: Array<() => Promise<unknown>> = [() => ctx.close(), () => health.close(), () => orders.close()];
  const stopStarted = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
  };
  try {
    let server: CpwooServer | null = null;
    const modules: ServerModule[] = [];
    const checks: Record<string, HealthCheck> = { ...options.health };
    if (settings.woo.webhookSecret !== undefined) {
      // The route logs through the server's logger, which exists only once the server is built.
      const webhookLog: WebhookLog = {
        info: (obj, msg) => server?.log.info(obj, msg),
        warn: (obj, msg) => server?.log.warn(obj, msg),
        error: (obj, msg) => server?.log.error(obj, msg),
      };
      modules.push(orders.webhookModule(webhookLog));
    }
    let pricing: PricingModule | null = null;
    if (settings.pricing.enabled) {
      pricing = await createPricingModule(ctx, metrics);
      modules.push(pricing.module);
      checks.pricing = pricing.health;
    }
    server = await buildServer({
      logger: options.logger ?? false,
      loggerInstance: options.log,
      metrics,
      modules,
      health: checks,
      healthReport: async () => (await health.check()).report,
    });
    const built = server;
    started.push(() => built.close());
    if (pricing) {
      const p = pricing;
      await p.start(built.log);
      started.push(() => p.stop());
    }

    const registry = daemonJobs({
      ctx,
      state,
      orders,
      async around(job, context: JobContext, work): Promise<JobOutcome> {
        const startedAt = new Date();
        await state.db.updateTable("run_log").set({ owner }).where("run_id", "=", context.runId).execute();
        const base = {
          job,
          runId: context.runId,
          jobId: context.jobId,
          attempt: context.attempt,
          maxAttempts: context.maxAttempts,
          startedAt,
        };
        try {
          const outcome = await work();
          const counts = outcome.counts ?? {};
          report({ ...base, status: "succeeded", counts, durationMs: Date.now() - startedAt.getTime() });
          return outcome;
        } catch (err) {
          const error = errorText(err);
          report({ ...base, status: "failed", counts: {}, error, durationMs: Date.now() - startedAt.getTime() });
          throw err;
        }
      },
    });
    const queue = createQueue(ctx, state, registry, onEvent);
    await queue.start();
    started.push(() => queue.stop({ timeoutMs: s.shutdownGraceSeconds * 1000 }));

    const alerts: AlertLoop | null = startAlertLoop({
      ctx,
      db: state.db,
      health,
      onError: background("alerts"),
      onSent: (kind, subject) =>
        options.log?.info({ event: "alert-mail", kind }, `alert mail sent (${kind}): ${subject}`),
    });
    if (alerts) started.push(() => alerts.stop());

    const address =
      options.listen === false ? null : await built.listen({ host: settings.http.host, port: settings.http.port });

    let closing: Promise<void> | null = null;
    return {
      server: built,
      queue,
      orders,
      address,
      recovery,
      close: () => {
        closing ??= (async () => {
          // No new deliveries first; then the queue and the order workers finish (or give back) what they hold.
          await built.close();
          await Promise.allSettled([
            queue.stop({ timeoutMs: s.shutdownGraceSeconds * 1000 }),
            orders.close(),
            pricing?.stop(),
            alerts?.stop(),
          ]);
          // Last: the work above may still call WooCommerce or Counterpoint while it finishes.
          await Promise.allSettled([health.close(), ctx.close()]);
        })();
        return closing;
      },
    };
  } catch (err) {
    await stopStarted();
    throw err;
  }
}
