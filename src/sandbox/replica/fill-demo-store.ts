import type { Kysely } from "kysely";
import { type CounterpointDb, connectCounterpoint } from "../../counterpoint/connect.js";
import { BatchInserter } from "./batch-inserter.js";
import { createReplicaSchema, replicaEngineOf } from "./create-replica-schema.js";
import { checkDemoStoreOptions, DEMO_UTC_NOW, type DemoStoreOptions, demoStoreRows } from "./demo-store-rows.js";

export interface DemoStoreSummary {
  /** Rows written per table. */
  rows: Record<string, number>;
  totalRows: number;
  seconds: number;
}

/**
 * Fills an empty replica (schema already created) with the demo store, in one transaction: all or nothing.
 * `onProgress` hears the running row count after each batch.
 */
export async function fillDemoStore<DB>(
  db: Kysely<DB>,
  options: DemoStoreOptions,
  onProgress?: (rowsWritten: number) => void,
): Promise<DemoStoreSummary> {
  const opts = checkDemoStoreOptions(options);
  const engine = replicaEngineOf(db);
  const started = performance.now();
  const written = await db.transaction().execute(async (trx) => {
    const inserter = new BatchInserter(trx, engine, DEMO_UTC_NOW, onProgress);
    for (const row of demoStoreRows(opts)) await inserter.add(row);
    await inserter.flush();
    return inserter.written;
  });
  const rows = Object.fromEntries([...written.entries()].sort(([a], [b]) => a.localeCompare(b)));
  return {
    rows,
    totalRows: Object.values(rows).reduce((a, b) => a + b, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Creates the replica at a `sqlite:`/`postgres://` URL and fills it with the demo store. Returns the open db. */
export async function initDemoStore(
  url: string,
  options: DemoStoreOptions,
  onProgress?: (rowsWritten: number) => void,
): Promise<{ db: CounterpointDb; summary: DemoStoreSummary }> {
  checkDemoStoreOptions(options);
  const db = connectCounterpoint(url);
  try {
    replicaEngineOf(db);
    await createReplicaSchema(db);
    const summary = await fillDemoStore(db, options, onProgress);
    return { db, summary };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
