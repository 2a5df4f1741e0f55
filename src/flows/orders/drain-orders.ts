import PQueue from "p-queue";
import type { DocumentPlan } from "../../counterpoint/documents/document-plan.js";
import { type FoundDocument, findDocumentsByRefs } from "../../counterpoint/documents/find-document-by-ref.js";
import {
  type DocumentNumberPool,
  documentNumberPool,
  type ExpectedDocuments,
} from "../../counterpoint/documents/number-pool.js";
import { writeDocuments } from "../../counterpoint/documents/write-document.js";
import { retryDelayMs } from "../../jobs/backoff.js";
import {
  type BatchTransitionRequest,
  claimDueOrders,
  type OrderState,
  recordBulkTransition,
  type OrderTransitionRequest,
  recordOrderTransition,
  recordOrderTransitions,
  releaseOrderClaims,
  type SyncedOrder,
} from "../../store/index.js";
import type { Order } from "../../woocommerce/index.js";
import { type AckItem, acknowledgeOrders } from "./acknowledge-orders.js";
import { isPaid } from "./intake-order.js";
import { classifyFailure, describeFailure } from "./order-failure.js";
import { nowOf, type OrderPorts } from "./order-ports.js";
import { orderRef } from "./order-ref.js";
import { OrderBatchCache, prepareDocument } from "./prepare-document.js";

export interface DrainOptions {
  /** Identifies this worker's claims. */
  worker: string;
  /** Orders claimed at once (default `orders.batchSize`). */
  limit?: number;
  leaseMs?: number;
  /** Only these web order ids (operator commands). */
  only?: readonly number[];
  /** Map and report; write nothing anywhere. */
  dryRun?: boolean;
}

export type DrainOutcome =
  | { wooOrderId: number; result: "acknowledged"; docId: string; tktNo: string; resumed: boolean }
  | { wooOrderId: number; result: "invalid"; reason: string }
  | { wooOrderId: number; result: "retrying" | "dead"; reason: string }
  | { wooOrderId: number; result: "cancelled"; reason: string }
  | { wooOrderId: number; result: "dry-run"; plan: DocumentPlan; warnings: string[] }
  | { wooOrderId: number; result: "dry-run-invalid"; reason: string };

export interface DrainSummary {
  claimed: number;
  outcomes: DrainOutcome[];
}

type Attempt =
  /** `created`: the transition still to record (with the batch's others), unless the order was already there. */
  | { kind: "document"; item: AckItem; created: BatchTransitionRequest | undefined }
  /** Its state was changed by someone else while its document was written: theirs now. */
  | { kind: "superseded" }
  | { kind: "invalid"; field: string; reason: string }
  | { kind: "cancelled"; reason: string }
  | { kind: "failed"; error: unknown }
  | { kind: "dry"; plan: DocumentPlan; warnings: string[] };

/** An order's state as this attempt moves it along, so every transition names where it expects the order to be. */
class Tracked {
  constructor(
    readonly ports: OrderPorts,
    public order: SyncedOrder,
  ) {}

  get key() {
    return { storeId: this.order.storeId, wooOrderId: this.order.wooOrderId };
  }

  async move(
    to: OrderState,
    extra: Pick<
      OrderTransitionRequest,
      "reason" | "cpDocId" | "cpTktNo" | "nextAttemptAt" | "attempts" | "through" | "warnings"
    > = {},
  ): Promise<void> {
    this.order = await recordOrderTransition(this.ports.state.db, {
      ...this.key,
      to,
      expectedFrom: this.order.state,
      ...extra,
      at: nowOf(this.ports),
    });
  }
}

/**
 * One pass of a worker: claims due orders (new, half-done, retries that are due, documents not yet acknowledged),
 * reads them from WooCommerce in one request, turns each into a Counterpoint document (orders of one shopper one after
 * the other, others side by side), acknowledges the batch on the web, and records every step. Exactly once: before
 * anything is written the document is looked up by its web reference, and the writer checks again under its lock.
 */
