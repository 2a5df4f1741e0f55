import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  findOrders,
  insertNewOrders,
  listOrderTransitions,
  refreshKnownOrders,
  StoreError,
  upsertOrder,
} from "../../src/store/index.js";
import { testEngines } from "../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "./open-migrated-store.js";
import { seenOrder as seen, storeId } from "./seen-order.js";

describe.each(testEngines)("orders recorded in batches on %s", (engine) => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  async function transitionCount(): Promise<number> {
    const row = await ctx.store.db
      .selectFrom("order_transitions")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it("inserts new orders past one statement's parameters, skipping one already there", async () => {
    await upsertOrder(ctx.store.db, seen(7));
    const orders = Array.from({ length: 400 }, (_, i) => seen(i + 1));
    const inserted = await insertNewOrders(ctx.store.db, orders);
    expect(inserted).toHaveLength(399);
    expect(inserted.map((o) => o.wooOrderId)).not.toContain(7);
    expect(inserted[0]).toMatchObject({ storeId, wooOrderId: 1, state: "received", attempts: 0, total: "10.00" });
    expect(await transitionCount()).toBe(400);
    for (const wooOrderId of [7, 1, 400]) {
      expect(await listOrderTransitions(ctx.store.db, { storeId, wooOrderId })).toEqual([
        expect.objectContaining({ from: null, to: "received", reason: "first seen" }),
      ]);
    }
    const found = await findOrders(
      ctx.store.db,
      storeId,
      Array.from({ length: 2500 }, (_, i) => i + 1),
    );
    expect(found.size).toBe(400);
    expect(found.get(400)).toMatchObject({ state: "received", payloadHash: "h400" });
  });

  it("refreshes known orders whose hash is still the one read, and leaves the others", async () => {
    const orders = Array.from({ length: 300 }, (_, i) => seen(i + 1));
    await insertNewOrders(ctx.store.db, orders);
    const refreshed = await refreshKnownOrders(
      ctx.store.db,
      orders.map((o) => ({
        ...o,
        wooNumber: `#${o.wooOrderId}`,
        payloadHash: o.wooOrderId % 2 === 0 ? "changed" : o.payloadHash,
        wooModifiedGmt: "2025-03-02T10:00:00",
        total: "12.50",
        currency: "USD",
        // Order 5 was changed by someone else since it was read.
        expectedHash: o.wooOrderId === 5 ? "stale" : o.payloadHash,
      })),
    );
    expect(refreshed).toHaveLength(299);
    const byId = new Map(refreshed.map((o) => [o.wooOrderId, o]));
    expect(byId.get(2)).toMatchObject({ state: "received", wooNumber: "#2", payloadHash: "changed", total: "12.50" });
    expect(byId.get(3)).toMatchObject({ payloadHash: "h3", wooModifiedGmt: "2025-03-02T10:00:00" });
    const untouched = (await findOrders(ctx.store.db, storeId, [5])).get(5);
    expect(untouched).toMatchObject({ wooNumber: "5", payloadHash: "h5", total: "10.00" });
    expect(await transitionCount()).toBe(300);
  });

  it("refuses a total that is not decimal text before writing anything", async () => {
    const bad = { ...seen(2), total: "12,50" };
    await expect(insertNewOrders(ctx.store.db, [seen(1), bad])).rejects.toBeInstanceOf(StoreError);
    expect((await findOrders(ctx.store.db, storeId, [1, 2])).size).toBe(0);
  });
});
