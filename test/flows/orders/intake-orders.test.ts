import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { intakeOrder, intakeOrders } from "../../../src/flows/orders/intake-order.js";
import type { OrderPorts } from "../../../src/flows/orders/order-ports.js";
import { pollOrders } from "../../../src/flows/orders/poll-orders.js";
import {
  findOrder,
  listOrderRefunds,
  listOrderTransitions,
  openStateStore,
  recordOrderTransition,
} from "../../../src/store/index.js";
import type { Order, OrderCreate } from "../../../src/woocommerce/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type OrdersHarness, startOrdersHarness } from "./orders-harness.js";

/** Counts the statements a Kysely instance runs (BEGIN/COMMIT do not go through plugins). */
class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** Runs `meanwhile` once, after the first SELECT's result is in and before the caller sees it. */
class AfterFirstSelect implements KyselyPlugin {
  private readonly selects = new WeakSet<QueryId>();
  private done = false;
  constructor(private readonly meanwhile: () => Promise<unknown>) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (args.node.kind === "SelectQueryNode") this.selects.add(args.queryId);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (!this.done && this.selects.has(args.queryId)) {
      this.done = true;
      await this.meanwhile();
    }
    return args.result;
  }
}

const storeId = "test-store";
const anHourAgo = () => new Date(Date.now() - 3600_000);

function webOrder(paid: boolean): OrderCreate {
  return {
    set_paid: paid,
    payment_method: paid ? "stripe" : "bacs",
    billing: { first_name: "Ana", last_name: "Shopper", email: "ana.shopper@example.com" },
    line_items: [{ sku: "PBO-TOTE", quantity: 1 }],
  };
}

/** Creates web orders through the store's batch endpoint (100 a call). */
async function createOrders(h: OrdersHarness, count: number, paid: boolean): Promise<Order[]> {
  const created: Order[] = [];
  for (let at = 0; at < count; at += 100) {
    const create = Array.from({ length: Math.min(100, count - at) }, () => webOrder(paid));
    const result = await h.woo.orders.batch({ create });
    for (const c of result.create) {
      if (!c.ok) throw new Error(`the fake store refused an order: ${JSON.stringify(c)}`);
      created.push(c.resource);
    }
  }
  return created;
}

