import { setTimeout as sleep } from "node:timers/promises";
import type { JobQueueEvent } from "../jobs/index.js";
import { RECORDED_ITEMS } from "../sandbox/replica/demo-store-data.js";
import { placeOrder } from "../sandbox/woo/place-order.js";
import { findOrder, listOrderTransitions, type OrderState } from "../store/index.js";
import { type AppContext, createAppContext } from "./app-context.js";
import { type Daemon, startDaemon } from "./daemon.js";
import type { RunningDemo } from "./demo.js";
import { DEMO_SHOPPERS, type DemoShopper } from "./demo-shoppers.js";
import { receiveCounterpointStock } from "./demo-stock-change.js";
import { registerWebhooks } from "./init-setup.js";

/** One demo order from checkout to Counterpoint document and back. */
export interface DemoOrderResult {
  wooOrderId: number;
  wooNumber: string;
  shopper: string;
  shows: string;
  /** The web total, decimal text. */
  total: string;
  currency: string;
  /** The last state seen; null when cpwoo never recorded the order. */
  state: OrderState | null;
  cpDocId: string | null;
  cpTktNo: string | null;
  /** Checkout to acknowledged (document written, note and meta on the web order); null if it did not happen. */
  secondsToDocument: number | null;
  noteOnWeb: boolean;
  /** What fitting the order to Counterpoint cut or defaulted. */
  warnings: string[];
  reason: string | null;
}

export interface DemoStockResult {
  sku: string;
  /** Web stock before the change in Counterpoint. */
  webBefore: number | null;
  expected: number;
  /** Web stock when the demo stopped waiting. */
  webAfter: number | null;
  secondsToWeb: number | null;
}

export interface DemoReport {
  ok: boolean;
  /** What did not happen in time, one sentence each. */
  failures: string[];
  orders: DemoOrderResult[];
  stock: DemoStockResult | null;
  urls: { wooRest: string; health: string; metrics: string; docs: string };
}

export interface DemoScenarioOptions {
  /** How long to wait for the orders, then again for the stock (default 40 s each). */
  timeoutMs?: number;
  /** Units received in Counterpoint for the stock step (default 24). */
  stockDelta?: number;
  say?: (line: string) => void;
}

/** The daemon running on the demo, with the report of the scripted scenario. */
export interface DemoRun {
  report: DemoReport;
  daemon: Daemon;
  /** Stops the daemon and closes its connections (the demo's sandbox stays up: `RunningDemo.close`). */
  close(): Promise<void>;
}

/** The item whose stock the demo changes in Counterpoint: simple, on the web, not sold out by the orders. */
const STOCK_ITEM = "PBO-SUN-50";
const POLL_MS = 250;

const shopperName = (s: DemoShopper) => s.guest.company ?? `${s.guest.firstName} ${s.guest.lastName}`;

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** Places the demo's orders over the store's REST API, as checkout does (paid, so cpwoo takes them). */
async function placeShopperOrders(demo: RunningDemo, say: (line: string) => void) {
  const placed: Array<{
    shopper: DemoShopper;
    id: number;
    number: string;
    total: string;
    currency: string;
    at: number;
  }> = [];
  for (const shopper of DEMO_SHOPPERS) {
    const at = Date.now();
    const order = await placeOrder({
      url: demo.sandbox.url,
      consumerKey: demo.sandbox.consumerKey,
      consumerSecret: demo.sandbox.consumerSecret,
      guest: shopper.guest,
      lines: shopper.lines,
      ...(shopper.coupons === undefined ? {} : { coupons: shopper.coupons }),
      shipping: shopper.shipping,
      paid: true,
      paymentMethod: shopper.paymentMethod,
    });
    say(
      `  web order #${order.number} placed: ${shopperName(shopper)}, ${shopper.shows}, ${order.total} ${order.currency}`,
    );
    placed.push({ shopper, id: order.id, number: order.number, total: order.total, currency: order.currency, at });
  }
  return placed;
}

