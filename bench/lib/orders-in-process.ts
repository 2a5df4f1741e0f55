import { countingWooClient } from "./counting-woo-client.js";
import { performance } from "node:perf_hooks";
import type { AppContext } from "../../src/app/app-context.js";
import { startOrderService } from "../../src/app/orders-service.js";
import { settingsSchema } from "../../src/config/index.js";
import type { DrainSummary } from "../../src/flows/orders/drain-orders.js";
import type { OrderPorts } from "../../src/flows/orders/order-ports.js";
import { OrderWorker } from "../../src/flows/orders/order-worker.js";
import { pollOrders } from "../../src/flows/orders/poll-orders.js";
import { buildServer } from "../../src/http/build-server.js";
import { createMetrics } from "../../src/ops/metrics.js";
import { emit } from "../emit.js";
import {
  BENCH,
  checkDrained,
  emitLatency,
  emitWooRequests,
  type OrdersBenchRun,
  placeOrdersAtRate,
  registerOrderWebhooks,
  round,
  sleep,
} from "./orders-phases.js";
import { cpuSecondsOf, cpuSecondsOfCommand } from "./process-cpu.js";
import { QueryCounter } from "./query-counter.js";

const STORE_ID = "bench";
const WEBHOOK_SECRET = "whsec_bench";

