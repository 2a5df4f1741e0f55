// Generates the demo store with 50,000 items into a fresh replica: SQLite always, PostgreSQL when CPWOO_TEST_PG_URL
// is set (in a fresh schema, dropped afterwards). Figures: seconds and rows per second per engine.
import { initDemoStore } from "../src/sandbox/replica/fill-demo-store.js";
import { freshDatabase, testEngines } from "../test/helpers/databases.js";
import { emit } from "./emit.js";

const ITEMS = 50_000;
const CUSTOMERS = 5_000;

export default async function replicaGen(): Promise<void> {
  for (const engine of testEngines) {
    const database = await freshDatabase(engine);
    try {
      const started = performance.now();
      const { db, summary } = await initDemoStore(database.url, { items: ITEMS, customers: CUSTOMERS, seed: "bench" });
      const seconds = (performance.now() - started) / 1000; // schema + data
      await db.destroy();
      emit("replica-gen", `${engine}_items`, ITEMS, "items");
      emit("replica-gen", `${engine}_rows`, summary.totalRows, "rows");
      emit("replica-gen", `${engine}_seconds`, Number(seconds.toFixed(2)), "s");
      emit("replica-gen", `${engine}_rows_per_second`, Math.round(summary.totalRows / summary.seconds), "rows/s");
    } finally {
      await database.drop();
    }
  }
}