/** Waits until every order is acknowledged with its note on the web order, or invalid/dead, or the time is up. */
async function waitForDocuments(
  ctx: AppContext,
  daemon: Daemon,
  placed: Awaited<ReturnType<typeof placeShopperOrders>>,
  timeoutMs: number,
  say: (line: string) => void,
): Promise<DemoOrderResult[]> {
  const state = await ctx.state();
  const storeId = daemon.orders.ports.storeId;
  const results: DemoOrderResult[] = placed.map((p) => ({
    wooOrderId: p.id,
    wooNumber: p.number,
    shopper: shopperName(p.shopper),
    shows: p.shopper.shows,
    total: p.total,
    currency: p.currency,
    state: null,
    cpDocId: null,
    cpTktNo: null,
    secondsToDocument: null,
    noteOnWeb: false,
    warnings: [],
    reason: null,
  }));
  const settled = (r: DemoOrderResult) => r.noteOnWeb || r.state === "invalid" || r.state === "dead";
  const deadline = Date.now() + timeoutMs;
  while (!results.every(settled) && Date.now() < deadline) {
    for (const [i, r] of results.entries()) {
      if (settled(r)) continue;
      const key = { storeId, wooOrderId: r.wooOrderId };
      const row = await findOrder(state.db, key);
      if (row === undefined) continue;
      Object.assign(r, {
        state: row.state,
        cpDocId: row.cpDocId,
        cpTktNo: row.cpTktNo,
        warnings: row.warnings,
        reason: row.reason,
      });
      if (row.state !== "acknowledged" || row.cpDocId === null) continue;
      const notes = await ctx.woo().orders.listNotes(r.wooOrderId, "internal");
      r.noteOnWeb = notes.some((n) => n.note.includes(`document ${row.cpDocId}`));
      if (!r.noteOnWeb) continue;
      const acked = (await listOrderTransitions(state.db, key)).find((t) => t.to === "acknowledged");
      const placedAt = placed[i]?.at ?? Date.now();
      r.secondsToDocument = seconds((acked === undefined ? Date.now() : Date.parse(acked.at)) - placedAt);
      say(`  web order #${r.wooNumber} → Counterpoint ${r.cpTktNo ?? ""} (document ${r.cpDocId}), note on the web`);
    }
    if (!results.every(settled)) await sleep(POLL_MS);
  }
  return results;
}

async function webStockOf(ctx: AppContext, sku: string): Promise<number | null> {
  const [product] = await ctx.woo().products.bySku(sku);
  return product?.stock_quantity ?? null;
}

/** Resolves once a stock sync that started at or after `since` has finished (false when the time ran out first). */
async function stockSyncAfter(stockRuns: readonly Date[], since: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (stockRuns.some((at) => at.getTime() >= since)) return true;
    await sleep(POLL_MS);
  }
  return false;
}

/**
 * Receives stock of one item in Counterpoint and waits until the web product shows cpwoo's available quantity. A stock
 * sync is let finish first, so the web starts from Counterpoint's own figure and the change is all that moves it.
 */
async function changeStockAndWait(
  ctx: AppContext,
  stockRuns: readonly Date[],
  delta: number,
  timeoutMs: number,
  say: (line: string) => void,
): Promise<DemoStockResult> {
  const spec = RECORDED_ITEMS.find((item) => item.itemNo === STOCK_ITEM);
  await stockSyncAfter(stockRuns, Date.now(), Date.now() + timeoutMs);
  const webBefore = await webStockOf(ctx, STOCK_ITEM);
  const started = Date.now();
  const change = await receiveCounterpointStock(
    ctx.counterpoint(),
    ctx.settings,
    { itemNo: STOCK_ITEM, categCod: spec?.categ ?? null },
    delta,
  );
  say(
    `  Counterpoint: received ${delta} × ${STOCK_ITEM} at location ${change.locId}; the web should show ` +
      `${change.expectedWebStock} (now ${webBefore ?? "none"})`,
  );
  const deadline = started + timeoutMs;
  let webAfter = webBefore;
  while (Date.now() < deadline) {
    webAfter = await webStockOf(ctx, STOCK_ITEM);
    if (webAfter === change.expectedWebStock) {
      const secondsToWeb = seconds(Date.now() - started);
      say(`  web: ${STOCK_ITEM} stock is ${webAfter} after ${secondsToWeb} s`);
      return { sku: STOCK_ITEM, webBefore, expected: change.expectedWebStock, webAfter, secondsToWeb };
    }
    await sleep(POLL_MS);
  }
  return { sku: STOCK_ITEM, webBefore, expected: change.expectedWebStock, webAfter, secondsToWeb: null };
}

