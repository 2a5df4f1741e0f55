import { deleteOpenDocument } from "../../counterpoint/documents/delete-open-document.js";
import { findDocumentByRef } from "../../counterpoint/documents/find-document-by-ref.js";
import {
  canTransition,
  findOrder,
  listOrders,
  type OrderState,
  recordOrderTransition,
  type SyncedOrder,
} from "../../store/index.js";
import { DOC_ID_META, TKT_NO_META } from "./acknowledge-orders.js";
import { nowOf, type OrderPorts } from "./order-ports.js";
import { orderRef, refPrefixOf } from "./order-ref.js";

export class OrderOperationError extends Error {}

async function mustFind(ports: OrderPorts, wooOrderId: number): Promise<SyncedOrder> {
  const order = await findOrder(ports.state.db, { storeId: ports.storeId, wooOrderId });
  if (!order)
    throw new OrderOperationError(`web order ${wooOrderId} is not known to cpwoo (run \`cpwoo orders sync\`)`);
  return order;
}

const retryable: readonly OrderState[] = ["invalid", "dead", "skipped", "cancelled", "rolled_back", "retrying"];

/**
 * Puts orders back in line now, attempts reset: one order, or every `dead` one. An order already done (created or
 * acknowledged) is refused: it has its document.
 */
export async function retryOrders(
  ports: OrderPorts,
  target: { wooOrderId: number } | { allDead: true },
): Promise<SyncedOrder[]> {
  const orders =
    "allDead" in target
      ? await listOrders(ports.state.db, { storeId: ports.storeId, states: ["dead"], limit: 100_000 })
      : [await mustFind(ports, target.wooOrderId)];
  const moved: SyncedOrder[] = [];
  for (const o of orders) {
    if (!retryable.includes(o.state)) {
      throw new OrderOperationError(`web order ${o.wooOrderId} is ${o.state}: nothing to retry`);
    }
    moved.push(
      await recordOrderTransition(ports.state.db, {
        storeId: o.storeId,
        wooOrderId: o.wooOrderId,
        to: "received",
        expectedFrom: o.state,
        attempts: 0,
        reason: "operator: retry",
        at: nowOf(ports),
      }),
    );
  }
  return moved;
}

/** The operator decides an order will not go to Counterpoint (handled by hand, a test order…). */
export async function skipOrder(ports: OrderPorts, wooOrderId: number, reason: string): Promise<SyncedOrder> {
  if (reason.trim() === "") throw new OrderOperationError("give a reason for skipping (--reason)");
  const o = await mustFind(ports, wooOrderId);
  if (o.state === "created" || o.state === "acknowledged") {
    throw new OrderOperationError(
      `web order ${wooOrderId} already has Counterpoint document ${o.cpDocId}: roll it back first`,
    );
  }
  if (!canTransition(o.state, "skipped")) {
    throw new OrderOperationError(`web order ${wooOrderId} is ${o.state}: retry it first, then skip it`);
  }
  return recordOrderTransition(ports.state.db, {
    storeId: o.storeId,
    wooOrderId,
    to: "skipped",
    expectedFrom: o.state,
    reason: `operator: ${reason.trim()}`,
    at: nowOf(ports),
  });
}

export interface RollbackResult {
  order: SyncedOrder;
  docId: string;
  tktNo: string;
  released: number;
}

/**
 * Removes the open Counterpoint order cpwoo made for a web order: the document goes (refused once anything shipped or
 * was released), its stock allocation is given back, the order is `rolled_back` (retry makes it again), and the web
 * order gets a private note and its cpwoo meta cleared.
 */
export async function rollbackOrder(ports: OrderPorts, wooOrderId: number): Promise<RollbackResult> {
  const o = await mustFind(ports, wooOrderId);
  const found = await findDocumentByRef(ports.cp, orderRef(ports.storeId, wooOrderId));
  const docId = found?.docId ?? o.cpDocId;
  if (docId === null || docId === undefined) {
    throw new OrderOperationError(`web order ${wooOrderId} has no Counterpoint document to roll back`);
  }
  if (found?.where === "history") {
    throw new OrderOperationError(`document ${docId} was already posted to history: it cannot be rolled back`);
  }
  const deleted = await deleteOpenDocument(ports.cp, docId, { refPrefix: refPrefixOf(ports.storeId) });
  const reason = `operator: rolled back Counterpoint order ${deleted.tktNo} (document ${deleted.docId})`;
  let order = o;
  const move = async (to: OrderState) => {
    order = await recordOrderTransition(ports.state.db, {
      storeId: o.storeId,
      wooOrderId,
      to,
      expectedFrom: order.state,
      reason,
      at: nowOf(ports),
    });
  };
  // Orders caught between the document and the acknowledgement (received, staged, retrying) pass through cancelled.
  if (order.state !== "rolled_back" && !canTransition(order.state, "rolled_back")) await move("cancelled");
  if (order.state !== "rolled_back") await move("rolled_back");
  await ports.woo.orders.createNote(wooOrderId, {
    note: `Counterpoint order ${deleted.tktNo} (document ${deleted.docId}) was removed by cpwoo (rollback); its stock allocation was released.`,
  });
  await ports.woo.orders.update(wooOrderId, {
    meta_data: [
      { key: DOC_ID_META, value: "" },
      { key: TKT_NO_META, value: "" },
    ],
  });
  return { order, docId: deleted.docId, tktNo: deleted.tktNo, released: deleted.released.length };
}
