import { listOrders, recordOrderTransition, StoreError, touchOrder } from "../../store/index.js";
import { isPaid } from "./intake-order.js";
import { nowOf, type OrderPorts } from "./order-ports.js";
import { OrderBatchCache, prepareDocument } from "./prepare-document.js";

export interface RecheckSummary {
  checked: number;
  /** Orders that map now and went back to `received`. */
  reopened: number[];
}

/**
 * Re-evaluates `invalid` orders against Counterpoint's data as it is now — an item created, a tax code added, a
 * customer fixed — with a dry run of the mapping (nothing is written to Counterpoint). An order that maps now goes
 * back to `received`; the others stay `invalid` and move to the end of the line (their `updated_at` is touched), so
 * each pass looks at the ones checked longest ago. Changes on the web reopen an order at intake already.
 */
export async function recheckInvalidOrders(
  ports: OrderPorts,
  options: { limit?: number } = {},
): Promise<RecheckSummary> {
  const invalid = await listOrders(ports.state.db, {
    storeId: ports.storeId,
    states: ["invalid"],
    limit: Math.min(100, options.limit ?? 50),
  });
  if (invalid.length === 0) return { checked: 0, reopened: [] };
  const page = await ports.woo.orders.page({ include: invalid.map((o) => o.wooOrderId) }, 1, 100);
  const web = new Map(page.items.map((o) => [o.id, o]));
  const cache = await OrderBatchCache.open(ports);
  await cache.prefetch(ports, page.items);
  const reopened: number[] = [];
  for (const o of invalid) {
    const order = web.get(o.wooOrderId);
    if (order !== undefined && isPaid(order, ports.settings.orders.paidStatuses)) {
      const prepared = await prepareDocument(ports, order, cache, { dryRun: true });
      if (prepared.kind === "plan") {
        try {
          await recordOrderTransition(ports.state.db, {
            storeId: o.storeId,
            wooOrderId: o.wooOrderId,
            to: "received",
            expectedFrom: "invalid",
            reason: "Counterpoint's data changed: the order maps now",
            at: nowOf(ports),
          });
          reopened.push(o.wooOrderId);
          continue;
        } catch (err) {
          if (!(err instanceof StoreError && err.code === "state_conflict")) throw err;
          continue;
        }
      }
    }
    await touchOrder(ports.state.db, o, "invalid", nowOf(ports));
  }
  return { checked: invalid.length, reopened };
}
