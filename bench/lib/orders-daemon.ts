import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type SettingsInput, settingsSchema } from "../../src/config/index.js";
import { isoTime, type StateDb } from "../../src/store/index.js";
import { BENCH_RUN_DIR, type CpwooChild, startCompiledCpwoo } from "./compiled-cpwoo.js";

/** What the orders bench gives the daemon: the same settings as its in-process run. */
export interface OrdersDaemonSetup {
  wooUrl: string;
  cpDb: string;
  stateDb: string;
  workers: number;
  concurrency: number;
  batchSize: number;
  /** Phase 1: the reconciliation poll on (its default schedule); phase 2: webhooks only. */
  poll: boolean;
  /** Names the config and log files in the bench's directory under .cpwoo-tmp/ (`<label>.config.json`, `.log`). */
  label: string;
}

export interface OrdersDaemon {
  cpwoo: CpwooChild;
  /** The HTTP server (`http://127.0.0.1:port`); the webhook route is `${address}/webhooks/woocommerce`. */
  address: string;
  /** The moment the child was spawned (epoch ms). */
  spawnedAt: number;
}

export const BENCH_WEBHOOK_SECRET = "whsec_bench";

/** The daemon's settings: only the orders part active (every other schedule off), no log files, an ephemeral port. */
function daemonSettings(setup: OrdersDaemonSetup): SettingsInput {
  const off = { enabled: false };
  return {
    woo: {
      url: setup.wooUrl,
      key: "ck_test",
      secret: "cs_test",
      webhookSecret: BENCH_WEBHOOK_SECRET,
      timeoutMs: 120_000,
    },
    counterpoint: { db: setup.cpDb },
    state: { db: setup.stateDb },
    http: { host: "127.0.0.1", port: 0 },
    orders: { concurrency: setup.concurrency, batchSize: setup.batchSize },
    customers: { taxCodes: { byState: { FL: "FL-Broward" } } },
    schedules: {
      orderWorkers: setup.workers,
      ordersPoll: setup.poll ? {} : off,
      stock: off,
      prices: off,
      catalog: off,
      customers: off,
      fulfilment: off,
      fullReconcile: off,
    },
    ops: { logs: { dir: null } },
  };
}

/**
 * Lets the daemon's first orders.poll fire as soon as its scheduler starts, as after downtime (a missed slot fires
 * once, at once): the schedule's row is registered an hour ago. Without it the first poll waits for the next slot of
 * its period (up to 2 minutes).
 */
export async function backdatePollSchedule(db: StateDb): Promise<void> {
  const anHourAgo = isoTime(Date.now() - 3_600_000);
  await db
    .insertInto("job_schedules")
    .values({
      name: "orders.poll",
      cron: "0 */2 * * * *",
      timezone: null,
      job_name: "orders.poll",
      last_slot: null,
      registered_at: anHourAgo,
      updated_at: anHourAgo,
    })
    .execute();
}

/**
 * `cpwoo run` (the daemon a retailer runs), compiled, in a child process, with a config file in the bench's directory
 * under .cpwoo-tmp/; resolves once it listens. Its JSON log goes to `<label>.log` beside the config.
 */
export async function startOrdersDaemon(setup: OrdersDaemonSetup): Promise<OrdersDaemon> {
  const dir = BENCH_RUN_DIR;
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, `${setup.label}.config.json`);
  const settings = daemonSettings(setup);
  settingsSchema.parse(settings); // a mistake here is the bench's, not the child's
  writeFileSync(configFile, `${JSON.stringify(settings, null, 2)}\n`);
  const spawnedAt = Date.now();
  const cpwoo = startCompiledCpwoo(["--config", configFile, "run"], {
    stdoutFile: join(dir, `${setup.label}.log`),
    label: `cpwoo ${setup.label}`,
  });
  try {
    const listening = await cpwoo.waitForLine(/listening on (http:\/\/\S+?)[,;]/);
    return { cpwoo, address: listening[1] ?? "", spawnedAt };
  } catch (err) {
    await cpwoo.stop();
    throw err;
  }
}
