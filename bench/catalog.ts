// catalog: 50,000 Counterpoint items (the demo generator's share gridded) → the fake WooCommerce. The replica is
// generated and the fake store runs in child processes, so this process's peak RSS is cpwoo's own sync.
// Figures: full sync seconds, Woo requests versus the minimum ⌈records/100⌉ per batch endpoint, peak RSS, a delta
// run with 1% of items changed, and change-to-web latency for one stock change.
// Peak RSS without tsx's loader: `tsc -p . --outDir .cpwoo-tmp/catalog-dist` then, from the checkout,
// `node [--max-semi-space-size=16 --max-old-space-size=256] -e 'import("./.cpwoo-tmp/catalog-dist/bench/catalog.js")
// .then((m) => m.default())'` (the options cap V8's default heap sizing; the live heap stays under ~100 MB).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { getHeapStatistics } from "node:v8";
import { fetch as undiciFetch } from "undici";
import { settingsSchema } from "../src/config/settings.js";
import { connectCounterpoint } from "../src/counterpoint/connect.js";
import { cpDateTimeText } from "../src/counterpoint/datetime.js";
import { type CatalogPorts, syncCatalog, syncInventory } from "../src/flows/catalog/index.js";
import { migrateStateStore, openStateStore } from "../src/store/index.js";
import { WooClient } from "../src/woocommerce/index.js";
import { freshDatabase, type TestDatabase } from "../test/helpers/databases.js";
import { emit } from "./emit.js";
import { startSandboxChild } from "./lib/sandbox-child.js";

const ITEMS = Number(process.env.CPWOO_BENCH_CATALOG_ITEMS ?? 50_000);
const BENCH = "catalog";
const run = promisify(execFile);

interface Counter {
  requests: Map<string, number>;
  /** Records sent per batch endpoint (`/products/batch`, or one key per variable parent). */
  records: Map<string, number>;
}

function endpointOf(method: string, path: string): string {
  if (method === "GET") return "GET";
  if (/^\/products\/\d+\/variations\/batch$/.test(path)) return "POST variations/batch";
  return `${method} ${path.replace(/\/\d+/g, "/{id}")}`;
}

