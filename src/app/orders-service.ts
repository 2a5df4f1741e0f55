import type { OrderLog, OrderPorts } from "../flows/orders/order-ports.js";
import { intakeOrder } from "../flows/orders/intake-order.js";
import { OrderWorker } from "../flows/orders/order-worker.js";
import type { DrainSummary } from "../flows/orders/drain-orders.js";
import { type PollSummary, pollOrders } from "../flows/orders/poll-orders.js";
import { recheckInvalidOrders } from "../flows/orders/recheck-invalid-orders.js";
import { pollWebCancellations } from "../flows/refunds/poll-web-cancellations.js";
import { processRefunds } from "../flows/refunds/process-refunds.js";
import { storeKeyOf } from "../flows/customers/store-key.js";
import type { ServerModule } from "../http/build-server.js";
import { type WebhookDelivery, type WebhookLog, webhookRoutes } from "../http/webhook-routes.js";
import { migrateStateStore, type StateStore } from "../store/index.js";
import { orderSchema } from "../woocommerce/index.js";
import type { AppContext } from "./app-context.js";

/** Finds web cancellations the order poll cannot see (it reads paid statuses) and handles queued cancellations and refunds. */
export async function settleRefunds(ports: OrderPorts): Promise<{ cancellationsSeen: number; handled: number }> {
  const seen = await pollWebCancellations(ports);
  const outcomes = await processRefunds(ports);
  return { cancellationsSeen: seen.seen, handled: outcomes.length };
}

/** The orders flow's ports from an app context (the store key is the WooCommerce URL's `storeKeyOf`). */
export async function orderPortsOf(ctx: AppContext, extra: Partial<OrderPorts> = {}): Promise<OrderPorts> {
  const state: StateStore = await ctx.state();
  return {
    woo: ctx.woo(),
    cp: ctx.counterpoint(),
    state,
    settings: ctx.settings,
    storeId: storeKeyOf(ctx.settings.woo.url),
    ...extra,
  };
}

export interface OrderService {
  readonly ports: OrderPorts;
  readonly workers: readonly OrderWorker[];
  /** A signed webhook delivery: a paid order is recorded and a worker woken. Other topics are ignored. */
  handleDelivery(delivery: WebhookDelivery): Promise<void>;
  /** Runs the reconciliation poll now and wakes the workers. */
  pollNow(): Promise<PollSummary>;
  /** The webhook route for the HTTP server. */
  webhookModule(log: WebhookLog): ServerModule;
  close(): Promise<void>;
}

export interface OrderServiceOptions {
  /** Workers in this process (each claims its own batches). Default 1. */
  workers?: number;
  /** Reconciliation poll period; default `orders.poll.intervalSeconds`; 0 turns the timer off. */
  pollIntervalMs?: number;
  log?: OrderLog;
  /** How long a worker's claim on an order lasts (default: the flow's). */
  leaseMs?: number;
  onDrain?: (summary: DrainSummary) => void;
  onPoll?: (summary: PollSummary) => void;
}

/**
 * The orders flow running: workers draining due orders, the reconciliation poll on a timer (first run at once), and
 * the handler the webhook route calls. The state store is migrated first.
 */
export async function startOrderService(ctx: AppContext, options: OrderServiceOptions = {}): Promise<OrderService> {
  await migrateStateStore(await ctx.state());
  const ports = await orderPortsOf(ctx, options.log === undefined ? {} : { log: options.log });
  const workers = Array.from(
    { length: Math.max(1, options.workers ?? 1) },
    () =>
      new OrderWorker(ports, {
        ...(options.onDrain === undefined ? {} : { onDrain: options.onDrain }),
        ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      }),
  );
  const wakeAll = () => {
    for (const w of workers) w.wake();
  };
  let polling: Promise<PollSummary> | null = null;
  const pollNow = async (): Promise<PollSummary> => {
    // One poll at a time; a second caller shares the one running.
    // Workers are woken by every page that brings orders: after downtime they drain while the poll reads on.
    polling ??= pollOrders(ports, { onNewOrders: wakeAll })
      .then(async (summary) => {
        // Web cancellations and refunds ride on the same schedule; a failure there never hides the order poll.
        await settleRefunds(ports).catch((err: unknown) =>
          ports.log?.warn("cancellations and refunds pass failed", { error: (err as Error).message }),
        );
        await recheckInvalidOrders(ports).catch((err: unknown) =>
          ports.log?.warn("re-evaluating invalid orders failed", { error: (err as Error).message }),
        );
        return summary;
      })
      .finally(() => {
        polling = null;
      });
    const summary = await polling;
    options.onPoll?.(summary);
    wakeAll();
    return summary;
  };
  const periodMs = options.pollIntervalMs ?? ctx.settings.orders.poll.intervalSeconds * 1000;
  let timer: NodeJS.Timeout | null = null;
  if (periodMs > 0) {
    const tick = () => {
      pollNow()
        .catch((err: unknown) => ports.log?.warn("order poll failed", { error: (err as Error).message }))
        .finally(() => {
          if (timer !== null) timer = setTimeout(tick, periodMs);
        });
    };
    timer = setTimeout(tick, 0);
  }
  for (const w of workers) w.start();

  const handleDelivery = async (delivery: WebhookDelivery): Promise<void> => {
    if (delivery.resource !== "order") return;
    const parsed = orderSchema.safeParse(delivery.payload);
    if (!parsed.success) return; // a deletion ({id} only) or a shape the poll will read properly
    const result = await intakeOrder(ports, parsed.data);
    if (result.action === "new" || result.action === "reopened") wakeAll();
  };

  return {
    ports,
    workers,
    handleDelivery,
    pollNow,
    webhookModule: (log) => {
      const secret = ctx.settings.woo.webhookSecret;
      if (secret === undefined) throw new Error("woo.webhookSecret (CPWOO_WOO_WEBHOOK_SECRET) is not set");
      return webhookRoutes({ secret, onDelivery: handleDelivery, log });
    },
    close: async () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await Promise.all(workers.map((w) => w.stop()));
      await polling?.catch(() => undefined);
    },
  };
}
