import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type BatchTransitionRequest,
  findOrder,
  insertNewOrders,
  listOrderTransitions,
  recordOrderTransition,
  recordOrderTransitions,
  StoreError,
} from "../../src/store/index.js";
import { testEngines } from "../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "./open-migrated-store.js";
import { seenOrder as seen, storeId } from "./seen-order.js";

function created(wooOrderId: number, from: "received" | "staged" = "received"): BatchTransitionRequest {
  return {
    storeId,
    wooOrderId,
    to: "created",
    expectedFrom: from,
    reason: `document written: 10${wooOrderId}`,
    cpDocId: `1000000000${wooOrderId}`,
    cpTktNo: `10${wooOrderId}`,
    through:
      from === "staged"
        ? []
        : [{ state: "staged", reason: `customer C${wooOrderId}`, at: new Date("2025-03-01T10:00:01Z") }],
    warnings: wooOrderId === 2 ? ["billing.address_1: cut to 40 characters"] : [],
    at: new Date("2025-03-01T10:00:02Z"),
  };
}

describe.each(testEngines)("a batch of order transitions on %s", (engine) => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
    await insertNewOrders(
      ctx.store.db,
      [1, 2, 3, 4].map((id) => seen(id)),
    );
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  it("moves each order with its own numbers, reasons, warnings and passed-through states, in one write", async () => {
    await recordOrderTransition(ctx.store.db, { storeId, wooOrderId: 4, to: "staged", expectedFrom: "received" });
    // Order 3 was skipped by an operator meanwhile: it is left alone.
    await recordOrderTransition(ctx.store.db, { storeId, wooOrderId: 3, to: "skipped", reason: "operator" });
    const moved = await recordOrderTransitions(ctx.store.db, [
      created(1),
      created(2),
      created(3),
      created(4, "staged"),
    ]);
    expect([...moved.keys()].sort()).toEqual([1, 2, 4]);
    expect(moved.get(2)).toMatchObject({
      state: "created",
      cpDocId: "10000000002",
      cpTktNo: "102",
      warnings: ["billing.address_1: cut to 40 characters"],
    });
    expect(await findOrder(ctx.store.db, { storeId, wooOrderId: 3 })).toMatchObject({ state: "skipped" });
    expect(await listOrderTransitions(ctx.store.db, { storeId, wooOrderId: 1 })).toEqual([
      expect.objectContaining({ from: null, to: "received" }),
      expect.objectContaining({
        from: "received",
        to: "staged",
        reason: "customer C1",
        at: "2025-03-01T10:00:01.000Z",
      }),
      expect.objectContaining({ from: "staged", to: "created", reason: "document written: 101" }),
    ]);
    expect((await listOrderTransitions(ctx.store.db, { storeId, wooOrderId: 4 })).map((t) => t.to)).toEqual([
      "received",
      "staged",
      "created",
    ]);
    expect((await listOrderTransitions(ctx.store.db, { storeId, wooOrderId: 3 })).map((t) => t.to)).toEqual([
      "received",
      "skipped",
    ]);
  });

  it("refuses a move the state machine forbids before writing anything", async () => {
    const illegal: BatchTransitionRequest = { storeId, wooOrderId: 2, to: "acknowledged", expectedFrom: "received" };
    await expect(recordOrderTransitions(ctx.store.db, [created(1), illegal])).rejects.toThrow(StoreError);
    expect(await findOrder(ctx.store.db, { storeId, wooOrderId: 1 })).toMatchObject({ state: "received" });
  });
});