export async function drainOrders(ports: OrderPorts, options: DrainOptions): Promise<DrainSummary> {
  const s = ports.settings.orders;
  const claimed = await claimDueOrders(ports.state.db, {
    engine: ports.state.engine,
    storeId: ports.storeId,
    worker: options.worker,
    limit: Math.min(100, options.limit ?? s.batchSize),
    leaseMs: options.leaseMs ?? 120_000,
    now: nowOf(ports),
    ...(options.only === undefined ? {} : { only: options.only }),
  });
  if (claimed.length === 0) return { claimed: 0, outcomes: [] };
  const outcomes: DrainOutcome[] = [];
  try {
    for (const c of claimed) await ports.onStep?.("claimed", c.wooOrderId);
    const tracked = new Map(claimed.map((c) => [c.wooOrderId, new Tracked(ports, c)]));
    let webOrders: Map<number, Order>;
    try {
      const page = await ports.woo.orders.page({ include: [...tracked.keys()] }, 1, 100);
      webOrders = new Map(page.items.map((o) => [o.id, o]));
    } catch (error) {
      for (const t of tracked.values()) outcomes.push(await fail(ports, t, error, options.dryRun));
      return { claimed: claimed.length, outcomes };
    }
    // Documents the batch's orders already have (a crash or a lost reply after Counterpoint's commit), in one look-up;
    // the writer looks again under its lock in any case.
    const documents = await findDocumentsByRefs(
      ports.cp,
      claimed.map((c) => orderRef(ports.storeId, c.wooOrderId)),
    );
    const cache = await OrderBatchCache.open(ports);
    await cache.prefetch(ports, [...webOrders.values()]);
    // Orders that may get a document now take their numbers from one reservation for the batch.
    const numbers = documentNumberPool(ports.cp);
    const expected = numbers.expect(claimed.filter((c) => c.state !== "created").length);
    const attempts = new Map<number, Attempt>();
    try {
      const queue = new PQueue({ concurrency: s.concurrency });
      // One shopper's orders run in sequence, so a new customer is created once.
      const byShopper = new Map<string, Tracked[]>();
      for (const t of tracked.values()) {
        const email =
          webOrders.get(t.order.wooOrderId)?.billing.email?.trim().toLowerCase() || `#${t.order.wooOrderId}`;
        byShopper.set(email, [...(byShopper.get(email) ?? []), t]);
      }
      const ready: Ready[] = [];
      for (const group of byShopper.values()) {
        void queue.add(async () => {
          for (const t of group) {
            const order = webOrders.get(t.order.wooOrderId);
            const existing = documents.get(orderRef(ports.storeId, t.order.wooOrderId));
            const result = await attempt(ports, t, order, existing, cache, options);
            if (result.kind === "ready") ready.push(result);
            else attempts.set(t.order.wooOrderId, result);
          }
        });
      }
      await queue.onIdle();
      for (const [id, result] of await writeReady(ports, ready, { numbers, expected })) attempts.set(id, result);
    } finally {
      expected.done();
    }
    await recordCreated(ports, tracked, attempts);

    const toAck: AckItem[] = [];
    for (const t of tracked.values()) {
      const a = attempts.get(t.order.wooOrderId);
      if (a === undefined) continue;
      switch (a.kind) {
        case "document":
          toAck.push(a.item);
          break;
        case "superseded":
          break;
        case "dry":
          outcomes.push({ wooOrderId: t.order.wooOrderId, result: "dry-run", plan: a.plan, warnings: a.warnings });
          break;
        case "invalid": {
          const reason = `${a.field}: ${a.reason}`;
          if (options.dryRun) outcomes.push({ wooOrderId: t.order.wooOrderId, result: "dry-run-invalid", reason });
          else outcomes.push(await markInvalid(t, reason));
          break;
        }
        case "cancelled":
          if (!options.dryRun) await t.move("cancelled", { reason: a.reason });
          outcomes.push({ wooOrderId: t.order.wooOrderId, result: "cancelled", reason: a.reason });
          break;
        case "failed":
          outcomes.push(await fail(ports, t, a.error, options.dryRun));
          break;
      }
    }
    if (toAck.length > 0) {
      const acks = await acknowledgeOrders(ports, toAck);
      const acked = toAck.filter((item) => acks.get(item.order.id)?.ok === true);
      // The batch's acknowledgements are recorded together (one UPDATE, one INSERT), not order by order.
      let moved = new Set<number>();
      try {
        moved = new Set(
          await recordBulkTransition(ports.state.db, {
            storeId: ports.storeId,
            wooOrderIds: acked.map((item) => item.order.id),
            from: "created",
            to: "acknowledged",
            at: nowOf(ports),
          }),
        );
      } catch (error) {
        for (const item of acked) {
          const t = tracked.get(item.order.id);
          if (t !== undefined) outcomes.push(await fail(ports, t, error, false));
        }
      }
      for (const item of toAck) {
        const t = tracked.get(item.order.id);
        const ack = acks.get(item.order.id);
        if (t === undefined || ack === undefined) continue;
        if (!ack.ok) {
          outcomes.push(await fail(ports, t, ack.error, false));
          continue;
        }
        // Not moved: another worker or an operator changed the order meanwhile; its state is theirs now.
        if (!moved.has(item.order.id)) continue;
        await ports.onStep?.("acknowledged", item.order.id);
        outcomes.push({
          wooOrderId: item.order.id,
          result: "acknowledged",
          docId: item.docId,
          tktNo: item.tktNo,
          resumed: item.resumed,
        });
      }
    }
    return { claimed: claimed.length, outcomes };
  } finally {
    await releaseOrderClaims(ports.state.db, options.worker, claimed);
  }
}

