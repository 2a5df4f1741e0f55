import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import { settingsSchema } from "../../../src/config/settings.js";
import type { CatalogPorts } from "../../../src/flows/catalog/index.js";
import { initDemoStore } from "../../../src/sandbox/replica/fill-demo-store.js";
import { startWooSandbox, type WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import type { WooFetch } from "../../../src/woocommerce/index.js";
import { WooClient } from "../../../src/woocommerce/index.js";
import { RECORDED_DIR } from "../../contract/recordings.js";
import { freshDatabase, type TestDatabase, type TestEngine } from "../../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "../../store/open-migrated-store.js";

export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface CatalogHarness {
  ports: CatalogPorts;
  cp: CounterpointDb;
  sandbox: WooSandbox;
  /** Every request the client sent (path under wc/v3). */
  sent: SentRequest[];
  writes(): SentRequest[];
  /** Replaces the next matching response (fault injection). */
  intercept: { current: ((req: SentRequest, forward: () => Promise<Response>) => Promise<Response>) | null };
  dispose(): Promise<void>;
}

export async function startCatalogHarness(
  engine: TestEngine,
  catalog: Record<string, unknown> = {},
  items = 40,
): Promise<CatalogHarness> {
  const cpDb: TestDatabase = await freshDatabase(engine);
  const { db: cp } = await initDemoStore(cpDb.url, { items, customers: 6, seed: "catalog-test" });
  const state: MigratedStore = await openMigratedStore(engine);
  const sandbox = await startWooSandbox({ port: 0, fixtures: RECORDED_DIR, webhookDelayMs: 0 });
  const sent: SentRequest[] = [];
  const intercept: CatalogHarness["intercept"] = { current: null };
  const fetchHook: WooFetch = async (url, init) => {
    const u = new URL(url);
    const req: SentRequest = {
      method: init.method,
      path: u.pathname.replace(/^.*\/wc\/v3/, ""),
      body: init.body === undefined ? null : (JSON.parse(init.body) as unknown),
    };
    sent.push(req);
    const forward = () =>
      fetch(url, {
        method: init.method,
        headers: init.headers,
        body: init.body ?? null,
        signal: init.signal,
        redirect: "manual",
      });
    const hook = intercept.current;
    return hook === null ? forward() : hook(req, forward);
  };
  const woo = new WooClient({
    url: sandbox.url,
    key: sandbox.consumerKey,
    secret: sandbox.consumerSecret,
    fetch: fetchHook,
    maxRetries: 0,
  });
  const settings = settingsSchema.parse({ catalog, counterpoint: { stockLocations: ["01"], priceLocation: "*" } });
  return {
    ports: { cp, woo, state: state.store.db, storeId: "test-store", settings },
    cp,
    sandbox,
    sent,
    writes: () => sent.filter((r) => r.method !== "GET"),
    intercept,
    dispose: async () => {
      await woo.close();
      await sandbox.close();
      await cp.destroy();
      await cpDb.drop();
      await state.dispose();
    },
  };
}
