import { findOrder, getCursor, isoTime, setCursor } from "../../store/index.js";
import { type OrderStatus, parseWooGmtDate } from "../../woocommerce/index.js";
import { nowOf, type OrderPorts } from "../orders/order-ports.js";
import { cancelledWebStatuses, queueWebRefunds } from "./queue-web-refunds.js";

export function cancellationsCursorName(storeId: string): string {
  return `refunds.poll:${storeId}`;
}

export interface CancellationPoll {
  since: string;
  seen: number;
  queued: number;
}

/**
 * The safety net for cancellations: the orders poll reads paid statuses only, so a web order cancelled or fully
 * refunded is seen by its webhook alone. This reads cancelled/refunded orders modified after its own cursor (minus
 * the orders poll's overlap) and queues those that have a Counterpoint document, as intake does. Partial refunds keep
 * the order paid and arrive through the orders poll.
 */
export async function pollWebCancellations(
  ports: OrderPorts,
  options: { since?: Date } = {},
): Promise<CancellationPoll> {
  const s = ports.settings.orders.poll;
  const name = cancellationsCursorName(ports.storeId);
  const cursor = await getCursor(ports.state.db, name);
  const since =
    options.since ??
    (cursor
      ? new Date(new Date(cursor.value).getTime() - s.overlapSeconds * 1000)
      : new Date(nowOf(ports).getTime() - s.lookbackHours * 3600_000));
  let seen = 0;
  let queued = 0;
  let latest = cursor ? new Date(cursor.value) : null;
  for await (const page of ports.woo.orders.modifiedSince(since, { status: cancelledWebStatuses as OrderStatus[] })) {
    for (const order of page.items) {
      seen++;
      const known = await findOrder(ports.state.db, { storeId: ports.storeId, wooOrderId: order.id });
      if (known !== undefined) queued += await queueWebRefunds(ports.state.db, known, order, nowOf(ports));
      if (order.date_modified_gmt) {
        const modified = parseWooGmtDate(order.date_modified_gmt, `order ${order.id} date_modified_gmt`);
        if (latest === null || modified > latest) latest = modified;
      }
    }
  }
  const next = latest === null ? null : isoTime(latest);
  if (next !== null && next !== cursor?.value) await setCursor(ports.state.db, name, next);
  return { since: isoTime(since), seen, queued };
}
