import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  findOrder,
  listOrderTransitions,
  recordBulkTransition,
  recordOrderTransition,
  StoreError,
  upsertOrder,
} from "../../src/store/index.js";
import { testEngines } from "../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "./open-migrated-store.js";

describe.each(testEngines)("bulk order transitions on %s", (engine) => {
  let s: MigratedStore;
  beforeEach(async () => {
    s = await openMigratedStore(engine);
  });
  afterEach(async () => {
    await s.dispose();
  });

  it("moves only the orders still in the expected state, recording each transition", async () => {
    const db = s.store.db;
    for (const id of [1, 2, 3]) {
      await upsertOrder(db, { storeId: "s", wooOrderId: id });
      await recordOrderTransition(db, { storeId: "s", wooOrderId: id, to: "staged" });
      await recordOrderTransition(db, { storeId: "s", wooOrderId: id, to: "created", cpDocId: `10${id}` });
    }
    // Order 3 was rolled back by an operator meanwhile: it must not be acknowledged.
    await recordOrderTransition(db, { storeId: "s", wooOrderId: 3, to: "rolled_back", reason: "operator" });
    const moved = await recordBulkTransition(db, {
      storeId: "s",
      wooOrderIds: [1, 2, 3, 2],
      from: "created",
      to: "acknowledged",
    });
    expect(moved.sort()).toEqual([1, 2]);
    expect((await findOrder(db, { storeId: "s", wooOrderId: 1 }))?.state).toBe("acknowledged");
    expect((await findOrder(db, { storeId: "s", wooOrderId: 1 }))?.cpDocId).toBe("101");
    expect((await findOrder(db, { storeId: "s", wooOrderId: 3 }))?.state).toBe("rolled_back");
    const steps = await listOrderTransitions(db, { storeId: "s", wooOrderId: 2 });
    expect(steps.map((t) => `${t.from}>${t.to}`)).toEqual([
      "null>received",
      "received>staged",
      "staged>created",
      "created>acknowledged",
    ]);
  });

  it("refuses transitions the state machine forbids, or that need a reason per order", async () => {
    const db = s.store.db;
    await expect(
      recordBulkTransition(db, { storeId: "s", wooOrderIds: [1], from: "received", to: "acknowledged" }),
    ).rejects.toBeInstanceOf(StoreError);
    await expect(
      recordBulkTransition(db, { storeId: "s", wooOrderIds: [1], from: "received", to: "invalid" }),
    ).rejects.toThrow(/reason per order/);
  });
});
