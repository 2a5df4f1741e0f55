import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { statesWorkableAtM0011 } from "../../src/store/migrations/m0011-workable-orders.js";
import {
  claimDueOrders,
  insertNewOrders,
  recordBulkTransition,
  touchOrder,
  workableOrderStates,
} from "../../src/store/index.js";
import { testEngines } from "../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "./open-migrated-store.js";
import { seenOrder as seen, storeId } from "./seen-order.js";

describe("the index of workable orders", () => {
  it("holds exactly the states workers claim", () => {
    expect([...statesWorkableAtM0011].sort()).toEqual([...workableOrderStates].sort());
  });
});

describe.each(testEngines)("claiming orders on %s", (engine) => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  function claim(worker: string, limit: number) {
    return claimDueOrders(ctx.store.db, { engine, storeId, worker, limit, leaseMs: 60_000 });
  }

  it("takes the oldest workable orders first, each order by one worker only", async () => {
    await insertNewOrders(
      ctx.store.db,
      Array.from({ length: 120 }, (_, i) => seen(i + 1)),
    );
    // Orders 1–10 are done: not workable though oldest. Order 11 was looked at last: it goes to the end of the line.
    await recordBulkTransition(ctx.store.db, {
      storeId,
      wooOrderIds: Array.from({ length: 10 }, (_, i) => i + 1),
      from: "received",
      to: "skipped",
      reason: "test",
    });
    await touchOrder(ctx.store.db, { storeId, wooOrderId: 11 }, "received", new Date(Date.now() + 60_000));
    const first = await claim("a", 50);
    const second = await claim("b", 50);
    const third = await claim("c", 50);
    expect(first.map((o) => o.wooOrderId)).toEqual(Array.from({ length: 50 }, (_, i) => i + 12));
    expect(second.map((o) => o.wooOrderId)).toEqual(Array.from({ length: 50 }, (_, i) => i + 62));
    expect(third.map((o) => o.wooOrderId)).toEqual([...Array.from({ length: 9 }, (_, i) => i + 112), 11]);
    expect(await claim("d", 50)).toEqual([]);
  });

  it.runIf(engine === "postgres")("reads the claim line from its index, not the whole table", async () => {
    await insertNewOrders(
      ctx.store.db,
      Array.from({ length: 2_000 }, (_, i) => seen(i + 1)),
    );
    await sql`ANALYZE synced_orders`.execute(ctx.store.db);
    const plan = await sql<{ "QUERY PLAN": string }>`EXPLAIN
      SELECT store_id, woo_order_id FROM synced_orders
      WHERE store_id = ${storeId} AND state IN ('received', 'staged', 'retrying', 'created')
        AND (next_attempt_at IS NULL OR next_attempt_at <= ${"2030-01-01T00:00:00.000Z"})
        AND (claimed_until IS NULL OR claimed_until < ${"2030-01-01T00:00:00.000Z"})
      ORDER BY updated_at, woo_order_id LIMIT 50 FOR UPDATE SKIP LOCKED`.execute(ctx.store.db);
    const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("synced_orders_workable");
    expect(text).not.toMatch(/Sort/);
  });

  it.runIf(engine === "postgres")("plans one order's update by its key right after a large first intake", async () => {
    // No ANALYZE here: the intake itself must leave the statistics the planner needs.
    await insertNewOrders(
      ctx.store.db,
      Array.from({ length: 2_000 }, (_, i) => seen(i + 1)),
    );
    const plan = await sql<{ "QUERY PLAN": string }>`EXPLAIN
      UPDATE synced_orders SET state = 'staged'
      WHERE store_id = ${storeId} AND woo_order_id = ${77} AND state = ${"received"}`.execute(ctx.store.db);
    expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("synced_orders_pk");
  });
});
