import { storeKeyOf } from "../../src/flows/customers/store-key.js";
import { listRuns, parseIsoTime, type RunRecord } from "../../src/store/index.js";
import { emit } from "../emit.js";
import { BENCH_WEBHOOK_SECRET, backdatePollSchedule, type OrdersDaemon, startOrdersDaemon } from "./orders-daemon.js";
import {
  BENCH,
  checkDrained,
  emitLatency,
  emitWooRequests,
  type OrdersBenchRun,
  orderStatesOf,
  percentile,
  placeOrdersAtRate,
  registerOrderWebhooks,
  round,
  sleep,
} from "./orders-phases.js";
import { cpuSecondsOf, cpuSecondsOfCommand } from "./process-cpu.js";
import { ChildRssSampler, statusBytes } from "./process-memory.js";
import { resetSandboxRequests, sandboxRequests } from "./sandbox-child.js";

// The watcher's own queries run on the same PostgreSQL as cpwoo: often enough to fail fast, rarely enough to cost
// nothing; the end of the run is read from the transitions, not from when the watcher noticed it.
const WATCH_MS = 500;
const TIMEOUT_MS = 30 * 60_000;
/** No acknowledgement for this long fails the run (longer than the 2-minute poll period, which picks up stragglers). */
const STALL_MS = 3 * 60_000;

/** Orders of the store in a failed or waiting state, with their reasons, for an error message. */
async function unfinishedOrders(run: OrdersBenchRun, storeId: string, states: readonly string[]): Promise<string[]> {
  const rows = await run.state.db
    .selectFrom("synced_orders")
    .select(["woo_order_id", "state", "reason"])
    .where("store_id", "=", storeId)
    .where("state", "in", states)
    .orderBy("woo_order_id")
    .limit(5)
    .execute();
  return rows.map((o) => `${o.woo_order_id} ${o.state}: ${o.reason ?? ""}`);
}

/**
 * Watches the state store every WATCH_MS until `orders` orders of the store are acknowledged; fails at the first
 * invalid or dead order, when the child exits, after a stall or the timeout. Returns when the last was seen (epoch ms).
 */
async function watchUntilAcknowledged(run: OrdersBenchRun, storeId: string, daemon: OrdersDaemon): Promise<number> {
  let exited: number | null | undefined;
  void daemon.cpwoo.exited.then((code) => {
    exited = code;
  });
  const start = Date.now();
  let lastAck = 0;
  let lastProgressAt = start;
  let lastReport = start;
  const retrying = new Set<string>();
  for (;;) {
    const states = await orderStatesOf(run.state, storeId);
    const now = Date.now();
    const acknowledged = states.get("acknowledged") ?? 0;
    if (acknowledged >= run.orders) return now;
    if ((states.get("invalid") ?? 0) + (states.get("dead") ?? 0) > 0) {
      const failed = await unfinishedOrders(run, storeId, ["invalid", "dead"]);
      throw new Error(
        `orders: ${states.get("invalid") ?? 0} invalid, ${states.get("dead") ?? 0} dead, e.g. ${failed[0]}`,
      );
    }
    if ((states.get("retrying") ?? 0) > 0) {
      for (const o of await unfinishedOrders(run, storeId, ["retrying"]))
        if (!retrying.has(o)) {
          retrying.add(o);
          process.stderr.write(`orders: ${o}\n`);
        }
    }
    if (acknowledged > lastAck) {
      lastAck = acknowledged;
      lastProgressAt = now;
    }
    const stateText = [...states].map(([s, n]) => `${s}=${n}`).join(", ");
    if (exited !== undefined) throw new Error(`cpwoo exited (${exited}) with ${stateText}`);
    if (now - lastProgressAt > STALL_MS || now - start > TIMEOUT_MS) {
      const waiting = await unfinishedOrders(run, storeId, ["received", "staged", "retrying", "created"]);
      throw new Error(`orders: no progress, ${stateText} of ${run.orders}; e.g. ${waiting.join("; ")}`);
    }
    if (now - lastReport >= 10_000) {
      lastReport = now;
      process.stderr.write(`orders: ${acknowledged} acknowledged after ${round((now - start) / 1000)} s\n`);
    }
    await sleep(WATCH_MS);
  }
}

