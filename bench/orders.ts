// orders: paid web orders → Counterpoint documents on the PostgreSQL replica (CPWOO_TEST_PG_URL, fresh schemas for
// the replica and the state store), the fake WooCommerce in a child process. The shop is loaded first: the catalog,
// 500 shoppers and CPWOO_BENCH_ORDERS (10,000) paid checkout-like orders, with webhooks off.
//
// Default mode: cpwoo as production runs it. The sources are compiled to JavaScript (.cpwoo-tmp/bench-run-<pid>) and
// `cpwoo run` (the daemon, only its orders part on: 2 workers, concurrency 4, batch 50) runs in a child process.
// Phase 1: its reconciliation poll fires at start (as after downtime) and its OrderWorkers drain until every order is
// acknowledged, watched in the state store every 100 ms (orders/s from the poll's start; the child's peak RSS from
// /proc VmRSS samples and VmHWM, its CPU; Woo requests per order counted by the fake store, /__sandbox/requests).
// Phase 2: a second daemon (poll off) with its webhook receiver registered for order.created/updated; orders placed
// through checkout at 20/s for CPWOO_BENCH_ORDER_LATENCY_SECONDS (30; 0 skips it): latency from placement to the
// `created` transition in the state store (p50, p99), and to the `received` one (intake: the webhook's share).
// The children's JSON logs stay in .cpwoo-tmp/bench-run-<pid>/ (phase1.log, phase2.log) until the next run.
// The child gets the Node flags of cpwoo's service definitions (NODE_OPTIONS in src/app/service-definitions.ts), as the
// installed daemon does; CPWOO_BENCH_CHILD_NODE_OPTIONS replaces them (empty: Node's defaults).
//
// CPWOO_BENCH_ORDER_IN_PROCESS=1: the diagnostic mode, the same phases run in the bench process (tsx, beside the
// loader's data, so its RSS is not cpwoo's) with statement counts and times per order on both databases.
// Without CPWOO_TEST_PG_URL the run is skipped.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { MIN_CUSTOMERS } from "../src/sandbox/replica/demo-store-rows.js";
import { initDemoStore } from "../src/sandbox/replica/fill-demo-store.js";
import { SeededRandom } from "../src/sandbox/replica/seeded-random.js";
import { migrateStateStore, openStateStore } from "../src/store/index.js";
import { WooClient } from "../src/woocommerce/index.js";
import { freshDatabase } from "../test/helpers/databases.js";
import { emit } from "./emit.js";
import { compileCpwoo } from "./lib/compiled-cpwoo.js";
import { randomOrder, seedBenchCatalog, seedShoppers } from "./lib/order-load.js";
import { runOrdersInChild } from "./lib/orders-in-child.js";
import { runOrdersInProcess } from "./lib/orders-in-process.js";
import { BENCH, round } from "./lib/orders-phases.js";
import { startSandboxChild } from "./lib/sandbox-child.js";

const ORDERS = Number(process.env.CPWOO_BENCH_ORDERS ?? 10_000);
const WORKERS = Number(process.env.CPWOO_BENCH_ORDER_WORKERS ?? 2);
const CONCURRENCY = Number(process.env.CPWOO_BENCH_ORDER_CONCURRENCY ?? 4);
const BATCH = Number(process.env.CPWOO_BENCH_ORDER_BATCH ?? 50);
const ITEMS = Number(process.env.CPWOO_BENCH_ORDER_ITEMS ?? 400);
const RATE = 20;
const LATENCY_SECONDS = Number(process.env.CPWOO_BENCH_ORDER_LATENCY_SECONDS ?? 30);
const IN_PROCESS = process.env.CPWOO_BENCH_ORDER_IN_PROCESS === "1";
// Experiment: index PS_DOC_HDR.REF and TKT_NO (the replica has no secondary indexes; whether Counterpoint has them is
// unknown).
const REF_INDEX = process.env.CPWOO_BENCH_ORDER_REF_INDEX === "1";

export default async function ordersBench(): Promise<void> {
  if (!process.env.CPWOO_TEST_PG_URL) {
    process.stderr.write("orders: CPWOO_TEST_PG_URL is not set: the PostgreSQL run is skipped\n");
    return;
  }
  // First, so that a compile error stops the run before the shop is loaded.
  if (!IN_PROCESS) compileCpwoo();
  const cpDb = await freshDatabase("postgres");
  const stateDb = await freshDatabase("postgres");
  const { db: cp } = await initDemoStore(cpDb.url, { items: ITEMS, customers: MIN_CUSTOMERS, seed: "bench" });
  if (REF_INDEX) await sql`CREATE INDEX "PS_DOC_HDR_REF" ON "PS_DOC_HDR" ("REF")`.execute(cp);
  if (REF_INDEX) await sql`CREATE INDEX "PS_DOC_HDR_TKT" ON "PS_DOC_HDR" ("TKT_NO")`.execute(cp);
  const state = await openStateStore(stateDb.url);
  await migrateStateStore(state);
  const sandbox = await startSandboxChild();
  // The loader's requests are the shop's, not cpwoo's.
  const loader = new WooClient({ url: sandbox.url, key: "ck_test", secret: "cs_test", timeoutMs: 120_000 });
  try {
    // ---- the shop: catalog, shoppers, paid orders (no webhook is registered yet) ----
    const random = new SeededRandom("orders-bench");
    const loadStart = performance.now();
    const skus = await seedBenchCatalog(cp, loader);
    const shoppers = await seedShoppers(loader, random, 500);
    for (let at = 0; at < ORDERS; at += 100) {
      const create = Array.from({ length: Math.min(100, ORDERS - at) }, () =>
        randomOrder(random, skus, shoppers, 3_000),
      );
      const result = await loader.orders.batch({ create });
      const refused = result.create.filter((c) => !c.ok);
      if (refused.length > 0)
        throw new Error(`the fake store refused ${refused.length} order(s): ${JSON.stringify(refused[0])}`);
    }
    emit(BENCH, "web_skus", skus.length, "skus");
    emit(BENCH, "load_seconds", round((performance.now() - loadStart) / 1000), "s");
    emit(BENCH, "ref_index", REF_INDEX ? 1 : 0, "flag");

    const run = {
      orders: ORDERS,
      workers: WORKERS,
      concurrency: CONCURRENCY,
      batch: BATCH,
      rate: RATE,
      latencySeconds: LATENCY_SECONDS,
      cp,
      cpDbUrl: cpDb.url,
      state,
      stateDbUrl: stateDb.url,
      sandbox,
      loader,
      random,
      skus,
      shoppers,
    };
    if (IN_PROCESS) await runOrdersInProcess(run);
    else await runOrdersInChild(run);
  } finally {
    await loader.close();
    await sandbox.stop();
    await cp.destroy();
    await state.close();
    await cpDb.drop();
    await stateDb.drop();
  }
}
