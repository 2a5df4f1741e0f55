import { sql } from "kysely";
import type { CounterpointDb } from "../../src/counterpoint/connect.js";
import { refPrefixOf } from "../../src/flows/orders/order-ref.js";
import type { SeededRandom } from "../../src/sandbox/replica/seeded-random.js";
import { placeOrder } from "../../src/sandbox/woo/place-order.js";
import type { StateStore } from "../../src/store/index.js";
import type { WooClient } from "../../src/woocommerce/index.js";
import { emit } from "../emit.js";
import { randomAddress, randomOrder, type WebShopper } from "./order-load.js";
import type { SandboxChild } from "./sandbox-child.js";

/** What both modes of the orders bench share: the databases, the fake store with its catalog, and the settings. */
export interface OrdersBenchRun {
  orders: number;
  workers: number;
  concurrency: number;
  batch: number;
  /** Phase 2: orders placed per second, for `latencySeconds` (0 skips the phase). */
  rate: number;
  latencySeconds: number;
  cp: CounterpointDb;
  cpDbUrl: string;
  state: StateStore;
  stateDbUrl: string;
  sandbox: SandboxChild;
  /** The shop's own client (loading, webhook registration): its requests are not cpwoo's. */
  loader: WooClient;
  random: SeededRandom;
  skus: readonly string[];
  shoppers: readonly WebShopper[];
}

export const BENCH = "orders";
export const round = (n: number, digits = 1) => Number(n.toFixed(digits));
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Order counts of a store by state (`acknowledged`, `invalid`, …). */
export async function orderStatesOf(state: StateStore, storeId: string): Promise<Map<string, number>> {
  const rows = await state.db
    .selectFrom("synced_orders")
    .select(["state", sql<number>`count(*)`.as("N")])
    .where("store_id", "=", storeId)
    .groupBy("state")
    .execute();
  return new Map(rows.map((r) => [r.state, Number(r.N)]));
}

/** Phase 1's checks: one document per order with distinct references, every order acknowledged in the state store. */
export async function checkDrained(run: OrdersBenchRun, storeId: string): Promise<number> {
  const docs = await run.cp
    .selectFrom("PS_DOC_HDR")
    .select([sql<number>`count(*)`.as("N"), sql<number>`count(distinct "REF")`.as("REFS")])
    .where("REF", "like", `${refPrefixOf(storeId)}%`)
    .executeTakeFirstOrThrow();
  const states = await orderStatesOf(run.state, storeId);
  const stateText = [...states].map(([s, n]) => `${s}=${n}`).join(", ");
  if (Number(docs.N) !== run.orders || Number(docs.REFS) !== run.orders)
    throw new Error(`expected ${run.orders} documents, found ${docs.N} (${docs.REFS} distinct references)`);
  if (states.size !== 1 || states.get("acknowledged") !== run.orders)
    throw new Error(`expected ${run.orders} acknowledged orders, the state store has ${stateText}`);
  return Number(docs.N);
}

/** Woo requests per order, by `METHOD /route` under /wc/v3 (`GET /orders/{id}`), as the bench has always named them. */
export function emitWooRequests(requests: ReadonlyMap<string, number>, orders: number): void {
  const total = [...requests.values()].reduce((a, n) => a + n, 0);
  emit(BENCH, "woo_requests", total, "requests");
  emit(BENCH, "woo_requests_per_order", round(total / orders, 3), "requests/order");
  for (const [endpoint, n] of [...requests].sort()) emit(BENCH, `woo_requests ${endpoint}`, n, "requests");
}

/** Orders placed through checkout at `rate`/s: each web id with the moment (epoch ms) its placement began. */
export interface Placements {
  placedAt: Map<number, number>;
  checkoutMs: number[];
}

export async function placeOrdersAtRate(run: OrdersBenchRun, total: number): Promise<Placements> {
  const r = run.random;
  const placedAt = new Map<number, number>();
  const checkoutMs: number[] = [];
  const placing: Promise<void>[] = [];
  const phaseStart = Date.now();
  for (let i = 0; i < total; i++) {
    const due = phaseStart + (i * 1000) / run.rate;
    await sleep(Math.max(0, due - Date.now()));
    const order = randomOrder(r, run.skus, run.shoppers, 3_000);
    const member = order.customer_id === 0 ? undefined : order.customer_id;
    const address = randomAddress(r);
    placing.push(
      (async () => {
        const t0 = Date.now();
        const placed = await placeOrder({
          url: run.sandbox.url,
          consumerKey: "ck_test",
          consumerSecret: "cs_test",
          ...(member === undefined
            ? {
                guest: {
                  email: order.billing?.email ?? "guest@example.com",
                  firstName: address.first_name ?? "Guest",
                  lastName: address.last_name ?? "Buyer",
                  address: `${address.address_1}, ${address.city}, FL ${address.postcode}`,
                  phone: address.phone ?? "",
                },
              }
            : { customerId: member }),
          lines: (order.line_items ?? []).map((l) => ({ sku: l.sku ?? "", quantity: l.quantity })),
          ...(order.coupon_lines === undefined ? {} : { coupons: order.coupon_lines.map((c) => c.code) }),
          ...(order.shipping_lines?.[0] === undefined
            ? {}
            : { shipping: { methodId: order.shipping_lines[0].method_id, total: order.shipping_lines[0].total } }),
          paid: true,
          paymentMethod: order.payment_method ?? "stripe",
        });
        placedAt.set(placed.id, t0);
        checkoutMs.push(Date.now() - t0);
      })(),
    );
  }
  await Promise.all(placing);
  return { placedAt, checkoutMs };
}

/** Registers the WooCommerce webhooks cpwoo listens to at `receiver` (`http://host:port`). */
export async function registerOrderWebhooks(run: OrdersBenchRun, receiver: string, secret: string): Promise<void> {
  for (const topic of ["order.created", "order.updated"]) {
    await run.loader.webhooks.create({
      name: `cpwoo ${topic}`,
      topic,
      delivery_url: `${receiver}/webhooks/woocommerce`,
      secret,
      status: "active",
    });
  }
}

/** Phase 2's figures: placement → document written (`writtenAt`, epoch ms, by web id); fails if one is missing. */
export function emitLatency(run: OrdersBenchRun, placements: Placements, writtenAt: ReadonlyMap<number, number>): void {
  const total = run.rate * run.latencySeconds;
  const latencies = [...placements.placedAt].flatMap(([id, t0]) => {
    const t1 = writtenAt.get(id);
    return t1 === undefined ? [] : [t1 - t0];
  });
  latencies.sort((a, b) => a - b);
  const checkoutMs = [...placements.checkoutMs].sort((a, b) => a - b);
  if (latencies.length !== total)
    throw new Error(`phase 2: ${latencies.length} of ${total} placed orders reached a document within 60 s`);
  emit(BENCH, "latency_orders", total, "orders");
  emit(BENCH, "latency_rate", run.rate, "orders/s");
  emit(BENCH, "latency_p50_ms", round(percentile(latencies, 50)), "ms");
  emit(BENCH, "latency_p99_ms", round(percentile(latencies, 99)), "ms");
  emit(BENCH, "latency_max_ms", round(latencies[latencies.length - 1] ?? Number.NaN), "ms");
  emit(BENCH, "checkout_p50_ms", round(percentile(checkoutMs, 50)), "ms");
}
