// orders: paid web orders → Counterpoint documents on the PostgreSQL replica (CPWOO_TEST_PG_URL, fresh schemas for
// the replica and the state store), the fake WooCommerce in a child process (so peak RSS and CPU are cpwoo's alone).
// Phase 1: 10,000 paid checkout-like orders loaded with webhooks off, then the reconciliation poll and OrderWorkers
// drain them until every one is acknowledged on the web (orders/s end to end, Woo requests per order, peak RSS).
// Phase 2: the webhook receiver registered for order.created/updated, orders placed through checkout at 20/s for
// 30 s: latency from placement to the document written (p50, p99). Without CPWOO_TEST_PG_URL the run is skipped.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { fetch as undiciFetch } from "undici";
import type { AppContext } from "../src/app/app-context.js";
import { startOrderService } from "../src/app/orders-service.js";
import { settingsSchema } from "../src/config/index.js";
import type { DrainSummary } from "../src/flows/orders/drain-orders.js";
import { refPrefixOf } from "../src/flows/orders/order-ref.js";
import type { OrderPorts } from "../src/flows/orders/order-ports.js";
import { OrderWorker } from "../src/flows/orders/order-worker.js";
import { pollOrders } from "../src/flows/orders/poll-orders.js";
import { buildServer } from "../src/http/build-server.js";
import { createMetrics } from "../src/ops/metrics.js";
import { MIN_CUSTOMERS } from "../src/sandbox/replica/demo-store-rows.js";
import { initDemoStore } from "../src/sandbox/replica/fill-demo-store.js";
import { SeededRandom } from "../src/sandbox/replica/seeded-random.js";
import { placeOrder } from "../src/sandbox/woo/place-order.js";
import { migrateStateStore, openStateStore } from "../src/store/index.js";
import { WooClient } from "../src/woocommerce/index.js";
import { freshDatabase } from "../test/helpers/databases.js";
import { emit } from "./emit.js";
import { randomAddress, randomOrder, seedBenchCatalog, seedShoppers } from "./lib/order-load.js";
import { cpuSecondsOf, cpuSecondsOfCommand } from "./lib/process-cpu.js";
import { QueryCounter } from "./lib/query-counter.js";
import { startSandboxChild } from "./lib/sandbox-child.js";

const BENCH = "orders";
const ORDERS = Number(process.env.CPWOO_BENCH_ORDERS ?? 10_000);
const WORKERS = Number(process.env.CPWOO_BENCH_ORDER_WORKERS ?? 2);
const CONCURRENCY = Number(process.env.CPWOO_BENCH_ORDER_CONCURRENCY ?? 4);
const BATCH = Number(process.env.CPWOO_BENCH_ORDER_BATCH ?? 50);
const ITEMS = Number(process.env.CPWOO_BENCH_ORDER_ITEMS ?? 400);
const RATE = 20;
const LATENCY_SECONDS = Number(process.env.CPWOO_BENCH_ORDER_LATENCY_SECONDS ?? 30);
const STORE_ID = "bench";
// Experiment: index PS_DOC_HDR.REF and TKT_NO (the replica has no secondary indexes; whether Counterpoint has them is
// unknown).
const REF_INDEX = process.env.CPWOO_BENCH_ORDER_REF_INDEX === "1";

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

