import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeKeyOf } from "../../src/flows/customers/store-key.js";
import { listOrders, listRuns } from "../../src/store/index.js";
import { testEngines } from "../helpers/databases.js";
import { type OrdersHarness, startOrdersHarness } from "../flows/orders/orders-harness.js";
import { daemonSettings, registerWebhooks, startDaemonProcess, waitUntil } from "./daemon-process.js";

const hasPostgres = testEngines.includes("postgres");

/** `schedule <name> slot <iso> queued|skipped` lines a daemon printed: the slots it fired. */
function firedSlots(stdout: string): string[] {
  return [...stdout.matchAll(/ schedule (\S+) slot (\S+) /g)].map((m) => `${m[1]} ${m[2]}`);
}

describe.runIf(hasPostgres)("cpwoo run on a PostgreSQL state store and replica", { timeout: 180_000 }, () => {
  let h: OrdersHarness;
  let dir: string;
  let env: Record<string, string>;
  let appName: string;
  const placed: number[] = [];

  async function allAcknowledged(): Promise<boolean> {
    const rows = await listOrders(h.ports.state.db, { storeId: storeKeyOf(h.sandbox.url), limit: 10_000 });
    const s = new Map(rows.map((o) => [o.wooOrderId, o.state]));
    return placed.every((id) => s.get(id) === "acknowledged");
  }

  async function place(n: number, tag: string): Promise<void> {
    for (let i = 0; i < n; i++) {
      const sku = i % 2 === 0 ? "PBO-BTL-32" : "PBO-TOTE";
      placed.push((await h.place({ lines: [{ sku, quantity: 1 }], guest: { email: `${tag}-${i}@example.com` } })).id);
    }
  }

  async function expectEachOrderOnce(): Promise<void> {
    const docs = await h.cp.selectFrom("PS_DOC_HDR").select(["REF"]).where("REF", "is not", null).execute();
    expect(docs).toHaveLength(placed.length);
    expect(new Set(docs.map((d) => d.REF)).size).toBe(placed.length);
    for (const id of placed) {
      const notes = await h.woo.orders.listNotes(id);
      expect(
        notes.filter((n) => n.note.startsWith("Counterpoint order")),
        `notes of ${id}`,
      ).toHaveLength(1);
    }
  }

  beforeEach(async () => {
    placed.length = 0;
    h = await startOrdersHarness("postgres");
    dir = mkdtempSync(join(tmpdir(), "cpwoo-daemon-pg-"));
    // The daemon's Counterpoint connections carry a name, so the test can cut exactly those.
    appName = `cpwoo_cp_${Math.random().toString(36).slice(2, 10)}`;
    const cpUrl = new URL(h.cpUrl);
    cpUrl.searchParams.set("application_name", appName);
    env = {
      CPWOO_CP_DB: cpUrl.toString(),
      CPWOO_STATE_DB: h.stateUrl,
      CPWOO_WOO_URL: h.sandbox.url,
      CPWOO_WOO_KEY: h.sandbox.consumerKey,
      CPWOO_WOO_SECRET: h.sandbox.consumerSecret,
    };
  }, 60_000);

  afterEach(async () => {
    await h?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("two daemons on one state store fire each schedule slot once and make each order once", async () => {
    const first = startDaemonProcess(dir, "one", daemonSettings(), env);
    await registerWebhooks(h, await first.address);
    const second = startDaemonProcess(dir, "two", daemonSettings(), env);
    await second.address;
    await place(10, "pair");
    await waitUntil(allAcknowledged, 90_000, "every order");
    // Let the frequent schedules come round a few more times with both daemons up.
    await waitUntil(
      async () => (await listRuns(h.ports.state.db, { jobName: "inventory.sync", limit: 100 })).length >= 6,
      60_000,
      "six stock runs",
    );
    expect(await first.stop("SIGTERM"), first.stderr()).toEqual({ code: 0, signal: null });
    expect(await second.stop("SIGTERM"), second.stderr()).toEqual({ code: 0, signal: null });
    expect(first.stderr()).toContain("pg-boss queue");
    await expectEachOrderOnce();

    const slots = [...firedSlots(first.stdout()), ...firedSlots(second.stdout())];
    expect(slots.filter((s) => s.startsWith("inventory.sync ")).length).toBeGreaterThanOrEqual(6);
    expect(new Set(slots).size).toBe(slots.length);

    const runs = await listRuns(h.ports.state.db, { limit: 10_000 });
    const attempts = runs.filter((r) => r.jobId !== null).map((r) => `${r.jobId} ${r.attempt}`);
    expect(new Set(attempts).size).toBe(attempts.length);
    // A schedule's job is a singleton: no two runs of one job overlap, whichever daemon ran them.
    for (const name of ["inventory.sync", "fulfilment.sync", "orders.poll"]) {
      const spans = runs
        .filter((r) => r.jobName === name && r.finishedAt !== null)
        .map((r) => [Date.parse(r.startedAt), Date.parse(r.finishedAt ?? "")] as const)
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) {
        expect(spans[i]?.[0], `${name} run ${i}`).toBeGreaterThanOrEqual(spans[i - 1]?.[1] ?? 0);
      }
    }
  });

  it("recovers when the Counterpoint database drops every connection", async () => {
    const d = startDaemonProcess(dir, "restart", daemonSettings(), env);
    await registerWebhooks(h, await d.address);
    await place(2, "before");
    await waitUntil(allAcknowledged, 60_000, "the first orders");
    const admin = new pg.Client({ connectionString: process.env.CPWOO_TEST_PG_URL });
    await admin.connect();
    try {
      const cut = async () => {
        const r = await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1",
          [appName],
        );
        return r.rowCount ?? 0;
      };
      expect(await cut()).toBeGreaterThan(0);
      // Orders keep coming while the connections are cut again and again.
      await place(3, "during");
      for (let i = 0; i < 5; i++) {
        await cut();
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      await admin.end();
    }
    await place(2, "after");
    await waitUntil(allAcknowledged, 60_000, "every order after the outage", d);
    expect(d.child.exitCode).toBeNull();
    expect(await d.stop("SIGTERM"), d.stderr()).toEqual({ code: 0, signal: null });
    await expectEachOrderOnce();
  });
});