async function countRows(h: OrdersHarness, table: "synced_orders" | "order_transitions"): Promise<number> {
  const row = await h.ports.state.db
    .selectFrom(table)
    .select(sql<number>`count(*)`.as("n"))
    .where("store_id", "=", storeId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function counted(ports: OrderPorts, counter: StatementCounter): OrderPorts {
  return { ...ports, state: { ...ports.state, db: ports.state.db.withPlugin(counter) } };
}

describe.each(testEngines)("intake of a page of orders on %s", (engine) => {
  let h: OrdersHarness;
  beforeEach(async () => {
    h = await startOrdersHarness(engine);
  });
  afterEach(async () => {
    await h.dispose();
  });

  it("records exactly the paid orders of a poll, each with its first transition, and then finds them unchanged", async () => {
    const paid = await createOrders(h, 250, true);
    const unpaid = await createOrders(h, 12, false);

    let wakes = 0;
    const first = await pollOrders(h.ports, { since: anHourAgo(), onNewOrders: () => wakes++ });
    expect(first.seen).toBe(250);
    // Pages of 100: the workers are woken after each page that brought orders.
    expect(wakes).toBe(3);
    expect(first.counts).toEqual({ new: 250, changed: 0, unchanged: 0, reopened: 0, "not-paid": 0 });
    expect(await countRows(h, "synced_orders")).toBe(250);
    expect(await countRows(h, "order_transitions")).toBe(250);
    for (const order of [paid[0], paid[137], paid[249]]) {
      const id = order?.id ?? 0;
      expect(await findOrder(h.ports.state.db, { storeId, wooOrderId: id })).toMatchObject({
        state: "received",
        attempts: 0,
        wooNumber: order?.number,
        total: order?.total,
        currency: order?.currency,
      });
      expect(await listOrderTransitions(h.ports.state.db, { storeId, wooOrderId: id })).toEqual([
        expect.objectContaining({ from: null, to: "received", reason: "first seen" }),
      ]);
    }
    for (const order of unpaid) {
      expect(await findOrder(h.ports.state.db, { storeId, wooOrderId: order.id })).toBeUndefined();
    }

    const again = await pollOrders(h.ports, { since: anHourAgo(), onNewOrders: () => wakes++ });
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 250, reopened: 0, "not-paid": 0 });
    expect(wakes).toBe(3);
    expect(await countRows(h, "synced_orders")).toBe(250);
    expect(await countRows(h, "order_transitions")).toBe(250);
  });

  it("misses no order when orders it has read are modified while it pages (cpwoo's own acknowledgements)", async () => {
    await createOrders(h, 250, true);
    const orders = h.ports.woo.orders;
    // After the first page, that page's orders change on the store (a worker acknowledging them): under
    // orderby=modified they would move to the end and shift every later page by 100.
    const touching: typeof orders.modifiedSince = async function* (watermark, query, options) {
      let first = true;
      for await (const page of orders.modifiedSince(watermark, query, options)) {
        yield page;
        if (first) {
          first = false;
          await new Promise((resolve) => setTimeout(resolve, 1100));
          const update = page.items.map((o) => ({ id: o.id, meta_data: [{ key: "_cpwoo_doc_id", value: "1" }] }));
          await h.woo.orders.batch({ update });
        }
      }
    };
    const woo = Object.assign(Object.create(h.ports.woo) as typeof h.ports.woo, {
      orders: Object.assign(Object.create(orders) as typeof orders, { modifiedSince: touching }),
    });
    const summary = await pollOrders({ ...h.ports, woo }, { since: anHourAgo() });
    expect(summary.counts.new).toBe(250);
    expect(await countRows(h, "synced_orders")).toBe(250);
  });

  it("gives each order of a mixed page the action intakeOrder gives it, in page order", async () => {
    const [fresh, unpaid, same, changed, invalid, cancelled] = [
      ...(await createOrders(h, 1, true)),
      ...(await createOrders(h, 1, false)),
      ...(await createOrders(h, 4, true)),
    ];
    if (!fresh || !unpaid || !same || !changed || !invalid || !cancelled) throw new Error("orders not created");
    for (const order of [same, changed, invalid, cancelled]) await intakeOrder(h.ports, order);
    await recordOrderTransition(h.ports.state.db, { storeId, wooOrderId: invalid.id, to: "invalid", reason: "test" });
    // As if its document were written and acknowledged.
    await h.ports.state.db
      .updateTable("synced_orders")
      .set({ state: "acknowledged", cp_doc_id: "1001", cp_tkt_no: "W1001" })
      .where("woo_order_id", "=", cancelled.id)
      .execute();
    const page = [
      fresh,
      unpaid,
      same,
      await h.woo.orders.update(changed.id, { customer_note: "gift wrap, please" }),
      await h.woo.orders.update(invalid.id, { customer_note: "a changed note" }),
      await h.woo.orders.update(cancelled.id, { status: "cancelled" }),
    ];

    const results = await intakeOrders(h.ports, page);
    expect(results.map((r) => [r.wooOrderId, r.action, r.state])).toEqual([
      [fresh.id, "new", "received"],
      [unpaid.id, "not-paid", null],
      [same.id, "unchanged", "received"],
      [changed.id, "changed", "received"],
      [invalid.id, "reopened", "received"],
      [cancelled.id, "changed", "acknowledged"],
    ]);
    expect(await findOrder(h.ports.state.db, { storeId, wooOrderId: unpaid.id })).toBeUndefined();
    expect(
      (await listOrderTransitions(h.ports.state.db, { storeId, wooOrderId: invalid.id })).map((t) => t.to),
    ).toEqual(["received", "invalid", "received"]);
    expect(await listOrderRefunds(h.ports.state.db, { storeId })).toEqual([
      expect.objectContaining({ wooOrderId: cancelled.id, wooRefundId: 0, kind: "cancel", state: "pending" }),
    ]);
    expect((await findOrder(h.ports.state.db, { storeId, wooOrderId: changed.id }))?.payloadHash).not.toBe(
      (await findOrder(h.ports.state.db, { storeId, wooOrderId: same.id }))?.payloadHash,
    );

    // The same page again: nothing changed, the cancellation is not queued twice.
    const again = await intakeOrders(h.ports, page);
    expect(again.map((r) => r.action)).toEqual([
      "unchanged",
      "not-paid",
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    expect(await listOrderRefunds(h.ports.state.db, { storeId })).toHaveLength(1);
    // An order twice in one page: the second sees what the first recorded.
    const [twice] = await createOrders(h, 1, true);
    if (!twice) throw new Error("order not created");
    expect((await intakeOrders(h.ports, [twice, twice])).map((r) => r.action)).toEqual(["new", "unchanged"]);
  });

  it("records a page of 100 new orders in a constant number of statements", async () => {
    const orders = await createOrders(h, 100, true);
    const counter = new StatementCounter();
    const results = await intakeOrders(counted(h.ports, counter), orders);
    expect(results.every((r) => r.action === "new")).toBe(true);
    // One SELECT of the known rows, one INSERT of the orders, one of their transitions; on PostgreSQL the store, new
    // and now 100 orders larger, also reads its statistics' row count and refreshes them (ANALYZE).
    expect(counter.count).toBe(engine === "postgres" ? 5 : 3);

    // A poll reads the cursor and writes it besides; the known page is one SELECT and one UPDATE.
    counter.count = 0;
    const poll = await pollOrders(counted(h.ports, counter), { since: anHourAgo() });
    expect(poll.counts.unchanged).toBe(100);
    expect(counter.count).toBeLessThanOrEqual(5);
  });

  it("leaves an order a webhook recorded between the read and the insert with one row and one first transition", async () => {
    const orders = await createOrders(h, 3, true);
    const racer = orders[1];
    if (!racer) throw new Error("order not created");
    // The webhook intake runs on its own connection while the page's SELECT has answered "unknown".
    const webhookStore = await openStateStore(h.stateUrl);
    try {
      const webhook = { ...h.ports, state: webhookStore };
      const plugin = new AfterFirstSelect(() => intakeOrder(webhook, racer));
      const ports = { ...h.ports, state: { ...h.ports.state, db: h.ports.state.db.withPlugin(plugin) } };
      const results = await intakeOrders(ports, orders);
      expect(results.map((r) => r.action)).toEqual(["new", "unchanged", "new"]);
    } finally {
      await webhookStore.close();
    }
    expect(await countRows(h, "synced_orders")).toBe(3);
    expect(await listOrderTransitions(h.ports.state.db, { storeId, wooOrderId: racer.id })).toEqual([
      expect.objectContaining({ from: null, to: "received", reason: "first seen" }),
    ]);
    expect(await countRows(h, "order_transitions")).toBe(3);
  });
});