/** An order whose customer is resolved and whose document is planned: written with the batch's others. */
interface Ready {
  kind: "ready";
  t: Tracked;
  order: Order;
  plan: DocumentPlan;
  staged: { state: "staged"; reason: string; at: Date };
  warnings: readonly string[];
}

/** One order up to its document: found already, not to be made (invalid, cancelled, dry run), or ready to write. */
async function attempt(
  ports: OrderPorts,
  t: Tracked,
  order: Order | undefined,
  existing: FoundDocument | undefined,
  cache: OrderBatchCache,
  options: DrainOptions,
): Promise<Attempt | Ready> {
  const id = t.order.wooOrderId;
  try {
    if (order === undefined) {
      return {
        kind: "invalid",
        field: "id",
        reason: `web order ${id} was not found on the store (deleted or trashed?)`,
      };
    }
    if (existing !== undefined) {
      if (options.dryRun)
        return { kind: "invalid", field: "id", reason: `already Counterpoint document ${existing.docId}` };
      return {
        kind: "document",
        item: { order, docId: existing.docId, tktNo: existing.tktNo, kind: docKindOf(existing.docType), resumed: true },
        created: createdRequest(t, existing.docId, existing.tktNo, "found by its web reference (resumed)"),
      };
    }
    if (!isPaid(order, ports.settings.orders.paidStatuses)) {
      if (["cancelled", "refunded", "failed", "trash"].includes(order.status)) {
        return { kind: "cancelled", reason: `web order is ${order.status}; no Counterpoint document was made` };
      }
      return { kind: "invalid", field: "status", reason: `web order is "${order.status}", not a paid status` };
    }
    const prepared = await prepareDocument(ports, order, cache, { dryRun: options.dryRun ?? false });
    if (prepared.kind === "invalid") return prepared;
    if (options.dryRun) return { kind: "dry", plan: prepared.plan, warnings: prepared.warnings };
    // `staged` (customer resolved, plan made) is recorded with `created`, in one write after the document: the writer's
    // look-up of the web reference under its lock, not the state, is what keeps a retry from a second document.
    const staged = {
      state: "staged" as const,
      reason: `customer ${prepared.custNo} (${prepared.customerVia})`,
      at: nowOf(ports),
    };
    await ports.onStep?.("staged", id);
    return { kind: "ready", t, order, plan: prepared.plan, staged, warnings: prepared.warnings };
  } catch (error) {
    return { kind: "failed", error };
  }
}

/**
 * Writes the batch's ready documents together (`writeDocuments`: one request for all, or each on its own if that
 * fails), and gives each order its attempt: its document, or its own failure.
 */
async function writeReady(
  ports: OrderPorts,
  ready: readonly Ready[],
  pool: { numbers: DocumentNumberPool; expected: ExpectedDocuments },
): Promise<Map<number, Attempt>> {
  const attempts = new Map<number, Attempt>();
  if (ready.length === 0) return attempts;
  const outcomes = await writeDocuments(
    ports.cp,
    ready.map((r) => r.plan),
    ports.settings.orders.numbering,
    pool,
  );
  for (const [i, r] of ready.entries()) {
    const outcome = outcomes[i];
    const id = r.t.order.wooOrderId;
    if (outcome === undefined || !outcome.ok) {
      attempts.set(id, { kind: "failed", error: outcome?.error ?? new Error("no document outcome") });
      continue;
    }
    const written = outcome.written;
    await ports.onStep?.("cp-committed", id);
    attempts.set(id, {
      kind: "document",
      item: {
        order: r.order,
        docId: written.docId,
        tktNo: written.tktNo,
        kind: r.plan.kind,
        resumed: !written.created,
      },
      created: createdRequest(
        r.t,
        written.docId,
        written.tktNo,
        written.created ? "document written" : "found under the lock",
        { staged: r.staged, warnings: r.warnings },
      ),
    });
  }
  return attempts;
}

