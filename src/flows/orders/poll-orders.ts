import { getCursor, isoTime, setCursor } from "../../store/index.js";
import { type OrderStatus, parseWooGmtDate } from "../../woocommerce/index.js";
import { type IntakeAction, intakeOrders } from "./intake-order.js";
import { nowOf, type OrderPorts } from "./order-ports.js";

export interface PollOptions {
  /** Read orders modified since this instant instead of the cursor (the cursor still moves forward). */
  since?: Date;
  /** Only count what would be recorded. */
  dryRun?: boolean;
  /** Called after each page that recorded new or reopened orders, so workers drain while the poll reads on. */
  onNewOrders?: () => void;
}

export interface PollSummary {
  since: string;
  seen: number;
  counts: Record<IntakeAction, number>;
  /** The new cursor (latest `date_modified_gmt` seen), or null when nothing was seen. */
  cursor: string | null;
}

export function pollCursorName(storeId: string): string {
  return `orders.poll:${storeId}`;
}

/**
 * The reconciliation poll, WooCommerce's safety net (it never retries a webhook and disables one after failures):
 * paid orders modified after the cursor (a GMT instant, minus an overlap for clock skew and late commits), in id
 * order, every page until a short one. Each page goes through the same intake as a webhook (`intakeOrders`:
 * the same outcomes, in a few statements per page), so overlaps and duplicates collapse. The cursor only moves
 * forward, to the latest `date_modified_gmt` seen.
 */
export async function pollOrders(ports: OrderPorts, options: PollOptions = {}): Promise<PollSummary> {
  const s = ports.settings.orders;
  const name = pollCursorName(ports.storeId);
  const cursor = await getCursor(ports.state.db, name);
  const since =
    options.since ??
    (cursor
      ? new Date(new Date(cursor.value).getTime() - s.poll.overlapSeconds * 1000)
      : new Date(nowOf(ports).getTime() - s.poll.lookbackHours * 3600_000));
  const counts: Record<IntakeAction, number> = { new: 0, changed: 0, unchanged: 0, reopened: 0, "not-paid": 0 };
  let seen = 0;
  let latest = cursor ? new Date(cursor.value) : null;
  // Pages in id order: an order modified while the poll pages (a worker acknowledging it) keeps its place, where
  // modification order would move it to the end and shift every later page past unread orders.
  const query = { status: s.paidStatuses as OrderStatus[], orderby: "id" as const };
  for await (const page of ports.woo.orders.modifiedSince(since, query)) {
    seen += page.items.length;
    if (!options.dryRun) {
      const results = await intakeOrders(ports, page.items);
      for (const result of results) counts[result.action]++;
      if (results.some((r) => r.action === "new" || r.action === "reopened")) options.onNewOrders?.();
    }
    for (const order of page.items) {
      if (order.date_modified_gmt) {
        const modified = parseWooGmtDate(order.date_modified_gmt, `order ${order.id} date_modified_gmt`);
        if (latest === null || modified > latest) latest = modified;
      }
    }
  }
  const next = latest === null ? null : isoTime(latest);
  if (!options.dryRun && next !== null && next !== cursor?.value) await setCursor(ports.state.db, name, next);
  return { since: isoTime(since), seen, counts, cursor: next };
}
