// documents: writeDocument on the PostgreSQL replica (CPWOO_TEST_PG_URL, a fresh schema with the demo store): a
// 2-line paid order, one writer in a row, then four writers at once (they queue on the store's counter lock).
import { performance } from "node:perf_hooks";
import { connectCounterpoint } from "../src/counterpoint/connect.js";
import { writeDocument } from "../src/counterpoint/documents/write-document.js";
import { MIN_CUSTOMERS, MIN_ITEMS } from "../src/sandbox/replica/demo-store-rows.js";
import { initDemoStore } from "../src/sandbox/replica/fill-demo-store.js";
import { samplePlan } from "../test/counterpoint/documents/sample-plan.js";
import { freshDatabase } from "../test/helpers/databases.js";
import { emit } from "./emit.js";

const N = Number(process.env.CPWOO_BENCH_DOCUMENTS ?? 300);
const native = { source: "native", prefix: "" } as const;

export default async function documentsBench(): Promise<void> {
  if (!process.env.CPWOO_TEST_PG_URL) {
    process.stderr.write("documents: CPWOO_TEST_PG_URL is not set: the PostgreSQL run is skipped\n");
    return;
  }
  const database = await freshDatabase("postgres");
  const { db } = await initDemoStore(database.url, { items: MIN_ITEMS, customers: MIN_CUSTOMERS, seed: "bench" });
  const writers = Array.from({ length: 4 }, () => connectCounterpoint(database.url));
  try {
    for (let i = 0; i < 10; i++) await writeDocument(db, samplePlan({ ref: `warm:${i}` }), native);
    let started = performance.now();
    for (let i = 0; i < N; i++) await writeDocument(db, samplePlan({ ref: `one:${i}` }), native);
    emit("documents", "sequential order write", (performance.now() - started) / N, "ms/document");

    started = performance.now();
    await Promise.all(
      writers.map(async (w, k) => {
        for (let i = 0; i < N / 4; i++) await writeDocument(w, samplePlan({ ref: `four:${k}:${i}` }), native);
      }),
    );
    emit("documents", "4 concurrent writers, order write", (performance.now() - started) / N, "ms/document");
  } finally {
    await Promise.all(writers.map((w) => w.destroy()));
    await db.destroy();
    await database.drop();
  }
}
