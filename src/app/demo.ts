import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadSettings, type Settings } from "../config/index.js";
import { DEFAULT_DEMO_STORE } from "../sandbox/replica/demo-store-rows.js";
import { initDemoStore } from "../sandbox/replica/fill-demo-store.js";
import { startWooSandbox, type WooSandbox } from "../sandbox/woo/start-woo-sandbox.js";
import { migrateStateStore, openStateStore } from "../store/index.js";
import { WooClient } from "../woocommerce/index.js";
import { type DoctorCheck, runDoctor } from "./doctor.js";
import { seedWebCatalog } from "./seed-web-catalog.js";

export interface DemoOptions {
  /** Folder holding the demo's files (replica, fake store data, state, settings). */
  dir: string;
  port: number;
  host?: string;
  /** Progress lines for the operator. */
  say?: (line: string) => void;
}

export interface RunningDemo {
  settings: Settings;
  configFile: string;
  sandbox: WooSandbox;
  /** `cpwoo doctor` against the demo's settings. */
  checks: DoctorCheck[];
  close(): Promise<void>;
}

const DEMO_WEBHOOK_SECRET = "whsec_test";

/** Creates the Counterpoint replica with the demo store once; a half-made file never takes the real name. */
async function ensureReplica(file: string, say: (line: string) => void): Promise<void> {
  if (existsSync(file)) {
    say(`Counterpoint replica: reusing ${file}`);
    return;
  }
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const { db, summary } = await initDemoStore(`sqlite:${partial}`, DEFAULT_DEMO_STORE);
  await db.destroy();
  renameSync(partial, file);
  say(`Counterpoint replica: ${summary.totalRows} rows of demo store in ${summary.seconds.toFixed(1)} s (${file})`);
}

/**
 * Starts the demo on the embedded default: a Counterpoint replica in SQLite with the demo store, the fake WooCommerce
 * with the matching web catalog, cpwoo's state database, and a settings file that points at all three.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const say = options.say ?? (() => {});
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const replicaFile = join(dir, "counterpoint.sqlite");
  const wooData = join(dir, "woo.json");
  const stateFile = join(dir, "cpwoo.sqlite");
  const configFile = join(dir, "cpwoo.config.json");

  await ensureReplica(replicaFile, say);
  const freshStore = !existsSync(wooData);
  const sandbox = await startWooSandbox({
    port: options.port,
    host: options.host ?? "127.0.0.1",
    dataFile: wooData,
    webhookSecret: DEMO_WEBHOOK_SECRET,
  });
  try {
    const client = new WooClient({ url: sandbox.url, key: sandbox.consumerKey, secret: sandbox.consumerSecret });
    try {
      if (freshStore) say(`WooCommerce sandbox: ${await seedWebCatalog(client)} products and variations published`);
      else say(`WooCommerce sandbox: reusing ${wooData}`);
    } finally {
      await client.close();
    }
    await sandbox.flush();

    const store = await openStateStore(`sqlite:${stateFile}`);
    try {
      const run = await migrateStateStore(store);
      say(`state database: ${run.applied.length} migration(s) applied (${stateFile})`);
    } finally {
      await store.close();
    }

    const config = {
      woo: {
        url: sandbox.url,
        key: sandbox.consumerKey,
        secret: sandbox.consumerSecret,
        webhookSecret: DEMO_WEBHOOK_SECRET,
      },
      counterpoint: { db: `sqlite:${replicaFile}` },
      state: { db: `sqlite:${stateFile}` },
    };
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    const settings = loadSettings({ file: configFile, env: {} });
    const checks = await runDoctor(settings);
    return { settings, configFile, sandbox, checks, close: () => sandbox.close() };
  } catch (err) {
    await sandbox.close();
    throw err;
  }
}
