import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeKeyOf } from "../../src/flows/customers/store-key.js";
import { listOrders, listRuns, type RunRecord } from "../../src/store/index.js";
import { type OrdersHarness, startOrdersHarness } from "../flows/orders/orders-harness.js";
import { cleanEnv, daemonSettings, registerWebhooks, startDaemonProcess, waitUntil } from "./daemon-process.js";

const run = promisify(execFile);
const main = join(import.meta.dirname, "../../src/cli/main.ts");
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

let h: OrdersHarness;
let dir: string;
let env: Record<string, string>;
const placed: number[] = [];

async function states(): Promise<Map<number, string>> {
  const rows = await listOrders(h.ports.state.db, { storeId: storeKeyOf(h.sandbox.url), limit: 10_000 });
  return new Map(rows.map((o) => [o.wooOrderId, o.state]));
}

async function allAcknowledged(): Promise<boolean> {
  const s = await states();
  return placed.every((id) => s.get(id) === "acknowledged");
}

async function place(n: number, tag: string): Promise<void> {
  const skus = ["PBO-BTL-32", "PBO-TOTE"];
  for (let i = 0; i < n; i++) {
    const order = await h.place({
      lines: [{ sku: skus[i % 2] ?? "PBO-TOTE", quantity: 1 + (i % 3) }],
      guest: { email: `${tag}-${i}@example.com` },
    });
    placed.push(order.id);
  }
}

/** Exactly one Counterpoint document and one web note per placed order. */
async function expectEachOrderOnce(): Promise<void> {
  const docs = await h.cp.selectFrom("PS_DOC_HDR").select(["REF", "TKT_NO"]).where("REF", "is not", null).execute();
  expect(docs).toHaveLength(placed.length);
  expect(new Set(docs.map((d) => d.REF)).size).toBe(placed.length);
  expect(new Set(docs.map((d) => d.TKT_NO)).size).toBe(placed.length);
  for (const id of placed) {
    const notes = await h.woo.orders.listNotes(id);
    expect(
      notes.filter((n) => n.note.startsWith("Counterpoint order")),
      `notes of web order ${id}`,
    ).toHaveLength(1);
  }
}

const runs = (query: { jobName?: string } = {}): Promise<RunRecord[]> =>
  listRuns(h.ports.state.db, { ...query, limit: 10_000 });

async function ownedRunning(pid: number): Promise<number> {
  const rows = await h.ports.state.db
    .selectFrom("run_log")
    .select("run_id")
    .where("status", "=", "running")
    .where("owner", "=", `${hostname()}:${pid}`)
    .execute();
  return rows.length;
}

async function cpwoo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [main, ...args], { cwd: dir, env: cleanEnv(env), timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  h = await startOrdersHarness("sqlite");
  dir = mkdtempSync(join(tmpdir(), "cpwoo-daemon-"));
  env = {
    CPWOO_CP_DB: h.cpUrl,
    CPWOO_STATE_DB: h.stateUrl,
    CPWOO_WOO_URL: h.sandbox.url,
    CPWOO_WOO_KEY: h.sandbox.consumerKey,
    CPWOO_WOO_SECRET: h.sandbox.consumerSecret,
  };
}, 60_000);

