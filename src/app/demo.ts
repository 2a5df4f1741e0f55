import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { loadSettings, type Settings } from "../config/index.js";
import { CITIES, STORE } from "../sandbox/replica/demo-store-data.js";
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
  /** Port of cpwoo's own HTTP server (webhooks, /health, /metrics, /docs): default `port` + 1, or a free one when 0. */
  daemonPort?: number;
  /** Progress lines for the operator. */
  say?: (line: string) => void;
}

export interface RunningDemo {
  dir: string;
  settings: Settings;
  configFile: string;
  sandbox: WooSandbox;
  /** `cpwoo doctor` against the demo's settings. */
  checks: DoctorCheck[];
  close(): Promise<void>;
}

const DEMO_WEBHOOK_SECRET = "whsec_test";

/**
 * Schedules short enough to watch: stock every 5 s and a quick reconciliation poll (webhooks bring the orders sooner);
 * the other jobs keep their defaults. Queue and scheduler look every 200 ms, and a stop does not wait long.
 */
const DEMO_SCHEDULES = {
  stock: { everySeconds: 5 },
  ordersPoll: { everySeconds: 10 },
  queuePollMs: 200,
  schedulerTickMs: 200,
  orderLeaseSeconds: 30,
  shutdownGraceSeconds: 5,
};

/** A port nothing listens on right now (the OS picks it). */
function freePort(host: string): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

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
  const host = options.host ?? "127.0.0.1";
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
    host,
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
      http: { host, port: options.daemonPort ?? (options.port === 0 ? await freePort(host) : options.port + 1) },
      schedules: DEMO_SCHEDULES,
      // The shoppers' shipping and payment methods, mapped as an installer would, so only fitting warnings remain.
      orders: {
        shipping: { shipVia: { flat_rate: "UPS", free_shipping: "USPS", local_pickup: "PICKUP" } },
        payments: {
          byMethod: {
            stripe: { payCode: "WEB-CC" },
            paypal: { payCode: "PAYPAL" },
            bacs: { payCode: "WEB-BANK", payCodeType: "B" },
            cod: { payCode: "CASH", payCodeType: "B" },
          },
        },
      },
      // The demo store's county tax codes by ZIP; elsewhere in Florida, the store's own county.
      customers: {
        taxCodes: {
          byZip: Object.fromEntries(CITIES.map((c) => [c.zip, c.taxCode])),
          byState: { [STORE.state]: CITIES.find((c) => c.city === STORE.city)?.taxCode ?? "FL-Broward" },
        },
      },
    };
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    const settings = loadSettings({ file: configFile, env: {} });
    const checks = await runDoctor(settings);
    return { dir, settings, configFile, sandbox, checks, close: () => sandbox.close() };
  } catch (err) {
    await sandbox.close();
    throw err;
  }
}
