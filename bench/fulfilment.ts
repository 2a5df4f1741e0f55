// fulfilment: shipped Counterpoint documents → web order updates. The replica and the state store are PostgreSQL when
// CPWOO_TEST_PG_URL is set, else SQLite; the fake WooCommerce runs in a child process. N documents (default 10,000)
// are cloned from a native demo order, shipped in full with a tracking number each, and their web orders exist as
// acknowledged orders in cpwoo's state. Phase "bulk" reports them with notes off (tracking in the batch update's meta
// only), phase "notes" reports another N with a note per order; then a pass with nothing new. Each prints seconds,
// Woo requests, the minimum ⌈n/100⌉ (one orders/batch per 100) and the ratio.
import { countingWooClient } from "./lib/counting-woo-client.js";
import { performance } from "node:perf_hooks";
import { settingsSchema } from "../src/config/index.js";
import type { CounterpointDb } from "../src/counterpoint/connect.js";
import { cpDateTimeText } from "../src/counterpoint/datetime.js";
import type { FulfilmentPorts } from "../src/flows/fulfilment/fulfilment-ports.js";
import { syncFulfilment } from "../src/flows/fulfilment/sync-fulfilment.js";
import { initDemoStore } from "../src/sandbox/replica/fill-demo-store.js";
import { isoTime, migrateStateStore, openStateStore, type StateStore } from "../src/store/index.js";
import { WooClient } from "../src/woocommerce/index.js";
import { freshDatabase, type TestEngine } from "../test/helpers/databases.js";
import { emit } from "./emit.js";
import { startSandboxChild } from "./lib/sandbox-child.js";

const BENCH = "fulfilment";
const N = Number(process.env.CPWOO_BENCH_FULFILMENT_ORDERS ?? 10_000);
const STORE_ID = "bench";
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** A row read back, ready to insert again: dates as Counterpoint date-time text (PostgreSQL returns Date objects). */
function reinsertable<T extends object>(row: T): { [K in keyof T]: Exclude<T[K], Date> } {
  const out = Object.entries(row as Record<string, unknown>).map(([k, v]) => [
    k,
    v instanceof Date ? cpDateTimeText(v) : v,
  ]);
  return Object.fromEntries(out) as { [K in keyof T]: Exclude<T[K], Date> };
}

/** N copies of one open native order (header and lines), fully shipped, with one tracking number each. */
async function shippedDocuments(cp: CounterpointDb, firstDocId: bigint, tktPrefix: string): Promise<string[]> {
  const template = reinsertable(
    await cp
      .selectFrom("PS_DOC_HDR")
      .selectAll()
      .where("DOC_TYP", "=", "O")
      .orderBy("DOC_ID")
      .executeTakeFirstOrThrow(),
  );
  const lines = (await cp.selectFrom("PS_DOC_LIN").selectAll().where("DOC_ID", "=", template.DOC_ID).execute()).map(
    reinsertable,
  );
  const ids: string[] = [];
  for (let at = 0; at < N; at += 100) {
    const batch = Array.from({ length: Math.min(100, N - at) }, (_, i) => {
      const docId = (firstDocId + BigInt(at + i)).toString();
      const tktNo = `${tktPrefix}${String(at + i).padStart(6, "0")}`;
      ids.push(docId);
      return { docId, tktNo };
    });
    await cp
      .insertInto("PS_DOC_HDR")
      .values(
        batch.map((b) => ({
          ...template,
          DOC_ID: b.docId,
          TKT_NO: b.tktNo,
          DOC_GUID: crypto.randomUUID(),
          SHIP_DAT: "2026-01-05T00:00:00.000",
          SHIP_VIA_COD: "UPS",
          HAS_RLSD_LINS: "Y",
          IS_OFFLINE: 0 as const,
        })),
      )
      .execute();
    await cp
      .insertInto("PS_DOC_LIN")
      .values(
        batch.flatMap((b) =>
          lines.map((l) => ({
            ...l,
            DOC_ID: b.docId,
            TKT_NO: b.tktNo,
            LIN_GUID: crypto.randomUUID(),
            QTY_SHIPPED: l.QTY_SOLD,
            QTY_TO_REL: "0",
          })),
        ),
      )
      .execute();
    await cp
      .insertInto("PS_DOC_PKG_TRK_NO")
      .values(batch.map((b) => ({ DOC_ID: b.docId, PKG_TRK_NO: `1ZBENCH${b.docId}`, SHIP_VIA_COD: "UPS" })))
      .execute();
  }
  return ids;
}

