import { isoTime } from "../iso-time.js";
import type { StateDb } from "../state-db.js";

/** An acknowledged order whose shipment is not yet fully reported to the web. */
export interface FulfilmentCandidate {
  wooOrderId: number;
  cpDocId: string;
  cpTktNo: string | null;
  /** Hash of the shipment last reported; null before the first report. */
  reportedKey: string | null;
  /** Set when a report was started and not recorded (a crash): the note may already be on the web order. */
  pendingKey: string | null;
}

export interface CandidatePage {
  storeId: string;
  /** Only orders with a larger Woo id (keyset paging). */
  afterWooOrderId?: number;
  limit: number;
}

/**
 * Acknowledged orders with a document whose fulfilment is not complete, by Woo id. Orders reported complete are left
 * out by the query itself, so they are never read again, in Counterpoint or on the web.
 */
export async function listFulfilmentCandidates(db: StateDb, page: CandidatePage): Promise<FulfilmentCandidate[]> {
  const rows = await db
    .selectFrom("synced_orders as o")
    .leftJoin("order_fulfilment as f", (j) =>
      j.onRef("f.store_id", "=", "o.store_id").onRef("f.woo_order_id", "=", "o.woo_order_id"),
    )
    .select(["o.woo_order_id", "o.cp_doc_id", "o.cp_tkt_no", "f.reported_key", "f.pending_key"])
    .where("o.store_id", "=", page.storeId)
    .where("o.state", "=", "acknowledged")
    .where("o.cp_doc_id", "is not", null)
    .where("f.completed_at", "is", null)
    .where("o.woo_order_id", ">", page.afterWooOrderId ?? 0)
    .orderBy("o.woo_order_id")
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({
    wooOrderId: Number(r.woo_order_id),
    cpDocId: String(r.cp_doc_id),
    cpTktNo: r.cp_tkt_no,
    reportedKey: r.reported_key,
    pendingKey: r.pending_key,
  }));
}

/** Marks reports as started. */
export async function markFulfilmentPending(
  db: StateDb,
  storeId: string,
  items: ReadonlyArray<{ wooOrderId: number; key: string }>,
  now: Date = new Date(),
): Promise<void> {
  if (items.length === 0) return;
  const at = isoTime(now);
  // One statement for the whole batch: a pending mark per order is on the hot path of every report.
  await db
    .insertInto("order_fulfilment")
    .values(items.map((i) => ({ store_id: storeId, woo_order_id: i.wooOrderId, pending_key: i.key, updated_at: at })))
    .onConflict((oc) =>
      oc.columns(["store_id", "woo_order_id"]).doUpdateSet((eb) => ({
        pending_key: eb.ref("excluded.pending_key"),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .execute();
}

export interface FulfilmentReport {
  wooOrderId: number;
  key: string;
  complete: boolean;
  tracking: readonly string[];
  shippedLines: Readonly<Record<string, string>>;
}

/** Records what the web orders now show; a complete one drops out of `listFulfilmentCandidates` for good. */
export async function recordFulfilmentReports(
  db: StateDb,
  storeId: string,
  reports: readonly FulfilmentReport[],
  now: Date = new Date(),
): Promise<void> {
  if (reports.length === 0) return;
  const at = isoTime(now);
  const rows = reports.map((r) => ({
    store_id: storeId,
    woo_order_id: r.wooOrderId,
    reported_key: r.key,
    pending_key: null,
    tracking: JSON.stringify(r.tracking),
    shipped_lines: JSON.stringify(r.shippedLines),
    completed_at: r.complete ? at : null,
    reported_at: at,
    updated_at: at,
  }));
  await db
    .insertInto("order_fulfilment")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["store_id", "woo_order_id"]).doUpdateSet((eb) => ({
        reported_key: eb.ref("excluded.reported_key"),
        pending_key: eb.ref("excluded.pending_key"),
        tracking: eb.ref("excluded.tracking"),
        shipped_lines: eb.ref("excluded.shipped_lines"),
        completed_at: eb.ref("excluded.completed_at"),
        reported_at: eb.ref("excluded.reported_at"),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .execute();
}

export interface OrderFulfilment {
  wooOrderId: number;
  reportedKey: string | null;
  pendingKey: string | null;
  tracking: string[];
  completedAt: string | null;
  reportedAt: string | null;
}

/** The fulfilment row of one order, for `cpwoo fulfilment` output and tests. */
export async function findOrderFulfilment(
  db: StateDb,
  storeId: string,
  wooOrderId: number,
): Promise<OrderFulfilment | undefined> {
  const row = await db
    .selectFrom("order_fulfilment")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("woo_order_id", "=", wooOrderId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    wooOrderId: Number(row.woo_order_id),
    reportedKey: row.reported_key,
    pendingKey: row.pending_key,
    tracking: row.tracking === null ? [] : (JSON.parse(row.tracking) as string[]),
    completedAt: row.completed_at,
    reportedAt: row.reported_at,
  };
}
