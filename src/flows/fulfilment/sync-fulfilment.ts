import { chunks } from "../../counterpoint/catalog/maint-text.js";
import {
  type FulfilmentCandidate,
  type FulfilmentReport,
  listFulfilmentCandidates,
  markFulfilmentPending,
  recordFulfilmentReports,
} from "../../store/index.js";
import type { Order, OrderUpdate } from "../../woocommerce/index.js";
import { forwardStatus } from "../orders/acknowledge-orders.js";
import { silentLog } from "../orders/order-ports.js";
import type { FulfilmentPorts } from "./fulfilment-ports.js";
import { readShipments } from "./read-shipments.js";
import { type ShipmentReport, shipmentReport } from "./shipment-report.js";
import { FULFILMENT_META, fulfilmentMeta, fulfilmentNoteText } from "./web-update.js";

export interface FulfilmentFailure {
  wooOrderId: number;
  error: string;
}

export interface FulfilmentSummary {
  /** Documents read (orders not yet fully reported). */
  checked: number;
  /** Nothing shipped yet, or nothing new since the last report. */
  unchanged: number;
  partial: number;
  completed: number;
  /** Documents neither open nor in history (left for the next run, logged). */
  missing: number;
  failed: FulfilmentFailure[];
  /** WooCommerce requests made: order reads, notes (listed and added) and batches. */
  wooRequests: number;
  notesAdded: number;
  batches: number;
}

