import type { Order, OrderStatus, OrderUpdate } from "../../woocommerce/index.js";
import type { OrderPorts } from "./order-ports.js";

export interface AckItem {
  order: Order;
  docId: string;
  tktNo: string;
  kind: "order" | "ticket";
  /** The document existed before this attempt (a crash or lost reply): the note may already be on the web order. */
  resumed: boolean;
}

export type AckResult = { ok: true } | { ok: false; error: unknown };

export const DOC_ID_META = "_cpwoo_doc_id";
export const TKT_NO_META = "_cpwoo_tkt_no";

/** The private note on the web order, e.g. "Counterpoint order O101-000355 (document 101163492218)". */
export function ackNoteText(item: Pick<AckItem, "docId" | "tktNo" | "kind">): string {
  return `Counterpoint ${item.kind} ${item.tktNo} (document ${item.docId})`;
}

// Forward order of the statuses cpwoo may set; it never moves an order back (a completed order stays completed).
const statusRank: Partial<Record<OrderStatus, number>> = { pending: 0, "on-hold": 1, processing: 2, completed: 3 };

/** The status to send, or undefined when the order is already there, past it, or in a status cpwoo leaves alone. */
export function forwardStatus(current: OrderStatus, wanted: OrderStatus | null): OrderStatus | undefined {
  if (wanted === null || current === wanted) return undefined;
  const from = statusRank[current];
  const to = statusRank[wanted];
  if (from === undefined || to === undefined || to <= from) return undefined;
  return wanted;
}

function metaText(order: Order, key: string): string | undefined {
  const value = order.meta_data.find((m) => m.key === key)?.value;
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/**
 * Tells the web orders their documents exist: a private note per order (WooCommerce has no batch for notes), then one
 * batch update per 100 orders with the `_cpwoo_doc_id`/`_cpwoo_tkt_no` meta and the configured status (forward only).
 * The meta is written last, so it marks a finished acknowledgement: a resumed order whose meta already names its
 * document is done, and one without it gets its note only if its notes do not already carry it (no double note).
 */
export async function acknowledgeOrders(ports: OrderPorts, items: readonly AckItem[]): Promise<Map<number, AckResult>> {
  const results = new Map<number, AckResult>();
  const toUpdate: AckItem[] = [];
  await Promise.all(
    items.map(async (item) => {
      const id = item.order.id;
      try {
        if (item.resumed && metaText(item.order, DOC_ID_META) === item.docId) {
          results.set(id, { ok: true });
          return;
        }
        const text = ackNoteText(item);
        const noted =
          item.resumed && (await ports.woo.orders.listNotes(id, "internal")).some((n) => n.note.includes(text));
        if (!noted) await ports.woo.orders.createNote(id, { note: text });
        await ports.onStep?.("note-added", id);
        toUpdate.push(item);
      } catch (error) {
        results.set(id, { ok: false, error });
      }
    }),
  );
  if (toUpdate.length === 0) return results;
  const updates: Array<OrderUpdate & { id: number }> = toUpdate.map((item) => {
    const status = forwardStatus(item.order.status, ports.settings.orders.ackStatus);
    return {
      id: item.order.id,
      meta_data: [
        { key: DOC_ID_META, value: item.docId },
        { key: TKT_NO_META, value: item.tktNo },
      ],
      ...(status === undefined ? {} : { status }),
    };
  });
  try {
    const batch = await ports.woo.orders.batch({ update: updates });
    for (const r of batch.update) {
      const item = toUpdate[r.index];
      if (item === undefined) continue;
      results.set(
        item.order.id,
        r.ok ? { ok: true } : { ok: false, error: new Error(`${r.error.code}: ${r.error.message}`) },
      );
      if (r.ok) await ports.onStep?.("web-updated", item.order.id);
    }
  } catch (error) {
    for (const item of toUpdate) results.set(item.order.id, { ok: false, error });
  }
  return results;
}
