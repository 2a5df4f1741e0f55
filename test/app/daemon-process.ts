import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OrdersHarness } from "../flows/orders/orders-harness.js";

const main = join(import.meta.dirname, "../../src/cli/main.ts");
// Node itself (not the tsx launcher) so the pid we signal is the daemon's own.
const tsxLoader = import.meta.resolve("tsx");

export const WEBHOOK_SECRET = "daemon-test-secret";

/** Settings for a fast daemon: short schedules and leases, quick polling. */
export function daemonSettings(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const fast = { retryDelaySeconds: 1, leaseSeconds: 20 };
  return {
    woo: { webhookSecret: WEBHOOK_SECRET },
    http: { host: "127.0.0.1", port: 0 },
    customers: { taxCodes: { byState: { FL: "FL-Broward" } } },
    schedules: {
      ordersPoll: { everySeconds: 2, ...fast },
      stock: { everySeconds: 1, ...fast },
      prices: { everySeconds: 5, ...fast },
      catalog: { everySeconds: 10, ...fast },
      customers: { everySeconds: 10, ...fast },
      fulfilment: { everySeconds: 2, ...fast },
      fullReconcile: { everySeconds: 30, ...fast },
      orderLeaseSeconds: 3,
      queuePollMs: 100,
      schedulerTickMs: 100,
      leaseCheckSeconds: 1,
      shutdownGraceSeconds: 5,
    },
    ...extra,
  };
}

export interface DaemonProcess {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** `http://127.0.0.1:port` once the daemon says it listens. */
  address: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const clean = Object.entries(process.env).filter(([k]) => !k.startsWith("CPWOO_"));
  return { ...(Object.fromEntries(clean) as Record<string, string>), CPWOO_LOG_LEVEL: "silent", ...extra };
}

/** `cpwoo run` in a child process with its settings in a config file, as an operator runs it. */
export function startDaemonProcess(
  dir: string,
  name: string,
  settings: Record<string, unknown>,
  env: Record<string, string>,
): DaemonProcess {
  const config = join(dir, `${name}.config.json`);
  writeFileSync(config, JSON.stringify(settings));
  const child = spawn(process.execPath, ["--import", tsxLoader, main, "--config", config, "run"], {
    cwd: dir,
    // The daemon's job-run lines are info log lines.
    env: cleanEnv({ CPWOO_LOG_LEVEL: "info", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const address = new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+?),/.exec(err);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then(({ code }) => reject(new Error(`cpwoo run exited (${code}) before listening: ${err}`)));
  });
  address.catch(() => undefined);
  return {
    child,
    pid: child.pid ?? 0,
    stdout: () => out,
    stderr: () => err,
    address,
    exited,
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Points the sandbox's order webhooks at a daemon. */
export async function registerWebhooks(h: OrdersHarness, address: string): Promise<void> {
  for (const topic of ["order.created", "order.updated"] as const) {
    await h.woo.webhooks.create({
      name: `cpwoo ${topic}`,
      topic,
      delivery_url: `${address}/webhooks/woocommerce`,
      secret: WEBHOOK_SECRET,
      status: "active",
    });
  }
}

/** Polls `check`; on timeout the error names what it waited for and, if given, the daemon's stderr. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  daemon?: DaemonProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const detail = daemon ? `\ndaemon exit ${daemon.child.exitCode}, stderr:\n${daemon.stderr().slice(-3000)}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