function orderFailure(r: DemoOrderResult, timeoutMs: number): string | null {
  if (r.noteOnWeb) return null;
  const what = `web order #${r.wooNumber} (${r.shows})`;
  if (r.state === null) return `${what} never reached cpwoo within ${timeoutMs / 1000} s (no webhook, no poll)`;
  if (r.state === "invalid" || r.state === "dead") return `${what} is ${r.state}: ${r.reason ?? "no reason given"}`;
  if (r.state === "acknowledged") return `${what} is acknowledged but its note is not on the web order`;
  return `${what} did not become a Counterpoint document within ${timeoutMs / 1000} s (state ${r.state})`;
}

/**
 * The demo's script on a running demo: starts the daemon in this process, registers its webhooks on the fake store,
 * places the shoppers' orders, waits until each is a Counterpoint document with its note on the web order, then
 * receives stock in Counterpoint and waits until the web shows it. What did not happen in time is in
 * `report.failures`; the daemon keeps running until `close()`.
 */
export async function runDemoScenario(demo: RunningDemo, options: DemoScenarioOptions = {}): Promise<DemoRun> {
  const say = options.say ?? (() => {});
  const timeoutMs = options.timeoutMs ?? 40_000;
  const ctx = createAppContext(demo.settings);
  const queueErrors: string[] = [];
  const stockRuns: Date[] = [];
  let daemon: Daemon;
  try {
    daemon = await startDaemon(ctx, {
      onJobRun: (run) => {
        if (run.job === "inventory.sync" && run.status === "succeeded") stockRuns.push(run.startedAt);
      },
      onQueueEvent: (event: JobQueueEvent) => {
        if (event.type === "error") queueErrors.push(`${event.source}: ${event.error.message}`);
        if (event.type === "job-dead") queueErrors.push(`${event.name} dead-lettered: ${event.error}`);
      },
      orderLog: { info: () => undefined, warn: (message) => queueErrors.push(message) },
    });
  } catch (err) {
    await ctx.close();
    throw err;
  }
  const d = daemon;
  const close = async () => {
    await d.close();
    await ctx.close();
  };
  try {
    const address = d.address ?? "";
    const hooks = await registerWebhooks(demo.settings, address);
    say(`cpwoo daemon: listening on ${address}, webhooks ${[...hooks.created, ...hooks.existing].join(", ")}`);
    say(`placing ${DEMO_SHOPPERS.length} orders the way shoppers would:`);
    const placed = await placeShopperOrders(demo, say);
    say("waiting for the Counterpoint documents and the notes on the web orders:");
    const orders = await waitForDocuments(ctx, d, placed, timeoutMs, say);
    say("changing a stock level in Counterpoint:");
    const stock = await changeStockAndWait(ctx, stockRuns, options.stockDelta ?? 24, timeoutMs, say);

    const failures = orders.map((r) => orderFailure(r, timeoutMs)).filter((f): f is string => f !== null);
    if (stock.secondsToWeb === null) {
      failures.push(
        `the web did not show ${stock.expected} for ${stock.sku} within ${timeoutMs / 1000} s ` +
          `(it shows ${stock.webAfter ?? "nothing"})`,
      );
    }
    if (failures.length > 0) failures.push(...queueErrors.slice(-5).map((e) => `daemon reported: ${e}`));
    const report: DemoReport = {
      ok: failures.length === 0,
      failures,
      orders,
      stock,
      urls: {
        wooRest: `${demo.sandbox.url}/wp-json/wc/v3`,
        health: `${address}/health`,
        metrics: `${address}/metrics`,
        docs: `${address}/docs`,
      },
    };
    return { report, daemon: d, close };
  } catch (err) {
    await close();
    throw err;
  }
}