export default async function ordersBench(): Promise<void> {
  if (!process.env.CPWOO_TEST_PG_URL) {
    process.stderr.write("orders: CPWOO_TEST_PG_URL is not set: the PostgreSQL run is skipped\n");
    return;
  }
  const cpDb = await freshDatabase("postgres");
  const stateDb = await freshDatabase("postgres");
  const { db: cp } = await initDemoStore(cpDb.url, { items: ITEMS, customers: MIN_CUSTOMERS, seed: "bench" });
  if (REF_INDEX) await sql`CREATE INDEX "PS_DOC_HDR_REF" ON "PS_DOC_HDR" ("REF")`.execute(cp);
  if (REF_INDEX) await sql`CREATE INDEX "PS_DOC_HDR_TKT" ON "PS_DOC_HDR" ("TKT_NO")`.execute(cp);
  const state = await openStateStore(stateDb.url);
  await migrateStateStore(state);
  const sandbox = await startSandboxChild();
  const credentials = { url: sandbox.url, key: "ck_test", secret: "cs_test" };
  // The loader's requests are the shop's, not cpwoo's: a separate, uncounted client.
  const loader = new WooClient({ ...credentials, timeoutMs: 120_000 });
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
  const settings = settingsSchema.parse({
    woo: { ...credentials, webhookSecret: "whsec_bench" },
    counterpoint: { db: cpDb.url },
    state: { db: stateDb.url },
    orders: { concurrency: CONCURRENCY, batchSize: BATCH },
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
    // ---- the shop: catalog, shoppers, 10,000 paid orders (no webhook is registered yet) ----
    const r = new SeededRandom("orders-bench");
    const loadStart = performance.now();
    const skus = await seedBenchCatalog(cp, loader);
    const shoppers = await seedShoppers(loader, r, 500);
    for (let at = 0; at < ORDERS; at += 100) {
      const create = Array.from({ length: Math.min(100, ORDERS - at) }, () => randomOrder(r, skus, shoppers, 3_000));
      const result = await loader.orders.batch({ create });
      const refused = result.create.filter((c) => !c.ok);
      if (refused.length > 0)
        throw new Error(`the fake store refused ${refused.length} order(s): ${JSON.stringify(refused[0])}`);
    }
    emit(BENCH, "web_skus", skus.length, "skus");
    emit(BENCH, "load_seconds", round((performance.now() - loadStart) / 1000), "s");

    // ---- phase 1: poll + drain until every order is acknowledged ----
    const refPrefix = refPrefixOf(STORE_ID);
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
    const workers = Array.from({ length: WORKERS }, () => new OrderWorker(ports, { idleMs: 100, onDrain }));
    // tsx's loader alone holds ~200 MB of this process (see the catalog bench): printed as a baseline.
    emit(BENCH, "rss_before_drain_mb", Math.round(process.memoryUsage().rss / 1048576), "MB");
    cpQueries.reset();
    stateQueries.reset();
    const rss = new RssSampler();
    const cpu0 = process.cpuUsage();
    const postgresCpu0 = cpuSecondsOfCommand("postgres");
    const sandboxCpu0 = cpuSecondsOf(sandbox.child.pid ?? 0);
    const start = performance.now();
    // Workers start once the poll has read every page: their acknowledgements modify orders, and the poll pages by
    // offset over date_modified, so an order acknowledged mid-poll shifts the pages and another is skipped until the
    // next poll (seen here: 1 in 500).
    const poll = await pollOrders(ports);
    for (const w of workers) w.start();
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

    const docs = await cp
      .selectFrom("PS_DOC_HDR")
      .select([sql<number>`count(*)`.as("N"), sql<number>`count(distinct "REF")`.as("REFS")])
      .where("REF", "like", `${refPrefix}%`)
      .executeTakeFirstOrThrow();
    const states = await state.db
      .selectFrom("synced_orders")
      .select(["state", sql<number>`count(*)`.as("N")])
      .where("store_id", "=", STORE_ID)
      .groupBy("state")
      .execute();
    const stateText = states.map((s) => `${s.state}=${s.N}`).join(", ");
    if (Number(docs.N) !== ORDERS || Number(docs.REFS) !== ORDERS)
      throw new Error(`expected ${ORDERS} documents, found ${docs.N} (${docs.REFS} distinct references)`);
    if (states.length !== 1 || states[0]?.state !== "acknowledged" || Number(states[0].N) !== ORDERS)
      throw new Error(`expected ${ORDERS} acknowledged orders, the state store has ${stateText}`);
    const totalRequests = [...requests.values()].reduce((a, n) => a + n, 0);

    emit(BENCH, "orders_total", ORDERS, "orders");
    emit(BENCH, "documents_written", Number(docs.N), "documents");
    emit(BENCH, "workers", WORKERS, "workers");
    emit(BENCH, "worker_concurrency", CONCURRENCY, "orders");
    emit(BENCH, "batch_size", BATCH, "orders");
    emit(BENCH, "ref_index", REF_INDEX ? 1 : 0, "flag");
    emit(BENCH, "poll_seconds", round(pollSeconds, 2), "s");
    emit(BENCH, "seconds", round(seconds, 2), "s");
    emit(BENCH, "orders_per_second", round(ORDERS / seconds), "orders/s");
    emit(BENCH, "cpwoo_cpu_seconds", round((cpu.user + cpu.system) / 1e6, 2), "s");
    emit(BENCH, "postgres_cpu_seconds", round(postgresCpu, 2), "s");
    emit(BENCH, "sandbox_cpu_seconds", round(sandboxCpu, 2), "s");
    emit(BENCH, "counterpoint_queries_per_order", round(cpQueries.count / ORDERS, 1), "queries/order");
    emit(BENCH, "state_queries_per_order", round(stateQueries.count / ORDERS, 1), "queries/order");
    for (const [key, n] of [...cpQueries.byTable, ...stateQueries.byTable].sort((a, b) => b[1] - a[1]).slice(0, 40))
      emit(BENCH, `counterpoint_queries_per_order ${key}`, round(n / ORDERS, 2), "queries/order");
    for (const [key, ms] of [...cpQueries.msByTable, ...stateQueries.msByTable]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12))
      emit(BENCH, `query_ms_per_order ${key}`, round(ms / ORDERS, 2), "ms/order");
    emit(BENCH, "woo_requests", totalRequests, "requests");
    emit(BENCH, "woo_requests_per_order", round(totalRequests / ORDERS, 3), "requests/order");
    for (const [endpoint, n] of [...requests].sort()) emit(BENCH, `woo_requests ${endpoint}`, n, "requests");
    emit(BENCH, "peak_rss_mb", Math.round(peak / 1048576), "MB");
    emit(BENCH, "process_max_rss_mb", Math.round(process.resourceUsage().maxRSS / 1024), "MB");

    // ---- phase 2: webhooks at 20 orders/s, placement → document written ----
    const ctx: AppContext = {
      settings,
      woo: () => woo,
      counterpoint: () => cp,
      state: () => Promise.resolve(state),
      close: () => Promise.resolve(),
    };
    const service = await startOrderService(ctx, { workers: WORKERS, pollIntervalMs: 0 });
    closers.push(() => service.close());
    const written = new Map<number, number>();
    // The service's workers share its ports: this hook sees each document's state reach `created`.
    service.ports.onStep = (step, id) => {
      if (step === "created") written.set(id, performance.now());
    };
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const server = await buildServer({ metrics: createMetrics(), modules: [service.webhookModule(quiet)] });
    closers.push(() => server.close());
    const receiver = await server.listen({ port: 0, host: "127.0.0.1" });
    for (const topic of ["order.created", "order.updated"]) {
      await loader.webhooks.create({
        name: `cpwoo ${topic}`,
        topic,
        delivery_url: `${receiver}/webhooks/woocommerce`,
        secret: "whsec_bench",
        status: "active",
      });
    }
    const placedAt = new Map<number, number>();
    const checkoutMs: number[] = [];
    const placing: Promise<void>[] = [];
    const total = RATE * LATENCY_SECONDS;
    const phaseStart = performance.now();
    for (let i = 0; i < total; i++) {
      const due = phaseStart + (i * 1000) / RATE;
      await sleep(Math.max(0, due - performance.now()));
      const order = randomOrder(r, skus, shoppers, 3_000);
      const member = order.customer_id === 0 ? undefined : order.customer_id;
      const address = randomAddress(r);
      placing.push(
        (async () => {
          const t0 = performance.now();
          const placed = await placeOrder({
            url: sandbox.url,
            consumerKey: "ck_test",
            consumerSecret: "cs_test",
            ...(member === undefined
              ? {
                  guest: {
                    email: order.billing?.email ?? "guest@example.com",
                    firstName: address.first_name ?? "Guest",
                    lastName: address.last_name ?? "Buyer",
                    address: `${address.address_1}, ${address.city}, FL ${address.postcode}`,
                    phone: address.phone ?? "",
                  },
                }
              : { customerId: member }),
            lines: (order.line_items ?? []).map((l) => ({ sku: l.sku ?? "", quantity: l.quantity })),
            ...(order.coupon_lines === undefined ? {} : { coupons: order.coupon_lines.map((c) => c.code) }),
            ...(order.shipping_lines?.[0] === undefined
              ? {}
              : { shipping: { methodId: order.shipping_lines[0].method_id, total: order.shipping_lines[0].total } }),
            paid: true,
            paymentMethod: order.payment_method ?? "stripe",
          });
          placedAt.set(placed.id, t0);
          checkoutMs.push(performance.now() - t0);
        })(),
      );
    }
    await Promise.all(placing);
    const waitUntil = performance.now() + 60_000;
    while (written.size < total && performance.now() < waitUntil) await sleep(50);
    const latencies = [...placedAt].flatMap(([id, t0]) => {
      const t1 = written.get(id);
      return t1 === undefined ? [] : [t1 - t0];
    });
    latencies.sort((a, b) => a - b);
    checkoutMs.sort((a, b) => a - b);
    if (latencies.length !== total)
      throw new Error(`phase 2: ${latencies.length} of ${total} placed orders reached a document within 60 s`);
    emit(BENCH, "latency_orders", total, "orders");
    emit(BENCH, "latency_rate", RATE, "orders/s");
    emit(BENCH, "latency_p50_ms", round(percentile(latencies, 50)), "ms");
    emit(BENCH, "latency_p99_ms", round(percentile(latencies, 99)), "ms");
    emit(BENCH, "latency_max_ms", round(latencies[latencies.length - 1] ?? Number.NaN), "ms");
    emit(BENCH, "checkout_p50_ms", round(percentile(checkoutMs, 50)), "ms");
    emit(BENCH, "peak_rss_all_phases_mb", Math.round(process.resourceUsage().maxRSS / 1024), "MB");
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await woo.close();
    await loader.close();
    await sandbox.stop();
    await cp.destroy();
    await state.close();
    await cpDb.drop();
    await stateDb.drop();
  }
}