/** Peak resident memory of this process, sampled (maxRSS would include the loading phase). */
class RssSampler {
  peak = 0;
  private readonly timer = setInterval(() => this.sample(), 100);
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

/**
 * The diagnostic mode (CPWOO_BENCH_ORDER_IN_PROCESS=1): the poll, the OrderWorkers and the webhook service run in the
 * bench process (on tsx, beside the shop loader's data), with a statement counter on both databases and a request
 * counter on the Woo client. Its RSS is the bench's, not cpwoo's; its per-statement figures exist only here.
 */
export async function runOrdersInProcess(run: OrdersBenchRun): Promise<void> {
  const { orders: ORDERS, cp, state, sandbox } = run;
  const credentials = { url: sandbox.url, key: "ck_test", secret: "cs_test" };
  const { woo, requests } = countingWooClient(credentials);
  const settings = settingsSchema.parse({
    woo: { ...credentials, webhookSecret: WEBHOOK_SECRET },
    counterpoint: { db: run.cpDbUrl },
    state: { db: run.stateDbUrl },
    orders: { concurrency: run.concurrency, batchSize: run.batch },
    customers: { taxCodes: { byState: { FL: "FL-Broward" } } },
  });
  const cpQueries = new QueryCounter();
  const stateQueries = new QueryCounter();
  const ports: OrderPorts = {
    woo,
    cp: cp.withPlugin(cpQueries),
    state: { ...state, db: state.db.withPlugin(stateQueries) },
    settings,
    storeId: STORE_ID,
  };
  const closers: Array<() => Promise<unknown>> = [];
  try {
    // ---- phase 1: poll + drain until every order is acknowledged ----
    let acknowledged = 0;
    const failures: string[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const onDrain = (summary: DrainSummary) => {
      for (const o of summary.outcomes) {
        if (o.result === "acknowledged") acknowledged++;
        else if (o.result !== "retrying")
          failures.push(`${o.wooOrderId} ${o.result}: ${"reason" in o ? o.reason : ""}`);
        else process.stderr.write(`orders: ${o.wooOrderId} retrying: ${o.reason}\n`);
      }
      if (acknowledged >= ORDERS || failures.length > 0) done();
    };
    const workers = Array.from({ length: run.workers }, () => new OrderWorker(ports, { idleMs: 100, onDrain }));
    // tsx's loader alone holds ~200 MB of this process (see the catalog bench): printed as a baseline.
    emit(BENCH, "rss_before_drain_mb", Math.round(process.memoryUsage().rss / 1048576), "MB");
    cpQueries.reset();
    stateQueries.reset();
    const rss = new RssSampler();
    const cpu0 = process.cpuUsage();
    const postgresCpu0 = cpuSecondsOfCommand("postgres");
    const sandboxCpu0 = cpuSecondsOf(sandbox.child.pid ?? 0);
    const start = performance.now();
    // Workers drain while the poll still pages, as in the daemon (the poll pages in id order, so their
    // acknowledgements do not shift its pages).
    for (const w of workers) w.start();
    const poll = await pollOrders(ports);
    const pollSeconds = (performance.now() - start) / 1000;
    if (poll.counts.new !== ORDERS)
      failures.push(`the poll recorded ${JSON.stringify(poll.counts)}, not ${ORDERS} new`);
    for (const w of workers) w.wake();
    const progress = setInterval(() => {
      process.stderr.write(
        `orders: ${acknowledged} acknowledged after ${round((performance.now() - start) / 1000)} s\n`,
      );
    }, 10_000);
    const deadline = setTimeout(() => {
      failures.push(`timed out with ${acknowledged} of ${ORDERS} acknowledged`);
      done();
    }, 30 * 60_000);
    if (failures.length > 0) done();
    await finished;
    clearInterval(progress);
    const seconds = (performance.now() - start) / 1000;
    clearTimeout(deadline);
    const cpu = process.cpuUsage(cpu0);
    const postgresCpu = cpuSecondsOfCommand("postgres") - postgresCpu0;
    const sandboxCpu = cpuSecondsOf(sandbox.child.pid ?? 0) - sandboxCpu0;
    await Promise.all(workers.map((w) => w.stop()));
    const peak = rss.stop();
    if (failures.length > 0) throw new Error(`orders: ${failures.length} order(s) failed, e.g. ${failures[0]}`);
    const documents = await checkDrained(run, STORE_ID);

    emit(BENCH, "mode_in_process", 1, "flag");
    emit(BENCH, "orders_total", ORDERS, "orders");
    emit(BENCH, "documents_written", documents, "documents");
    emit(BENCH, "workers", run.workers, "workers");
    emit(BENCH, "worker_concurrency", run.concurrency, "orders");
    emit(BENCH, "batch_size", run.batch, "orders");
    emit(BENCH, "poll_seconds", round(pollSeconds, 2), "s");
    emit(BENCH, "seconds", round(seconds, 2), "s");
    emit(BENCH, "orders_per_second", round(ORDERS / seconds), "orders/s");
    emit(BENCH, "cpwoo_cpu_seconds", round((cpu.user + cpu.system) / 1e6, 2), "s");
    emit(BENCH, "postgres_cpu_seconds", round(postgresCpu, 2), "s");
    emit(BENCH, "sandbox_cpu_seconds", round(sandboxCpu, 2), "s");
    emit(BENCH, "counterpoint_queries_per_order", round(cpQueries.count / ORDERS, 1), "queries/order");
    emit(BENCH, "state_queries_per_order", round(stateQueries.count / ORDERS, 1), "queries/order");
    emit(BENCH, "counterpoint_round_trips_per_order", round(cpQueries.roundTrips / ORDERS, 1), "requests/order");
    emit(BENCH, "state_round_trips_per_order", round(stateQueries.roundTrips / ORDERS, 1), "requests/order");
    for (const [key, n] of [...cpQueries.byTable, ...stateQueries.byTable].sort((a, b) => b[1] - a[1]).slice(0, 40))
      emit(BENCH, `counterpoint_queries_per_order ${key}`, round(n / ORDERS, 2), "queries/order");
    for (const [key, ms] of [...cpQueries.msByTable, ...stateQueries.msByTable]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12))
      emit(BENCH, `query_ms_per_order ${key}`, round(ms / ORDERS, 2), "ms/order");
    emitWooRequests(requests, ORDERS);
    emit(BENCH, "peak_rss_mb", Math.round(peak / 1048576), "MB");
    emit(BENCH, "process_max_rss_mb", Math.round(process.resourceUsage().maxRSS / 1024), "MB");
    if (run.latencySeconds <= 0) return;

    // ---- phase 2: webhooks at 20 orders/s, placement → document written ----
    const ctx: AppContext = {
      settings,
      woo: () => woo,
      counterpoint: () => cp,
      state: () => Promise.resolve(state),
      close: () => Promise.resolve(),
    };
    const service = await startOrderService(ctx, { workers: run.workers, pollIntervalMs: 0 });
    closers.push(() => service.close());
    const written = new Map<number, number>();
    // The service's workers share its ports: this hook sees each document's state reach `created`.
    service.ports.onStep = (step, id) => {
      if (step === "created") written.set(id, Date.now());
    };
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const server = await buildServer({ metrics: createMetrics(), modules: [service.webhookModule(quiet)] });
    closers.push(() => server.close());
    const receiver = await server.listen({ port: 0, host: "127.0.0.1" });
    await registerOrderWebhooks(run, receiver, WEBHOOK_SECRET);
    const total = run.rate * run.latencySeconds;
    const placements = await placeOrdersAtRate(run, total);
    const waitUntil = Date.now() + 60_000;
    while (written.size < total && Date.now() < waitUntil) await sleep(50);
    emitLatency(run, placements, written);
    emit(BENCH, "peak_rss_all_phases_mb", Math.round(process.resourceUsage().maxRSS / 1024), "MB");
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await woo.close();
  }
}