/** The fake store's counts renamed as the in-process counter names them (`GET /orders/{id}`, without /wc/v3). */
function wooRequestsByEndpoint(counts: ReadonlyMap<string, number>): Map<string, number> {
  return new Map([...counts].map(([key, n]) => [key.replace(" /wc/v3/", " /"), n]));
}

function pollRuns(runs: readonly RunRecord[]): RunRecord[] {
  return [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/**
 * The default mode: cpwoo as a retailer runs it, `cpwoo run` compiled to JavaScript, in a child process with only the
 * orders part on. Phase 1 lets its first reconciliation poll fire at start and its OrderWorkers drain; the bench
 * watches the state store, counts Woo requests at the fake store, and samples the child's RSS and CPU. Phase 2 starts
 * a second child (poll off, webhooks on) and reads each order's `created` transition from the state store.
 */
export async function runOrdersInChild(run: OrdersBenchRun): Promise<void> {
  const { orders: ORDERS, sandbox, state } = run;
  const storeId = storeKeyOf(sandbox.url);
  const setup = {
    wooUrl: sandbox.url,
    cpDb: run.cpDbUrl,
    stateDb: run.stateDbUrl,
    workers: run.workers,
    concurrency: run.concurrency,
    batchSize: run.batch,
  };

  // ---- phase 1: the daemon's poll + order workers until every order is acknowledged ----
  await backdatePollSchedule(state.db);
  await resetSandboxRequests(sandbox.url);
  const daemon = await startOrdersDaemon({ ...setup, poll: true, label: "phase1" });
  const rss = new ChildRssSampler(daemon.cpwoo.pid);
  const rssStarted = statusBytes(daemon.cpwoo.pid, "VmRSS");
  // CPU from the moment it listens (its first poll comes after): start-up (loading, migrations, pg-boss's schema on
  // a fresh database) is reported apart.
  const startupCpu = cpuSecondsOf(daemon.cpwoo.pid);
  const postgresCpu0 = cpuSecondsOfCommand("postgres");
  const sandboxCpu0 = cpuSecondsOf(sandbox.child.pid ?? 0);
  let endAt: number;
  let peak: number;
  let cpu: number;
  let postgresCpu: number;
  let sandboxCpu: number;
  let requests: Map<string, number>;
  try {
    endAt = await watchUntilAcknowledged(run, storeId, daemon);
    cpu = cpuSecondsOf(daemon.cpwoo.pid) - startupCpu;
    // Before the child stops: its PostgreSQL backends' CPU leaves the sum when they exit.
    postgresCpu = cpuSecondsOfCommand("postgres") - postgresCpu0;
    sandboxCpu = cpuSecondsOf(sandbox.child.pid ?? 0) - sandboxCpu0;
    requests = wooRequestsByEndpoint(await sandboxRequests(sandbox.url));
    peak = rss.stop();
  } finally {
    rss.stop();
    const code = await daemon.cpwoo.stop();
    if (code !== 0) process.stderr.write(`orders: cpwoo (phase 1) exited with ${code}\n`);
  }
  const polls = pollRuns(await listRuns(state.db, { jobName: "orders.poll" }));
  const firstPoll = polls[0];
  if (firstPoll === undefined) throw new Error("orders: the daemon's run log has no orders.poll run");
  const startAt = parseIsoTime(firstPoll.startedAt).getTime();
  const lastAck = await state.db
    .selectFrom("order_transitions")
    .select((eb) => eb.fn.max("at").as("at"))
    .where("store_id", "=", storeId)
    .where("to_state", "=", "acknowledged")
    .executeTakeFirst();
  // The child's clock (same machine); the watcher only noticed it up to WATCH_MS later.
  if (lastAck?.at) endAt = Math.min(endAt, parseIsoTime(lastAck.at).getTime());
  const seconds = (endAt - startAt) / 1000;
  const documents = await checkDrained(run, storeId);
  const pollNew = firstPoll.counts?.new ?? 0;
  if (pollNew !== ORDERS)
    process.stderr.write(`orders: the first poll recorded ${JSON.stringify(firstPoll.counts)}, not ${ORDERS} new\n`);

  emit(BENCH, "mode_in_process", 0, "flag");
  emit(BENCH, "orders_total", ORDERS, "orders");
  emit(BENCH, "documents_written", documents, "documents");
  emit(BENCH, "workers", run.workers, "workers");
  emit(BENCH, "worker_concurrency", run.concurrency, "orders");
  emit(BENCH, "batch_size", run.batch, "orders");
  emit(BENCH, "startup_seconds", round((startAt - daemon.spawnedAt) / 1000, 2), "s");
  emit(BENCH, "polls", polls.length, "runs");
  emit(BENCH, "first_poll_new", pollNew, "orders");
  if (firstPoll.finishedAt !== null)
    emit(BENCH, "poll_seconds", round((parseIsoTime(firstPoll.finishedAt).getTime() - startAt) / 1000, 2), "s");
  emit(BENCH, "seconds", round(seconds, 2), "s");
  emit(BENCH, "orders_per_second", round(ORDERS / seconds), "orders/s");
  emit(BENCH, "cpwoo_cpu_seconds", round(cpu, 2), "s");
  emit(BENCH, "cpwoo_startup_cpu_seconds", round(startupCpu, 2), "s");
  emit(BENCH, "postgres_cpu_seconds", round(postgresCpu, 2), "s");
  emit(BENCH, "sandbox_cpu_seconds", round(sandboxCpu, 2), "s");
  emitWooRequests(requests, ORDERS);
  emit(BENCH, "rss_started_mb", Math.round(rssStarted / 1048576), "MB");
  emit(BENCH, "peak_rss_mb", Math.round(peak / 1048576), "MB");
  if (run.latencySeconds <= 0) return;

  // ---- phase 2: webhooks at 20 orders/s into a fresh daemon (poll off), placement → `created` transition ----
  const receiver = await startOrdersDaemon({ ...setup, poll: false, label: "phase2" });
  const rss2 = new ChildRssSampler(receiver.cpwoo.pid);
  try {
    await registerOrderWebhooks(run, receiver.address, BENCH_WEBHOOK_SECRET);
    const total = run.rate * run.latencySeconds;
    const placements = await placeOrdersAtRate(run, total);
    const ids = [...placements.placedAt.keys()];
    const writtenAt = new Map<number, number>();
    const receivedAt = new Map<number, number>();
    const waitUntil = Date.now() + 60_000;
    while (Date.now() < waitUntil) {
      // `at` is the child's clock (same machine) as ISO text with milliseconds.
      const rows = await state.db
        .selectFrom("order_transitions")
        .select(["woo_order_id", "to_state", (eb) => eb.fn.min("at").as("at")])
        .where("store_id", "=", storeId)
        .where("to_state", "in", ["received", "created"])
        .where("woo_order_id", "in", ids)
        .groupBy(["woo_order_id", "to_state"])
        .execute();
      for (const row of rows)
        (row.to_state === "created" ? writtenAt : receivedAt).set(row.woo_order_id, parseIsoTime(row.at).getTime());
      if (writtenAt.size >= total) break;
      await sleep(WATCH_MS);
    }
    emitLatency(run, placements, writtenAt);
    // The part of the latency before a worker's turn: placement → recorded by the webhook receiver.
    const intake = [...placements.placedAt].flatMap(([id, t0]) => {
      const t1 = receivedAt.get(id);
      return t1 === undefined ? [] : [t1 - t0];
    });
    intake.sort((a, b) => a - b);
    emit(BENCH, "intake_p50_ms", round(percentile(intake, 50)), "ms");
    emit(BENCH, "intake_p99_ms", round(percentile(intake, 99)), "ms");
    emit(BENCH, "peak_rss_phase2_mb", Math.round(rss2.stop() / 1048576), "MB");
  } finally {
    rss2.stop();
    await receiver.cpwoo.stop();
  }
}
