// The pricing service on loopback, server and load generator in one process (2 cores): warm single-item requests/s
// and p99, 100-item batch p99, and cold start to the first answer with a 50,000-item replica (temp SQLite file).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { createAppContext } from "../src/app/app-context.js";
import { settingsSchema } from "../src/config/index.js";
import { createPricingService } from "../src/app/pricing-service.js";
import { initDemoStore } from "../src/sandbox/replica/fill-demo-store.js";
import { createApiKey } from "../src/store/api-keys.js";
import { migrateStateStore } from "../src/store/index.js";
import { emit } from "./emit.js";

const ITEMS = 50_000;
const SECONDS = Number(process.env.CPWOO_BENCH_SECONDS ?? 8);

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    // The load generator runs in its own worker thread, so it does not share the server's event loop.
    autocannon({ workers: 1, ...options }, (err, result) => (err ? reject(err as Error) : resolve(result)));
  });
}

export default async function pricingBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "cpwoo-bench-pricing-"));
  try {
    const cpUrl = `sqlite:${join(dir, "cp.sqlite")}`;
    const { db } = await initDemoStore(cpUrl, { items: ITEMS, customers: 2_000, seed: "bench" });
    await db.destroy();
    const settings = settingsSchema.parse({
      counterpoint: { db: cpUrl },
      state: { db: `sqlite:${join(dir, "state.sqlite")}` },
      pricing: { rateLimitPerMinute: 10_000_000, pollSeconds: 3600 },
    });
    const ctx = createAppContext(settings);
    await migrateStateStore(await ctx.state());
    const { key } = await createApiKey((await ctx.state()).db, "bench");

    // Cold start: from building the service (the cache loads in the background) to the first 200.
    const started = performance.now();
    const service = await createPricingService(ctx);
    const url = await service.server.listen({ host: "127.0.0.1", port: 0 });
    const single = `${url}/api/v1/prices/PBO-TOTE?customer=2221&qty=12`;
    for (;;) {
      const res = await fetch(single, { headers: { "x-api-key": key } });
      await res.arrayBuffer();
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    emit(
      "pricing",
      "cold_start_to_first_answer_50k_items",
      Number(((performance.now() - started) / 1000).toFixed(3)),
      "s",
    );

    const headers = { "x-api-key": key, "content-type": "application/json" };
    const warm = await run({ url: single, headers, connections: 16, duration: SECONDS });
    emit("pricing", "warm_single_requests_per_second", Math.round(warm.requests.average), "req/s");
    emit("pricing", "warm_single_p99", warm.latency.p99, "ms");
    emit("pricing", "warm_single_non2xx", warm.non2xx, "responses");

    // Latency at a moderate load (2 connections): what one shopper's request waits, without queueing behind 16.
    const calm = await run({ url: single, headers, connections: 2, duration: SECONDS });
    emit("pricing", "single_2conn_requests_per_second", Math.round(calm.requests.average), "req/s");
    emit("pricing", "single_2conn_p99", calm.latency.p99, "ms");

    const data = service.cache.data;
    const skus = data ? [...data.items.values()].slice(0, 100).map((i) => i.itemNo) : [];
    const body = JSON.stringify({ customer: "2221", items: skus.map((sku, i) => ({ sku, qty: (i % 30) + 1 })) });
    const batch = await run({
      url: `${url}/api/v1/prices`,
      method: "POST",
      headers,
      body,
      connections: 1,
      duration: SECONDS,
    });
    emit("pricing", "batch_100_requests_per_second", Math.round(batch.requests.average), "req/s");
    emit("pricing", "batch_100_p99", batch.latency.p99, "ms");
    emit("pricing", "batch_100_non2xx", batch.non2xx, "responses");
    const busy = await run({
      url: `${url}/api/v1/prices`,
      method: "POST",
      headers,
      body,
      connections: 4,
      duration: SECONDS,
    });
    emit("pricing", "batch_100_4conn_requests_per_second", Math.round(busy.requests.average), "req/s");
    emit("pricing", "batch_100_4conn_p99", busy.latency.p99, "ms");

    await service.close();
    await ctx.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