function docKindOf(docType: string): "order" | "ticket" {
  return docType === "T" ? "ticket" : "order";
}

/** The move to `created` of an order whose document exists (through `staged`), or undefined if it is there. */
function createdRequest(
  t: Tracked,
  docId: string,
  tktNo: string,
  reason: string,
  mapped?: { staged: { state: "staged"; reason: string; at: Date }; warnings: readonly string[] },
): BatchTransitionRequest | undefined {
  if (t.order.state === "created") return undefined;
  const through =
    t.order.state === "staged" ? [] : [mapped?.staged ?? { state: "staged" as const, reason, at: nowOf(t.ports) }];
  return {
    ...t.key,
    to: "created",
    expectedFrom: t.order.state,
    reason: `${reason}: ${tktNo} (document ${docId})`,
    cpDocId: docId,
    cpTktNo: tktNo,
    through,
    at: nowOf(t.ports),
    ...(mapped === undefined ? {} : { warnings: mapped.warnings }),
  };
}

/**
 * Records `created` for every order of the batch whose document was written or found, in one write: one commit for
 * the batch, not one per order. Exactly-once does not rest on it: an order whose document exists but whose state was
 * not recorded (a crash in between) is found by its web reference on its next attempt. A failed write makes those
 * orders' attempts failures (retried); an order changed meanwhile by someone else is left to them.
 */
async function recordCreated(ports: OrderPorts, tracked: Map<number, Tracked>, attempts: Map<number, Attempt>) {
  const pending = [...attempts].flatMap(([id, a]) =>
    a.kind === "document" && a.created !== undefined ? [{ id, request: a.created }] : [],
  );
  if (pending.length === 0) return;
  let moved: Map<number, SyncedOrder>;
  try {
    moved = await recordOrderTransitions(
      ports.state.db,
      pending.map((p) => p.request),
    );
  } catch (error) {
    for (const p of pending) attempts.set(p.id, { kind: "failed", error });
    return;
  }
  for (const p of pending) {
    const order = moved.get(p.id);
    const t = tracked.get(p.id);
    if (order === undefined || t === undefined) {
      attempts.set(p.id, { kind: "superseded" });
      continue;
    }
    t.order = order;
    await ports.onStep?.("created", p.id);
  }
}

async function markInvalid(t: Tracked, reason: string): Promise<DrainOutcome> {
  await t.move("invalid", { reason });
  return { wooOrderId: t.order.wooOrderId, result: "invalid", reason };
}

/** A failed attempt: data problems → invalid; anything else retries with backoff until `orders.maxAttempts`, then dead. */
async function fail(ports: OrderPorts, t: Tracked, error: unknown, dryRun?: boolean): Promise<DrainOutcome> {
  const reason = describeFailure(error);
  const id = t.order.wooOrderId;
  if (dryRun) return { wooOrderId: id, result: "dry-run-invalid", reason };
  const kind = classifyFailure(error);
  ports.log?.warn("order attempt failed", { wooOrderId: id, kind, reason });
  if (kind === "data") return markInvalid(t, reason);
  const attempts = t.order.attempts + 1;
  const s = ports.settings.orders;
  if (attempts >= s.maxAttempts && t.order.state !== "created") {
    await t.move("dead", { reason: `${reason} (after ${attempts} attempts)`, attempts });
    return { wooOrderId: id, result: "dead", reason };
  }
  const delay = retryDelayMs(attempts, s.retry);
  await t.move("retrying", {
    reason: `${kind === "bug" ? "unexpected error" : "transient failure"}: ${reason}`,
    attempts,
    nextAttemptAt: new Date(nowOf(ports).getTime() + delay),
  });
  return { wooOrderId: id, result: "retrying", reason };
}
