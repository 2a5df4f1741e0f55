import { settingsSchema, type Settings, type SettingsInput } from "../../../src/config/index.js";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import type { CustomerPorts } from "../../../src/flows/customers/import-web-customer.js";
import { MIN_CUSTOMERS, MIN_ITEMS } from "../../../src/sandbox/replica/demo-store-rows.js";
import { initDemoStore } from "../../../src/sandbox/replica/fill-demo-store.js";
import { startWooSandbox, type WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { WooClient } from "../../../src/woocommerce/index.js";
import { RECORDED_DIR } from "../../contract/recordings.js";
import { freshDatabase, type TestDatabase, type TestEngine } from "../../helpers/databases.js";
import { openMigratedStore, type MigratedStore } from "../../store/open-migrated-store.js";

/** Tax codes of the demo replica by ZIP prefix, as an operator would configure them. */
export const demoTaxCodes = {
  byZip: { "32080": "FL-Saint J", "322": "FL-Duval", "331": "FL-Miami-D", "326": "FL-Alachua", "333": "FL-Broward" },
  byState: {},
  byCounty: {},
  fallback: "FL-Broward",
};

export interface Harness {
  cp: CounterpointDb;
  ports: CustomerPorts;
  settings: Settings;
  woo: WooClient;
  sandbox: WooSandbox;
  close(): Promise<void>;
}

/** The replica (demo store, fixed customers only) on `engine`, a migrated state store, the recorded fake WooCommerce. */
export async function openHarness(
  engine: TestEngine,
  customers: SettingsInput["customers"] = {},
  options: { recorded?: boolean } = {},
): Promise<Harness> {
  const cpDatabase: TestDatabase = await freshDatabase(engine);
  const { db: cp } = await initDemoStore(cpDatabase.url, { items: MIN_ITEMS, customers: MIN_CUSTOMERS, seed: "t" });
  const state: MigratedStore = await openMigratedStore(engine);
  const sandbox = await startWooSandbox({
    port: 0,
    ...(options.recorded === false ? {} : { fixtures: RECORDED_DIR }),
    webhookTimeoutMs: 1000,
  });
  // The recorded webhook points at a real port (8090): never deliver to it.
  for (const w of [...sandbox.store.webhooks.values()]) sandbox.store.deleteWebhook(w.id);
  const settings = settingsSchema.parse({
    counterpoint: { db: cpDatabase.url },
    woo: { url: sandbox.url, key: sandbox.consumerKey, secret: sandbox.consumerSecret },
    customers: { numbering: { prefix: "OL-", start: 100001 }, taxCodes: demoTaxCodes, ...customers },
  });
  const woo = WooClient.fromSettings(settings.woo);
  return {
    cp,
    settings,
    woo,
    sandbox,
    ports: { cp, state: state.store.db, settings, storeId: "test-store" },
    close: async () => {
      await woo.close();
      await sandbox.close();
      await cp.destroy();
      await cpDatabase.drop();
      await state.dispose();
    },
  };
}
