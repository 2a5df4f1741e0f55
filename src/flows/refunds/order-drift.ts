import { findDocumentByRef } from "../../counterpoint/documents/find-document-by-ref.js";
import { readDocument, type StoredDocument } from "../../counterpoint/documents/read-document.js";
import type { DocumentLine } from "../../counterpoint/documents/document-plan.js";
import { type Money, money, sum, ZERO } from "../../money/index.js";
import { listOrders, type SyncedOrder } from "../../store/index.js";
import type { Order } from "../../woocommerce/index.js";
import type { OrderPorts } from "../orders/order-ports.js";
import { orderRef } from "../orders/order-ref.js";
import { OrderBatchCache, prepareDocument } from "../orders/prepare-document.js";

export type DriftChange = "added" | "removed" | "quantity" | "amount";

export interface DriftLine {
  change: DriftChange;
  itemNo: string;
  /** Grid cell `DIM1/DIM2/DIM3`, or null. */
  cell: string | null;
  /** What the web order asks for (null: not on the web order). */
  webQty: string | null;
  webAmount: string | null;
  /** What the Counterpoint order holds now (null: no longer on it). */
  cpQty: string | null;
  cpAmount: string | null;
}

export interface OrderDrift {
  wooOrderId: number;
  number: string;
  docId: string;
  tktNo: string;
  lines: DriftLine[];
  /** The web order's total, and the Counterpoint order's (its O totals row); `differs` when they are not equal. */
  total: { web: string; counterpoint: string; differs: boolean };
}

export interface DriftReport {
  checked: number;
  drifted: OrderDrift[];
  /** Orders not compared, and why (not open, posted, a mapping that no longer works…). */
  skipped: { wooOrderId: number; reason: string }[];
}

interface Side {
  qty: Money;
  amount: Money;
  itemNo: string;
  cell: string | null;
}

const keyOf = (itemNo: string, cell: readonly string[] | null) => `${itemNo}\u0000${cell?.join("/") ?? ""}`;

function add(map: Map<string, Side>, itemNo: string, cell: readonly string[] | null, qty: Money, amount: Money): void {
  const k = keyOf(itemNo, cell);
  const prev = map.get(k);
  map.set(k, {
    itemNo,
    cell: cell === null ? null : cell.join("/"),
    qty: (prev?.qty ?? ZERO).plus(qty),
    amount: (prev?.amount ?? ZERO).plus(amount),
  });
}

/**
 * The differences between what the web order asks for (mapped afresh, as the orders flow would write it today) and
 * what its open Counterpoint order holds now: lines added or removed in Counterpoint, quantities or amounts changed,
 * and a total that no longer equals the web's. Lines are compared per item (and grid cell), summed. Pure.
 */
export function compareOrderLines(planned: readonly DocumentLine[], stored: StoredDocument): DriftLine[] {
  const web = new Map<string, Side>();
  for (const l of planned) add(web, l.itemNo, l.cell, l.qty, l.extPrice);
  const cp = new Map<string, Side>();
  for (const l of stored.lines) add(cp, l.itemNo, l.cell, money(l.qty), money(l.extPrice));
  const out: DriftLine[] = [];
  const text = (s: Side | undefined, f: "qty" | "amount") =>
    s === undefined ? null : f === "qty" ? s.qty.toFixed() : s.amount.toFixed(2);
  for (const k of [...new Set([...web.keys(), ...cp.keys()])].sort()) {
    const w = web.get(k);
    const c = cp.get(k);
    const any = (w ?? c) as Side;
    const change: DriftChange | null =
      w === undefined
        ? "added"
        : c === undefined
          ? "removed"
          : !w.qty.equals(c.qty)
            ? "quantity"
            : !w.amount.equals(c.amount)
              ? "amount"
              : null;
    if (change === null) continue;
    out.push({
      change,
      itemNo: any.itemNo,
      cell: any.cell,
      webQty: text(w, "qty"),
      webAmount: text(w, "amount"),
      cpQty: text(c, "qty"),
      cpAmount: text(c, "amount"),
    });
  }
  return out;
}

/**
 * Counterpoint edits to open web orders, for the operator (`cpwoo orders drift`): every order cpwoo wrote that is still
 * an open order in Counterpoint (DOC_STAT O) is compared with its web order. Reports only; changes nothing anywhere.
 */
export async function orderDrift(
  ports: OrderPorts,
  options: { only?: readonly number[]; limit?: number } = {},
): Promise<DriftReport> {
  let synced: SyncedOrder[] = await listOrders(ports.state.db, {
    storeId: ports.storeId,
    states: ["acknowledged", "created"],
    limit: options.limit ?? 1000,
  });
  if (options.only !== undefined) synced = synced.filter((o) => options.only?.includes(o.wooOrderId));
  const report: DriftReport = { checked: 0, drifted: [], skipped: [] };
  if (synced.length === 0) return report;
  const cache = await OrderBatchCache.open(ports);
  for (let i = 0; i < synced.length; i += 100) {
    const part = synced.slice(i, i + 100);
    const page = await ports.woo.orders.page({ include: part.map((o) => o.wooOrderId) }, 1, 100);
    const web = new Map(page.items.map((o) => [o.id, o]));
    for (const s of part) {
      const order = web.get(s.wooOrderId);
      if (order === undefined) {
        report.skipped.push({ wooOrderId: s.wooOrderId, reason: "not found on the store" });
        continue;
      }
      const drift = await driftOf(ports, order, cache);
      if (typeof drift === "string") {
        report.skipped.push({ wooOrderId: s.wooOrderId, reason: drift });
        continue;
      }
      report.checked++;
      if (drift.lines.length > 0 || drift.total.differs) report.drifted.push(drift);
    }
  }
  return report;
}

async function driftOf(ports: OrderPorts, order: Order, cache: OrderBatchCache): Promise<OrderDrift | string> {
  const found = await findDocumentByRef(ports.cp, orderRef(ports.storeId, order.id));
  if (found === undefined) return "no open Counterpoint document (posted or removed)";
  if (found.docType !== "O") return `document ${found.docId} is a ticket, not an open order`;
  const stored = await readDocument(ports.cp, found.docId);
  if (stored === undefined) return `document ${found.docId} is no longer open`;
  if (stored.header.docStat !== "O")
    return `order ${found.tktNo} is not open (DOC_STAT ${stored.header.docStat ?? "?"})`;
  const prepared = await prepareDocument(ports, order, cache, { dryRun: true });
  if (prepared.kind === "invalid") return `the web order no longer maps: ${prepared.field}: ${prepared.reason}`;
  const cpTotal =
    stored.totals.find((t) => t.type === "O")?.total ?? sum(stored.lines.map((l) => money(l.extPrice))).toFixed(2);
  return {
    wooOrderId: order.id,
    number: order.number,
    docId: found.docId,
    tktNo: found.tktNo,
    lines: compareOrderLines(prepared.plan.lines, stored),
    total: {
      web: money(order.total).toFixed(2),
      counterpoint: cpTotal,
      differs: !money(cpTotal).equals(money(order.total)),
    },
  };
}
