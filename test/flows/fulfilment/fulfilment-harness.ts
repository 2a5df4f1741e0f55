import { fetch as undiciFetch } from "undici";
import type { FulfilmentPorts } from "../../../src/flows/fulfilment/fulfilment-ports.js";
import { drainOrders } from "../../../src/flows/orders/drain-orders.js";
import { pollOrders } from "../../../src/flows/orders/poll-orders.js";
import { findOrder } from "../../../src/store/index.js";
import { type Order, WooClient } from "../../../src/woocommerce/index.js";
import type { TestEngine } from "../../helpers/databases.js";
import { type OrdersHarness, startOrdersHarness } from "../orders/orders-harness.js";

export interface FulfilmentHarness extends OrdersHarness {
  /** Ports whose WooCommerce client counts its requests in `requests`. */
  fulfilment: FulfilmentPorts;
  requests: string[];
  /** Places paid orders and drains them to `acknowledged`; returns web id, DOC_ID and TKT_NO of each. */
  acknowledged(
    orders: ReadonlyArray<ReadonlyArray<{ sku: string; quantity: number }>>,
  ): Promise<Array<{ id: number; docId: string; tktNo: string }>>;
  web(id: number): Promise<{ order: Order; notes: string[] }>;
}

export async function startFulfilmentHarness(
  engine: TestEngine,
  fulfilment: Record<string, unknown> = {},
): Promise<FulfilmentHarness> {
  const h = await startOrdersHarness(engine, {}, { fulfilment });
  const requests: string[] = [];
  const counted = new WooClient({
    url: h.sandbox.url,
    key: h.sandbox.consumerKey,
    secret: h.sandbox.consumerSecret,
    fetch: (u, init) => {
      requests.push(`${init.method} ${new URL(u).pathname.replace(/^.*\/wc\/v3/, "")}`);
      return undiciFetch(u, init);
    },
  });
  return {
    ...h,
    fulfilment: { woo: counted, cp: h.cp, state: h.ports.state, settings: h.ports.settings, storeId: h.ports.storeId },
    requests,
    async acknowledged(orders) {
      const placed = [];
      for (const [i, lines] of orders.entries()) {
        placed.push(await h.place({ lines, guest: { email: `shopper${i}@example.com` } }));
      }
      await pollOrders(h.ports, { since: new Date(Date.now() - 3600_000) });
      await drainOrders(h.ports, { worker: "test" });
      const out = [];
      for (const p of placed) {
        const s = await findOrder(h.ports.state.db, { storeId: h.ports.storeId, wooOrderId: p.id });
        if (s?.state !== "acknowledged" || s.cpDocId === null || s.cpTktNo === null) {
          throw new Error(`web order ${p.id} is ${s?.state ?? "unknown"}: ${s?.reason ?? ""}`);
        }
        out.push({ id: p.id, docId: s.cpDocId, tktNo: s.cpTktNo });
      }
      return out;
    },
    async web(id) {
      const order = await h.woo.orders.get(id);
      const notes = (await h.woo.orders.listNotes(id)).map((n) => n.note);
      return { order, notes };
    },
    async dispose() {
      await counted.close();
      await h.dispose();
    },
  };
}
