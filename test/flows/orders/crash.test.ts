import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OrderStep } from "../../../src/flows/orders/order-ports.js";
import { pollOrders } from "../../../src/flows/orders/poll-orders.js";
import { listOrders } from "../../../src/store/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type OrdersHarness, startOrdersHarness } from "./orders-harness.js";

const tsx = join(import.meta.dirname, "../../../node_modules/.bin/tsx");
const script = join(import.meta.dirname, "crash-worker.ts");
const LEASE_MS = 800;

function runWorker(h: OrdersHarness, crashAt?: OrderStep): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [script], {
      env: {
        ...process.env,
        CP_URL: h.cpUrl,
        STATE_URL: h.stateUrl,
        WOO_URL: h.sandbox.url,
        WOO_KEY: h.sandbox.consumerKey,
        WOO_SECRET: h.sandbox.consumerSecret,
        SETTINGS: JSON.stringify({ customers: { taxCodes: { byState: { FL: "FL-Broward" } } } }),
        LEASE_MS: String(LEASE_MS),
        ...(crashAt === undefined ? {} : { CRASH_AT: crashAt }),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      // tsx runs the script in a child node and reports its SIGKILL as exit code 137.
      const killed = signal === "SIGKILL" || code === 137;
      if (code !== 0 && !killed) reject(new Error(`worker failed (${code}): ${stderr}`));
      else resolve({ code, signal: killed ? "SIGKILL" : signal });
    });
  });
}

const steps: readonly OrderStep[] = [
  "claimed",
  "staged",
  "cp-committed",
  "created",
  "note-added",
  "web-updated",
  "acknowledged",
];

describe.each(testEngines)("orders survive a killed worker on %s", (engine) => {
  let h: OrdersHarness;
  beforeEach(async () => {
    h = await startOrdersHarness(engine);
  });
  afterEach(async () => {
    await h.dispose();
  });

  it("makes exactly one document and one note per order whichever step the worker dies at", async () => {
    const placed: number[] = [];
    for (const step of steps) {
      // Two orders per round: the one the worker dies on, and one it may or may not have reached.
      for (const sku of ["PBO-BTL-32", "PBO-TOTE"]) {
        placed.push((await h.place({ lines: [{ sku, quantity: 1 }], guest: { email: `${step}@example.com` } })).id);
      }
      await pollOrders(h.ports, { since: new Date(Date.now() - 3600_000) });
      const crashed = await runWorker(h, step);
      expect(crashed.signal, `worker killed at ${step}`).toBe("SIGKILL");
      await new Promise((r) => setTimeout(r, LEASE_MS + 200)); // the dead worker's claims expire
      const restarted = await runWorker(h);
      expect(restarted.code).toBe(0);
    }
    const states = await listOrders(h.ports.state.db, { storeId: "test-store", limit: 1000 });
    expect(states.map((o) => `${o.wooOrderId}:${o.state}`).sort()).toEqual(
      placed.map((id) => `${id}:acknowledged`).sort(),
    );
    const docs = await h.cp
      .selectFrom("PS_DOC_HDR")
      .select(["REF", "DOC_ID", "TKT_NO"])
      .where("REF", "is not", null)
      .execute();
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
  }, 240_000);
});