/** N web orders (processing) and, in cpwoo's state, each acknowledged with its document. */
async function acknowledgedOrders(
  loader: WooClient,
  state: StateStore,
  docIds: readonly string[],
  tktPrefix: string,
): Promise<void> {
  const now = isoTime();
  for (let at = 0; at < docIds.length; at += 100) {
    const slice = docIds.slice(at, at + 100);
    const created = await loader.orders.batch({ create: slice.map(() => ({ status: "processing" as const })) });
    const rows = created.create.map((c, i) => {
      if (!c.ok) throw new Error(`the fake store refused an order: ${JSON.stringify(c.error)}`);
      return {
        store_id: STORE_ID,
        woo_order_id: c.id,
        state: "acknowledged",
        attempts: 1,
        cp_doc_id: slice[i] ?? null,
        cp_tkt_no: `${tktPrefix}${String(at + i).padStart(6, "0")}`,
        created_at: now,
        updated_at: now,
      };
    });
    await state.db.insertInto("synced_orders").values(rows).execute();
  }
}

export default async function fulfilmentBench(): Promise<void> {
  const engine: TestEngine = process.env.CPWOO_TEST_PG_URL ? "postgres" : "sqlite";
  const cpDb = await freshDatabase(engine);
  const stateDb = await freshDatabase(engine);
  const { db: cp } = await initDemoStore(cpDb.url, { items: 40, customers: 6, seed: "fulfilment-bench" });
  const state = await openStateStore(stateDb.url);
  await migrateStateStore(state);
  const sandbox = await startSandboxChild();
  const credentials = { url: sandbox.url, key: "ck_test", secret: "cs_test" };
  const loader = new WooClient({ ...credentials, timeoutMs: 120_000 });
  const { woo, requests } = countingWooClient(credentials);
  emit(BENCH, "engine_postgres", engine === "postgres" ? 1 : 0, "bool");
  try {
    const phases = [
      { name: "bulk", notes: false, firstDocId: 301000000000n, tktPrefix: "FB" },
      { name: "notes", notes: true, firstDocId: 302000000000n, tktPrefix: "FN" },
    ];
    for (const phase of phases) {
      const loadStart = performance.now();
      const docIds = await shippedDocuments(cp, phase.firstDocId, phase.tktPrefix);
      await acknowledgedOrders(loader, state, docIds, phase.tktPrefix);
      emit(BENCH, `${phase.name} load_seconds`, round((performance.now() - loadStart) / 1000, 1), "s");

      const settings = settingsSchema.parse({
        fulfilment: { notes: phase.notes, carriers: { UPS: { provider: "ups" } } },
      });
      const ports: FulfilmentPorts = { woo, cp, state, settings, storeId: STORE_ID };
      requests.clear();
      const start = performance.now();
      const summary = await syncFulfilment(ports);
      const seconds = (performance.now() - start) / 1000;
      const total = [...requests.values()].reduce((a, n) => a + n, 0);
      const minimum = Math.ceil(N / 100);
      if (summary.completed !== N || summary.failed.length > 0) {
        throw new Error(`${phase.name}: ${summary.completed} of ${N} completed, ${summary.failed.length} failed`);
      }
      emit(BENCH, `${phase.name} documents`, N, "documents");
      emit(BENCH, `${phase.name} seconds`, round(seconds), "s");
      emit(BENCH, `${phase.name} documents_per_second`, round(N / seconds, 0), "documents/s");
      emit(BENCH, `${phase.name} woo_requests`, total, "requests");
      emit(BENCH, `${phase.name} woo_requests_minimum`, minimum, "requests");
      emit(BENCH, `${phase.name} woo_requests_ratio`, round(total / minimum), "x");
      for (const [endpoint, n] of [...requests].sort())
        emit(BENCH, `${phase.name} woo_requests ${endpoint}`, n, "requests");
    }

    // Nothing new: every order was reported complete, so none is read again, in Counterpoint or on the web.
    requests.clear();
    const idleStart = performance.now();
    const idle = await syncFulfilment({
      woo,
      cp,
      state,
      settings: settingsSchema.parse({}),
      storeId: STORE_ID,
    });
    emit(BENCH, "idle_pass seconds", round((performance.now() - idleStart) / 1000, 3), "s");
    emit(BENCH, "idle_pass documents_checked", idle.checked, "documents");
    emit(
      BENCH,
      "idle_pass woo_requests",
      [...requests.values()].reduce((a, n) => a + n, 0),
      "requests",
    );
  } finally {
    await woo.close();
    await loader.close();
    await sandbox.stop();
    await state.close();
    await cp.destroy();
    await cpDb.drop();
    await stateDb.drop();
  }
}