export default async function catalogBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "cpwoo-bench-catalog-"));
  const usePg = process.env.CPWOO_TEST_PG_URL !== undefined;
  const cpDb: TestDatabase = usePg
    ? await freshDatabase("postgres")
    : { engine: "sqlite", url: `sqlite:${join(dir, "cp.sqlite")}`, drop: () => Promise.resolve() };
  const genStart = performance.now();
  await run(
    process.execPath,
    [
      "bin/cpwoo.js",
      "sandbox",
      "cp",
      "init",
      "--db",
      cpDb.url,
      "--items",
      String(ITEMS),
      "--customers",
      "500",
      "--seed",
      "bench",
      "--json",
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  emit(
    BENCH,
    `replica_${cpDb.engine}_generate_seconds`,
    Number(((performance.now() - genStart) / 1000).toFixed(1)),
    "s",
  );

  // Under `npm run bench` this process runs the TypeScript sources through tsx, whose loader alone holds ~200 MB;
  // run from compiled JavaScript (see the comment at the top) the figures are cpwoo's own. Printed as a baseline.
  const compiled = import.meta.url.endsWith(".js");
  emit(BENCH, compiled ? "runtime_compiled_js" : "runtime_tsx", 1, "flag");
  emit(BENCH, "rss_at_start_mb", Math.round(process.memoryUsage().rss / 1e6), "MB");
  // V8 sizes its heap from the machine's memory (on 24 GB: 64 MB semi-spaces, a 4.5 GB limit), which alone can put
  // peak RSS far above the live heap; the limit and any node options are printed so the figure can be read.
  emit(BENCH, "v8_heap_limit_mb", Math.round(getHeapStatistics().heap_size_limit / 1e6), "MB");
  for (const option of process.execArgv.filter((a) => a.startsWith("--")))
    emit(BENCH, `node_option ${option}`, 1, "flag");
  const sandbox = await startSandboxChild();
  const url = sandbox.url;
  const cp = connectCounterpoint(cpDb.url);
  const state = await openStateStore(`sqlite:${join(dir, "state.sqlite")}`);
  await migrateStateStore(state);
  const counter: Counter = { requests: new Map(), records: new Map() };
  const woo = new WooClient({
    url,
    key: "ck_test",
    secret: "cs_test",
    concurrency: 4,
    timeoutMs: 120_000,
    fetch: (u, init) => {
      const path = new URL(u).pathname.replace(/^.*\/wc\/v3/, "");
      const endpoint = endpointOf(init.method, path);
      counter.requests.set(endpoint, (counter.requests.get(endpoint) ?? 0) + 1);
      if (init.method === "POST" && path.endsWith("/batch") && init.body !== undefined) {
        const body = JSON.parse(init.body) as Record<string, unknown[] | undefined>;
        const n = (body.create?.length ?? 0) + (body.update?.length ?? 0) + (body.delete?.length ?? 0);
        counter.records.set(path, (counter.records.get(path) ?? 0) + n);
      }
      return undiciFetch(u, init);
    },
  });
  const settings = settingsSchema.parse({
    counterpoint: { stockLocations: ["01"], priceLocation: "*" },
    catalog: { newProductStatus: "publish" },
  });
  const ports: CatalogPorts = { cp, woo, state: state.db, storeId: "bench", settings };

  /** cpwoo's own CPU time since `start`: the rest of the wall time is spent waiting for the fake WooCommerce. */
  const emitCpu = (phase: string, start: NodeJS.CpuUsage) => {
    const cpu = process.cpuUsage(start);
    emit(BENCH, `${phase}_cpwoo_cpu_seconds`, Number(((cpu.user + cpu.system) / 1e6).toFixed(2)), "s");
  };

  /** Requests made per endpoint versus the minimum ⌈records/100⌉ per batch endpoint (per parent for variations). */
  const emitRequests = (phase: string) => {
    let productMin = 0;
    let variationMin = 0;
    for (const [path, n] of counter.records) {
      if (path === "/products/batch") productMin += Math.ceil(n / 100);
      else if (path.includes("/variations/")) variationMin += Math.ceil(n / 100);
    }
    const productReq = counter.requests.get("POST /products/batch") ?? 0;
    const variationReq = counter.requests.get("POST variations/batch") ?? 0;
    emit(BENCH, `${phase}_products_batch_requests`, productReq, "requests");
    emit(BENCH, `${phase}_products_batch_minimum`, productMin, "requests");
    emit(
      BENCH,
      `${phase}_products_batch_ratio`,
      productMin === 0 ? 1 : Number((productReq / productMin).toFixed(3)),
      "ratio",
    );
    emit(BENCH, `${phase}_variations_batch_requests`, variationReq, "requests");
    emit(BENCH, `${phase}_variations_batch_minimum`, variationMin, "requests");
    emit(
      BENCH,
      `${phase}_variations_batch_ratio`,
      variationMin === 0 ? 1 : Number((variationReq / variationMin).toFixed(3)),
      "ratio",
    );
    emit(BENCH, `${phase}_get_requests`, counter.requests.get("GET") ?? 0, "requests");
    const other = [...counter.requests.entries()].filter(
      ([k]) => !["GET", "POST /products/batch", "POST variations/batch"].includes(k),
    );
    emit(
      BENCH,
      `${phase}_other_requests`,
      other.reduce((a, [, n]) => a + n, 0),
      "requests",
    );
    counter.requests.clear();
    counter.records.clear();
  };

  try {
    const shape = await cp
      .selectFrom("IM_ITEM")
      .select(["TRK_METH", (eb) => eb.fn.countAll().as("N")])
      .where("IS_ECOMM_ITEM", "=", "Y")
      .where("STAT", "=", "A")
      .groupBy("TRK_METH")
      .execute();
    for (const r of shape) emit(BENCH, `web_items_trk_${r.TRK_METH}`, Number(r.N), "items");

    const fullStart = performance.now();
    const cpuStart = process.cpuUsage();
    const full = await syncCatalog(ports, { parts: ["product", "stock", "price"] });
    const fullSeconds = (performance.now() - fullStart) / 1000;
    if (full.failed.length > 0)
      throw new Error(`full sync: ${full.failed.length} failed, e.g. ${JSON.stringify(full.failed[0])}`);
    emit(BENCH, "full_items_read", full.itemsRead, "items");
    emit(BENCH, "full_records_created", full.created, "records");
    emit(BENCH, "full_records_updated", full.updated, "records");
    emit(BENCH, "full_seconds", Number(fullSeconds.toFixed(2)), "s");
    // cpwoo's own CPU time; the rest of the wall time is spent waiting for the fake WooCommerce (another process).
    emitCpu("full", cpuStart);
    emit(BENCH, "rss_after_full_mb", Math.round(process.memoryUsage().rss / 1e6), "MB");
    emit(BENCH, "heap_used_after_full_mb", Math.round(process.memoryUsage().heapUsed / 1e6), "MB");
    emitRequests("full");

    const rerunStart = performance.now();
    const rerun = await syncCatalog(ports, { parts: ["product", "stock", "price"] });
    emit(BENCH, "rerun_writes", rerun.created + rerun.updated + rerun.retired, "records");
    emit(BENCH, "rerun_seconds", Number(((performance.now() - rerunStart) / 1000).toFixed(2)), "s");
    emitRequests("rerun");

    // 1% of the web items change stock in Counterpoint (IM_INV at location 01, or a cell of a grid item).
    const web = await cp
      .selectFrom("IM_ITEM")
      .select(["ITEM_NO", "TRK_METH"])
      .where("IS_ECOMM_ITEM", "=", "Y")
      .where("STAT", "=", "A")
      .orderBy("ITEM_NO")
      .execute();
    const changed = web.filter((_, i) => i % 100 === 7);
    const stamp = cpDateTimeText(new Date());
    await cp.transaction().execute(async (trx) => {
      for (const [n, item] of changed.entries()) {
        const qty = String(200 + (n % 50));
        if (item.TRK_METH === "G") {
          await trx
            .updateTable("IM_INV_CELL")
            .set({ QTY_ON_HND: qty, LST_MAINT_DT: stamp })
            .where("ITEM_NO", "=", item.ITEM_NO)
            .where("LOC_ID", "=", "01")
            .execute();
        }
        await trx
          .updateTable("IM_INV")
          .set({ QTY_ON_HND: qty, LST_MAINT_DT: stamp })
          .where("ITEM_NO", "=", item.ITEM_NO)
          .where("LOC_ID", "=", "01")
          .execute();
      }
    });
    const deltaStart = performance.now();
    const deltaCpu = process.cpuUsage();
    const delta = await syncCatalog(ports, { parts: ["product", "stock", "price"] });
    const deltaSeconds = (performance.now() - deltaStart) / 1000;
    emitCpu("delta", deltaCpu);
    emit(BENCH, "delta_items_changed", changed.length, "items");
    emit(BENCH, "delta_items_read", delta.itemsRead, "items");
    emit(BENCH, "delta_records_updated", delta.updated, "records");
    emit(BENCH, "delta_failed", delta.failed.length, "records");
    emit(BENCH, "delta_seconds", Number(deltaSeconds.toFixed(2)), "s");
    emitRequests("delta");

    // One stock change: from the Counterpoint write until the web shows it, with one inventory sync run.
    const one = web.find((w) => w.TRK_METH !== "G" && !changed.includes(w));
    if (one === undefined) throw new Error("no simple web item to change");
    const t0 = performance.now();
    const singleCpu = process.cpuUsage();
    await cp
      .updateTable("IM_INV")
      .set({ QTY_ON_HND: "321", QTY_COMMIT: "0", QTY_ON_SO: "0", LST_MAINT_DT: cpDateTimeText(new Date()) })
      .where("ITEM_NO", "=", one.ITEM_NO)
      .where("LOC_ID", "=", "01")
      .execute();
    const inv = await syncInventory(ports);
    const [shown] = await woo.products.bySku(one.ITEM_NO);
    const latency = (performance.now() - t0) / 1000;
    if (shown?.stock_quantity !== 321 || inv.updated !== 1)
      throw new Error(`stock change not on the web: ${JSON.stringify(shown?.stock_quantity)}`);
    emit(BENCH, "single_change_to_web_seconds", Number(latency.toFixed(3)), "s");
    emitCpu("single", singleCpu);
    emit(BENCH, "single_items_read", inv.itemsRead, "items");
    emitRequests("single");
    // maxRSS is in KiB: printed in MB (10^6 bytes) like the other RSS figures.
    emit(BENCH, "peak_rss_mb", Math.round((process.resourceUsage().maxRSS * 1024) / 1e6), "MB");
    emit(BENCH, "heap_used_at_end_mb", Math.round(process.memoryUsage().heapUsed / 1e6), "MB");
  } finally {
    await woo.close();
    await cp.destroy();
    await state.close();
    await sandbox.stop();
    await cpDb.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
