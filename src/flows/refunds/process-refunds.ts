import { DocumentDeleteRefusedError, DocumentPlanError } from "../../counterpoint/documents/document-errors.js";
import { retryDelayMs } from "../../jobs/backoff.js";
import {
  canTransition,
  findOrder,
  listOrderRefunds,
  type OrderRefund,
  type OrderRefundKey,
  type OrderRefundState,
  recordOrderRefund,
  recordOrderTransition,
  StoreError,
} from "../../store/index.js";
import type { Order, Refund } from "../../woocommerce/index.js";
import { describeFailure } from "../orders/order-failure.js";
import { nowOf, type OrderPorts } from "../orders/order-ports.js";
import { OrderBatchCache } from "../orders/prepare-document.js";
import { cancelWebOrder } from "./cancel-web-order.js";
import { documentProgress } from "./document-progress.js";
import type { Handled, RefundHooks, RefundStep } from "./handled.js";
import { returnWebRefund } from "./return-web-refund.js";

export interface RefundPassOptions {
  /** Only these web orders (operator commands). */
  only?: readonly number[];
  limit?: number;
  /** Called after each step of each refund; the crash tests stop the process here. */
  onStep?: (step: RefundStep, key: OrderRefundKey) => void | Promise<void>;
}

export interface RefundOutcome extends OrderRefundKey {
  kind: OrderRefund["kind"];
  state: OrderRefundState | "wait";
  outcome: string | null;
  reason: string;
  cpDocId: string | null;
  cpTktNo: string | null;
}

/**
 * One pass over the queued web cancellations and refunds (`queueWebRefunds`): the web orders are read in one
 * request, each order's rows are handled in id order (its cancellation first), and each result is recorded on its
 * row. Exactly once in Counterpoint whatever happens between its commit and ours: a cancellation checks DOC_STAT under
 * the header's lock, a return is found by its REF under the store's lock, and a note is looked for before it is added
 * again. Refusals (already shipped, a mapping the data does not allow) are `held` for an operator; other failures are
 * retried on later passes until `orders.maxAttempts`, then `failed`.
 */
export async function processRefunds(ports: OrderPorts, options: RefundPassOptions = {}): Promise<RefundOutcome[]> {
  const limit = Math.min(options.limit ?? ports.settings.refunds.batchSize, 100);
  let rows = await listOrderRefunds(ports.state.db, { storeId: ports.storeId, states: ["pending"], limit: 1000 });
  if (options.only !== undefined) rows = rows.filter((r) => options.only?.includes(r.wooOrderId));
  const now = nowOf(ports);
  // Retried rows wait for their backoff (kept in `updated_at` + delay).
  rows = rows.filter((r) => r.attempts === 0 || dueAt(ports, r) <= now.getTime());
  const orderIds = [...new Set(rows.map((r) => r.wooOrderId))].slice(0, limit);
  if (orderIds.length === 0) return [];
  const page = await ports.woo.orders.page({ include: orderIds }, 1, 100);
  const webOrders = new Map(page.items.map((o) => [o.id, o]));
  const cache = await OrderBatchCache.open(ports);
  const outcomes: RefundOutcome[] = [];
  for (const id of orderIds) {
    const mine = rows.filter((r) => r.wooOrderId === id);
    outcomes.push(...(await processOrder(ports, id, mine, webOrders.get(id), cache, options)));
  }
  return outcomes;
}

/** The shortest backoff of the orders' retry policy (no jitter: a row is due at one stable time). */
function dueAt(ports: OrderPorts, r: OrderRefund): number {
  return new Date(r.updatedAt).getTime() + retryDelayMs(r.attempts, ports.settings.orders.retry, () => 0);
}

class StepHookError extends Error {
  constructor(override readonly cause: unknown) {
    super("step hook stopped the pass");
  }
}

