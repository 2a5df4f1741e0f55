import { afterEach, describe, expect, it } from "vitest";
import { connectCounterpoint } from "../../../src/counterpoint/connect.js";
import { drainOrders } from "../../../src/flows/orders/drain-orders.js";
import type { OrderPorts } from "../../../src/flows/orders/order-ports.js";
import { pollOrders } from "../../../src/flows/orders/poll-orders.js";
import { listOrders, openStateStore } from "../../../src/store/index.js";
import { WooClient } from "../../../src/woocommerce/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type OrdersHarness, startOrdersHarness } from "./orders-harness.js";

const skus = ["PBO-BTL-32", "PBO-TOTE", "PBO-TEE-PELICAN", "PBO-SUN-50", "PBO-HOOD-M", "PBO-HOOD-L"];

async function placeMany(h: OrdersHarness, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const lines = [0, 1, 2]
      .slice(0, 1 + (i % 3))
      .map((k) => ({ sku: skus[(i + k) % skus.length] as string, quantity: 1 + (k % 2) }));
    // Every fifth shopper orders twice: one customer, created once.
    const email = `shopper${i % 5 === 0 ? 0 : i}@example.com`;
    ids.push((await h.place({ lines, guest: { email }, ...(i % 4 === 0 ? { coupons: ["sunny10"] } : {}) })).id);
  }
  return ids;
}

async function drainUntilDone(ports: OrderPorts, worker: string, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const s = await drainOrders(ports, { worker, leaseMs: 30_000, limit: 5 });
    if (s.claimed === 0) {
      const left = await listOrders(ports.state.db, {
        storeId: ports.storeId,
        states: ["received", "staged", "retrying", "created"],
      });
      if (left.length === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function expectAllDoneOnce(h: OrdersHarness, ids: readonly number[]): Promise<void> {
  const states = await listOrders(h.ports.state.db, { storeId: "test-store", limit: 1000 });
  expect(
    states.filter((o) => o.state !== "acknowledged").map((o) => `${o.wooOrderId}: ${o.state} ${o.reason}`),
  ).toEqual([]);
  expect(states).toHaveLength(ids.length);
  const docs = await h.cp
    .selectFrom("PS_DOC_HDR")
    .select(["REF", "DOC_ID", "TKT_NO"])
    .where("REF", "is not", null)
    .execute();
  expect(docs).toHaveLength(ids.length);
  expect(new Set(docs.map((d) => d.REF)).size).toBe(ids.length);
  expect(new Set(docs.map((d) => d.TKT_NO)).size).toBe(ids.length);
  expect(new Set(docs.map((d) => String(d.DOC_ID))).size).toBe(ids.length);
  for (const id of ids) {
    const notes = await h.woo.orders.listNotes(id);
    expect(
      notes.filter((n) => n.note.startsWith("Counterpoint order")),
      `notes of ${id}`,
    ).toHaveLength(1);
  }
}

describe("orders under load and faults", () => {
  let h: OrdersHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it.skipIf(!testEngines.includes("postgres"))(
    "4 workers with their own connections drain one backlog on PostgreSQL without a duplicate document, ticket or allocation",
    async () => {
      h = await startOrdersHarness("postgres", { concurrency: 2 });
      const ids = await placeMany(h, 40);
      const hoodBefore = await h.cp
        .selectFrom("IM_INV")
        .select("QTY_ON_SO")
        .where("ITEM_NO", "=", "PBO-HOOD")
        .where("LOC_ID", "=", "01")
        .executeTakeFirst();
      await pollOrders(h.ports);
      const workers = await Promise.all(
        [1, 2, 3, 4].map(async (n) => {
          const cp = connectCounterpoint(h?.cpUrl as string);
          const state = await openStateStore(h?.stateUrl as string);
          return {
            ports: { ...(h as OrdersHarness).ports, cp, state },
            n,
            close: async () => {
              await cp.destroy();
              await state.close();
            },
          };
        }),
      );
      try {
        await Promise.all(workers.map((w) => drainUntilDone(w.ports, `worker-${w.n}`)));
      } finally {
        await Promise.all(workers.map((w) => w.close()));
      }
      await expectAllDoneOnce(h, ids);
      // Stock allocated once per line: QTY_ON_SO rose by exactly the hoodie quantities ordered.
      const ordered = await h.cp
        .selectFrom("PS_DOC_LIN as l")
        .innerJoin("PS_DOC_HDR as d", "d.DOC_ID", "l.DOC_ID")
        .select("l.QTY_SOLD")
        .where("l.ITEM_NO", "=", "PBO-HOOD")
        .where("d.REF", "is not", null)
        .execute();
      const hoodAfter = await h.cp
        .selectFrom("IM_INV")
        .select("QTY_ON_SO")
        .where("ITEM_NO", "=", "PBO-HOOD")
        .where("LOC_ID", "=", "01")
        .executeTakeFirst();
      const sum = ordered.reduce((a, r) => a + Number(r.QTY_SOLD), 0);
      expect(Number(hoodAfter?.QTY_ON_SO ?? 0) - Number(hoodBefore?.QTY_ON_SO ?? 0)).toBe(sum);
    },
    120_000,
  );

  it.each(testEngines)(
    "loses nothing when the store answers 429, 500, 503, times out and resets connections (%s)",
    async (engine) => {
      h = await startOrdersHarness(engine, { retry: { baseMs: 10, maxMs: 100 }, maxAttempts: 100 });
      const ids = await placeMany(h, 12);
      await pollOrders(h.ports);
      const woo = new WooClient({
        url: h.sandbox.url,
        key: h.sandbox.consumerKey,
        secret: h.sandbox.consumerSecret,
        timeoutMs: 1000,
        maxRetries: 1,
        retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2000 },
      });
      const f = h.sandbox.faults;
      f.add({ path: "/wc/v3/orders", method: "GET", kind: "status", status: 429, retryAfterSeconds: 1, every: 3 });
      f.add({ path: /\/notes$/, method: "POST", kind: "status", status: 500, every: 4 });
      f.add({ path: /\/notes$/, method: "POST", kind: "status", status: 502, phase: "after", every: 5 });
      f.add({ path: "/wc/v3/orders/batch", kind: "status", status: 503, times: 2 });
      f.add({ path: "/wc/v3/orders/batch", kind: "reset", phase: "after", times: 1 });
      f.add({ path: "/wc/v3/orders", method: "GET", kind: "delay", ms: 1500, times: 2 });
      try {
        await drainUntilDone({ ...h.ports, woo }, "faulty");
      } finally {
        await woo.close();
      }
      expect(f.stats().every((s) => s.injected > 0)).toBe(true);
      await expectAllDoneOnce(h, ids);
      const retried = await listOrders(h.ports.state.db, { storeId: "test-store", limit: 1000 });
      expect(retried.some((o) => o.attempts > 0)).toBe(true);
    },
    120_000,
  );
});