afterAll(async () => {
  await h?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// One story on one SQLite state store: each step starts where the previous one left the replica, store and state.
describe("cpwoo run (embedded queue, SQLite state)", { timeout: 180_000 }, () => {
  it("runs the flows on their schedules, takes a webhook order, serves /health and /metrics, exits 0 on SIGTERM", async () => {
    // No poll until next year: only the webhook can bring the order in.
    const settings = daemonSettings();
    const schedules = settings.schedules as Record<string, unknown>;
    const d = startDaemonProcess(
      dir,
      "webhook",
      {
        ...settings,
        schedules: { ...schedules, ordersPoll: { cron: "0 0 1 1 *" } },
        pricing: { enabled: true, requireApiKey: false },
      },
      env,
    );
    const address = await d.address;
    await registerWebhooks(h, address);
    await place(1, "webhook");
    await waitUntil(allAcknowledged, 60_000, "the webhook order to be acknowledged");
    await waitUntil(
      async () => {
        const names = new Set((await runs()).filter((r) => r.status === "succeeded").map((r) => r.jobName));
        return ["inventory.sync", "fulfilment.sync", "orders.drain"].every((n) => names.has(n));
      },
      30_000,
      "scheduled runs",
    );
    expect((await runs({ jobName: "orders.poll" })).filter((r) => r.status !== "running")).toEqual([]);

    await waitUntil(async () => (await fetch(`${address}/health`)).status === 200, 30_000, "the price cache");
    const health = (await (await fetch(`${address}/health`)).json()) as { parts: Record<string, unknown> };
    expect(health.parts.pricing).toMatchObject({ ok: true, cacheLoaded: true });
    // The pricing routes are mounted: an unknown customer gets the pricing API's own answer.
    const price = await fetch(`${address}/api/v1/prices/PBO-TOTE?customer=NOBODY`);
    expect(await price.json()).toMatchObject({ ok: false, error: "unknown_customer" });
    const metrics = await (await fetch(`${address}/metrics`)).text();
    expect(metrics).toContain("cpwoo_http_request_duration_seconds");

    const exit = await d.stop("SIGTERM");
    expect(exit, d.stderr()).toEqual({ code: 0, signal: null });
    expect(d.stderr()).toContain("embedded queue");
    expect(d.stdout()).toMatch(/inventory\.sync (attempt 1\/3 )?succeeded in \d+\.\ds: /);
    expect(d.stdout()).toMatch(/orders\.drain succeeded in \d+\.\ds: claimed 1, acknowledged 1/);
    // Everything it ran was closed: finished, or given back at shutdown.
    expect(await ownedRunning(d.pid)).toBe(0);
    await expectEachOrderOnce();
  });

  it("SIGKILLed under load and restarted, it finishes every order exactly once", async () => {
    await place(12, "kill");
    // Small batches, so the kill lands while orders are claimed and half-done.
    const settings = daemonSettings({ orders: { batchSize: 3 } });
    const first = startDaemonProcess(dir, "kill-1", settings, env);
    await first.address;
    const before = [...(await states()).values()].filter((s) => s === "acknowledged").length;
    await waitUntil(
      async () => [...(await states()).values()].filter((s) => s === "acknowledged").length > before,
      60_000,
      "the first orders of the batch",
    );
    expect(await first.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    const second = startDaemonProcess(dir, "kill-2", settings, env);
    await second.address;
    // The restart closed whatever the killed process left running.
    expect(await ownedRunning(first.pid)).toBe(0);
    await waitUntil(allAcknowledged, 90_000, "every order after the restart");
    expect(await second.stop("SIGTERM"), second.stderr()).toEqual({ code: 0, signal: null });
    await expectEachOrderOnce();
  });

  it("with WooCommerce down, runs fail and are logged; when it is back the backlog drains", async () => {
    await place(5, "outage");
    const fault = h.sandbox.faults.add({ path: "/wc/v3", kind: "status", status: 503 });
    const settings = daemonSettings({ woo: { webhookSecret: "daemon-test-secret", maxRetries: 0, timeoutMs: 2000 } });
    const d = startDaemonProcess(dir, "outage", settings, env);
    await d.address;
    const startedAt = new Date().toISOString();
    await waitUntil(
      async () =>
        (await runs({ jobName: "orders.poll" })).some((r) => r.status === "failed" && r.startedAt > startedAt),
      30_000,
      "a failed poll while WooCommerce answers 503",
    );
    expect(await allAcknowledged()).toBe(false);
    expect(h.sandbox.faults.remove(fault)).toBe(true);
    await waitUntil(allAcknowledged, 60_000, "the backlog to drain");
    expect((await d.stop("SIGTERM")).code).toBe(0);
    expect(d.stdout()).toMatch(/orders\.poll attempt \d\/3 failed in \d+\.\ds: .*503/);
    await expectEachOrderOnce();

    const listed = await cpwoo("runs", "list", "--job", "orders.poll", "--json");
    expect(listed.code, listed.stderr).toBe(0);
    const polls = JSON.parse(listed.stdout) as RunRecord[];
    expect(polls.every((r) => r.jobName === "orders.poll")).toBe(true);
    const statuses = polls.map((r) => r.status);
    expect(statuses).toContain("succeeded");
    expect(statuses).toContain("failed");
    expect(polls.find((r) => r.status === "failed")?.error).toContain("503");

    const table = await cpwoo("runs", "list", "--limit", "5");
    expect(table.stdout).toMatch(/Started.*Job.*Attempt.*Status/);
    expect(table.stdout).toContain("5 runs");
    const bad = await cpwoo("runs", "list", "--limit", "0");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--limit must be 1–10000");
  });
});