async function processOrder(
  ports: OrderPorts,
  wooOrderId: number,
  rows: readonly OrderRefund[],
  order: Order | undefined,
  cache: OrderBatchCache,
  options: RefundPassOptions,
): Promise<RefundOutcome[]> {
  const out: RefundOutcome[] = [];
  let refunds: Refund[] | undefined;
  let cancelState: "none" | "pending" | "done" = "none";
  for (const row of rows) {
    const key = { storeId: row.storeId, wooOrderId: row.wooOrderId, wooRefundId: row.wooRefundId };
    const hooks: RefundHooks = {
      onStep: async (step) => {
        try {
          await options.onStep?.(step, key);
        } catch (error) {
          throw new StepHookError(error);
        }
      },
      mark: (outcome) => recordOrderRefund(ports.state.db, key, { state: "pending", outcome, at: nowOf(ports) }),
      cancelOrder: (reason) => cancelSyncedOrder(ports, wooOrderId, reason),
    };
    let handled: Handled;
    try {
      const synced = await findOrder(ports.state.db, { storeId: ports.storeId, wooOrderId });
      if (order === undefined || synced === undefined) {
        handled = { state: "held", outcome: null, reason: `web order ${wooOrderId} was not found on the store` };
      } else {
        const progress = await documentProgress(ports, synced);
        if (row.kind === "cancel") {
          handled = await cancelWebOrder(ports, row, order, progress, hooks);
        } else {
          refunds ??= await ports.woo.orders.listRefunds(wooOrderId);
          const refund = refunds.find((r) => r.id === row.wooRefundId);
          handled = await returnWebRefund(ports, row, order, refund, progress, cancelState, cache, hooks);
        }
      }
    } catch (error) {
      // A test hook stopping the process: nothing after this step happens, as in a real crash.
      if (error instanceof StepHookError) throw error.cause;
      handled = failure(ports, row, error);
    }
    if (row.kind === "cancel") cancelState = handled.state === "done" ? "done" : "pending";
    if (handled.state !== "wait") {
      await recordOrderRefund(ports.state.db, key, {
        state: handled.state,
        outcome: handled.outcome,
        reason: handled.reason,
        at: nowOf(ports),
        ...(handled.cpDocId === undefined ? {} : { cpDocId: handled.cpDocId }),
        ...(handled.cpTktNo === undefined ? {} : { cpTktNo: handled.cpTktNo }),
        ...(handled.state === "pending" || handled.state === "failed" ? { attempts: row.attempts + 1 } : {}),
      });
    }
    ports.log?.info("web refund handled", { ...key, kind: row.kind, state: handled.state, reason: handled.reason });
    out.push({
      ...key,
      kind: row.kind,
      state: handled.state,
      outcome: handled.outcome,
      reason: handled.reason,
      cpDocId: handled.cpDocId ?? null,
      cpTktNo: handled.cpTktNo ?? null,
    });
  }
  return out;
}

/** Refusals wait for an operator; anything else is tried again on a later pass until `orders.maxAttempts`. */
function failure(ports: OrderPorts, row: OrderRefund, error: unknown): Handled {
  const reason = describeFailure(error);
  if (error instanceof DocumentDeleteRefusedError || error instanceof DocumentPlanError) {
    return { state: "held", outcome: row.outcome, reason };
  }
  const attempts = row.attempts + 1;
  ports.log?.warn("web refund failed", { wooOrderId: row.wooOrderId, wooRefundId: row.wooRefundId, reason });
  if (attempts >= ports.settings.orders.maxAttempts) {
    return { state: "failed", outcome: row.outcome, reason: `${reason} (after ${attempts} attempts)` };
  }
  return { state: "pending", outcome: row.outcome, reason };
}

async function cancelSyncedOrder(ports: OrderPorts, wooOrderId: number, reason: string): Promise<void> {
  const synced = await findOrder(ports.state.db, { storeId: ports.storeId, wooOrderId });
  if (synced === undefined || synced.state === "cancelled" || !canTransition(synced.state, "cancelled")) return;
  try {
    await recordOrderTransition(ports.state.db, {
      storeId: ports.storeId,
      wooOrderId,
      to: "cancelled",
      expectedFrom: synced.state,
      reason,
      at: nowOf(ports),
    });
  } catch (err) {
    // Another worker moved it first: its state is current.
    if (!(err instanceof StoreError && err.code === "state_conflict")) throw err;
  }
}