interface Work {
  candidate: FulfilmentCandidate;
  report: ShipmentReport;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

// WooCommerce may hand a note back with HTML entities for characters it was sent plainly.
const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#039;": "'" };
const plainNote = (text: string) => text.replace(/&(amp|lt|gt|quot|#039);/g, (m) => entities[m] ?? m).trim();

function metaText(order: Order, key: string): string | undefined {
  const value = order.meta_data.find((m) => m.key === key)?.value;
  return typeof value === "string" ? value : undefined;
}

/**
 * One pass of fulfilment, Counterpoint → WooCommerce: reads the documents of acknowledged orders not yet reported
 * complete (in chunks, a few queries each), and for each whose shipment changed since its last report, tells the web
 * order in batches: a note per order (optional), then one `orders/batch` per `batchSize` orders with the tracking meta,
 * the shipment key and, once every line has shipped, the complete status (forward only). Each report is marked pending
 * before the first request and recorded after the batch: a run resuming a pending report skips orders whose meta
 * already carries its key and adds the note only if it is not there yet (no double note). Orders with nothing new cost
 * no WooCommerce request at all.
 */
export async function syncFulfilment(ports: FulfilmentPorts): Promise<FulfilmentSummary> {
  const settings = ports.settings.fulfilment;
  const log = ports.log ?? silentLog;
  const summary: FulfilmentSummary = {
    checked: 0,
    unchanged: 0,
    partial: 0,
    completed: 0,
    missing: 0,
    failed: [],
    wooRequests: 0,
    notesAdded: 0,
    batches: 0,
  };
  let after = 0;
  for (;;) {
    const candidates = await listFulfilmentCandidates(ports.state.db, {
      storeId: ports.storeId,
      afterWooOrderId: after,
      limit: settings.readChunk,
    });
    const last = candidates.at(-1);
    if (last === undefined) break;
    after = last.wooOrderId;
    const shipments = await readShipments(
      ports.cp,
      candidates.map((c) => ({ docId: c.cpDocId, tktNo: c.cpTktNo })),
    );
    const work: Work[] = [];
    candidates.forEach((candidate, i) => {
      const shipment = shipments[i];
      if (shipment === undefined) return;
      summary.checked += 1;
      const report = shipmentReport(shipment);
      if (report.kind === "missing") {
        summary.missing += 1;
        log.warn("document of a web order is neither open nor posted", {
          wooOrderId: candidate.wooOrderId,
          docId: candidate.cpDocId,
        });
      } else if (report.kind === "none" || report.key === candidate.reportedKey) summary.unchanged += 1;
      else work.push({ candidate, report });
    });
    for (const batch of chunks(work, settings.batchSize)) await reportBatch(ports, batch, summary);
  }
  return summary;
}

/** The shipment's note, unless a resumed report finds it already on the order. */
async function addNoteOnce(ports: FulfilmentPorts, w: Work, summary: FulfilmentSummary): Promise<void> {
  const id = w.candidate.wooOrderId;
  const settings = ports.settings.fulfilment;
  const note = fulfilmentNoteText(w.report, w.candidate.cpTktNo, settings);
  if (w.candidate.pendingKey === w.report.key) {
    summary.wooRequests += 1;
    if ((await ports.woo.orders.listNotes(id)).some((n) => plainNote(n.note) === note)) return;
  }
  summary.wooRequests += 1;
  await ports.woo.orders.createNote(id, { note, customer_note: settings.customerNotes });
  summary.notesAdded += 1;
}

async function reportBatch(ports: FulfilmentPorts, batch: readonly Work[], summary: FulfilmentSummary): Promise<void> {
  const settings = ports.settings.fulfilment;
  const now = ports.now ? ports.now() : new Date();
  const fresh = batch.filter((w) => w.candidate.pendingKey !== w.report.key);
  await markFulfilmentPending(
    ports.state.db,
    ports.storeId,
    fresh.map((w) => ({ wooOrderId: w.candidate.wooOrderId, key: w.report.key })),
    now,
  );
  for (const w of fresh) await ports.onStep?.("pending-marked", w.candidate.wooOrderId);

  const fail = (w: Work, error: unknown) =>
    summary.failed.push({ wooOrderId: w.candidate.wooOrderId, error: errorText(error) });
  let orders: Map<number, Order>;
  try {
    summary.wooRequests += 1;
    const page = await ports.woo.orders.page({ include: batch.map((w) => w.candidate.wooOrderId) }, 1, 100);
    orders = new Map(page.items.map((o) => [o.id, o]));
  } catch (error) {
    for (const w of batch) fail(w, error);
    return;
  }

  const done: Work[] = [];
  const toUpdate: Array<{ work: Work; update: OrderUpdate & { id: number } }> = [];
  await Promise.all(
    batch.map(async (w) => {
      const id = w.candidate.wooOrderId;
      const order = orders.get(id);
      if (order === undefined) return fail(w, new Error(`web order ${id} not found`));
      // The batch of an earlier run went through but its record did not: only the record is missing.
      if (metaText(order, FULFILMENT_META) === w.report.key) return void done.push(w);
      if (settings.notes) {
        try {
          await addNoteOnce(ports, w, summary);
        } catch (error) {
          return fail(w, error);
        }
        // Outside the try: a hook that stops the run (crash tests) must not read as one order's failure.
        await ports.onStep?.("note-added", id);
      }
      const status = w.report.kind === "complete" ? forwardStatus(order.status, settings.completeStatus) : undefined;
      toUpdate.push({
        work: w,
        update: {
          id,
          meta_data: fulfilmentMeta(order, w.report, settings, now),
          ...(status === undefined ? {} : { status }),
        },
      });
    }),
  );

  if (toUpdate.length > 0) {
    let result: Awaited<ReturnType<typeof ports.woo.orders.batch>> | undefined;
    try {
      summary.wooRequests += 1;
      summary.batches += 1;
      result = await ports.woo.orders.batch({ update: toUpdate.map((u) => u.update) });
    } catch (error) {
      for (const u of toUpdate) fail(u.work, error);
    }
    for (const r of result?.update ?? []) {
      const item = toUpdate[r.index];
      if (item === undefined) continue;
      if (!r.ok) {
        fail(item.work, new Error(`${r.error.code}: ${r.error.message}`));
        continue;
      }
      await ports.onStep?.("web-updated", item.work.candidate.wooOrderId);
      done.push(item.work);
    }
  }

  const reports: FulfilmentReport[] = done.map((w) => ({
    wooOrderId: w.candidate.wooOrderId,
    key: w.report.key,
    complete: w.report.kind === "complete",
    tracking: w.report.tracking.map((t) => t.number),
    shippedLines: Object.fromEntries(w.report.lines.map((l) => [String(l.seq), l.shipped])),
  }));
  await recordFulfilmentReports(ports.state.db, ports.storeId, reports, now);
  for (const w of done) {
    if (w.report.kind === "complete") summary.completed += 1;
    else summary.partial += 1;
    await ports.onStep?.("recorded", w.candidate.wooOrderId);
  }
}
