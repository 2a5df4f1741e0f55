import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testEngines } from "../helpers/databases.js";
import {
  canTransition,
  findOrder,
  listOrders,
  listOrderTransitions,
  type OrderState,
  orderStates,
  recordOrderTransition,
  StoreError,
  stableHash,
  upsertOrder,
} from "../../src/store/index.js";
import { type MigratedStore, openMigratedStore } from "./open-migrated-store.js";

const key = { storeId: "main", wooOrderId: 1001 };

describe.each(testEngines)("synced orders on %s", (engine) => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  it("inserts a new order as received with its first transition, and updates it by key", async () => {
    const hash1 = stableHash({ id: 1001, total: "10.00" });
    const first = await upsertOrder(ctx.store.db, {
      ...key,
      wooNumber: "1001",
      payloadHash: hash1,
      wooModifiedGmt: "2025-03-01T10:00:00",
      total: "10.00",
      currency: "USD",
      at: new Date("2025-03-01T10:00:01Z"),
    });
    expect(first.inserted).toBe(true);
    expect(first.order).toMatchObject({ ...key, state: "received", attempts: 0, total: "10.00", wooNumber: "1001" });
    expect(first.order.createdAt).toBe("2025-03-01T10:00:01.000Z");

    const same = await upsertOrder(ctx.store.db, { ...key, payloadHash: hash1 });
    expect(same).toMatchObject({ inserted: false, changed: false });

    const hash2 = stableHash({ id: 1001, total: "12.50" });
    const changed = await upsertOrder(ctx.store.db, { ...key, payloadHash: hash2, total: "12.50" });
    expect(changed).toMatchObject({ inserted: false, changed: true });
    expect(changed.order.total).toBe("12.50");
    expect(changed.order.wooNumber).toBe("1001"); // untouched field kept

    // Same Woo id on another store is another order.
    const other = await upsertOrder(ctx.store.db, { storeId: "second", wooOrderId: 1001 });
    expect(other.inserted).toBe(true);
    expect(await listOrders(ctx.store.db, { storeId: "main" })).toHaveLength(1);
    expect(await listOrderTransitions(ctx.store.db, key)).toEqual([
      expect.objectContaining({ from: null, to: "received", reason: "first seen" }),
    ]);
  });

  it("refuses a float-looking or malformed total", async () => {
    await expect(upsertOrder(ctx.store.db, { ...key, total: "1e3" })).rejects.toThrow(/total "1e3" is not decimal/);
    await expect(upsertOrder(ctx.store.db, { storeId: "", wooOrderId: 1 })).rejects.toThrow(/storeId/);
    await expect(upsertOrder(ctx.store.db, { storeId: "x", wooOrderId: 1.5 })).rejects.toThrow(/wooOrderId/);
  });

  it("records every transition with time and reason, along the main line", async () => {
    await upsertOrder(ctx.store.db, key);
    await recordOrderTransition(ctx.store.db, { ...key, to: "staged", at: new Date("2025-03-01T10:01:00Z") });
    await recordOrderTransition(ctx.store.db, {
      ...key,
      to: "retrying",
      reason: "Counterpoint timed out",
      nextAttemptAt: new Date("2025-03-01T10:06:00Z"),
    });
    const created = await recordOrderTransition(ctx.store.db, {
      ...key,
      to: "created",
      expectedFrom: "retrying",
      cpDocId: "100000000042",
      cpTktNo: "W101-000042",
    });
    expect(created).toMatchObject({ state: "created", attempts: 1, nextAttemptAt: null, cpDocId: "100000000042" });
    await recordOrderTransition(ctx.store.db, { ...key, to: "acknowledged" });

    const transitions = await listOrderTransitions(ctx.store.db, key);
    expect(transitions.map((t) => [t.from, t.to])).toEqual([
      [null, "received"],
      ["received", "staged"],
      ["staged", "retrying"],
      ["retrying", "created"],
      ["created", "acknowledged"],
    ]);
    expect(transitions[1]?.at).toBe("2025-03-01T10:01:00.000Z");
    expect(transitions[2]?.reason).toBe("Counterpoint timed out");
    const order = await findOrder(ctx.store.db, key);
    expect(order).toMatchObject({ state: "acknowledged", cpTktNo: "W101-000042", attempts: 1 });
  });

  it("records the states passed through with their own times and reasons, and the warnings, in one move", async () => {
    await upsertOrder(ctx.store.db, key);
    // Both paths: the one-statement move (a single expected state) and the checked transaction (several).
    for (const [id, expectedFrom] of [
      [1001, "received"],
      [1002, ["received", "retrying"]],
    ] as const) {
      const k = { ...key, wooOrderId: id };
      await upsertOrder(ctx.store.db, k);
      const created = await recordOrderTransition(ctx.store.db, {
        ...k,
        to: "created",
        expectedFrom,
        reason: "document written",
        cpDocId: "100000000042",
        cpTktNo: "O101-000042",
        through: [{ state: "staged", reason: "customer 2306 (e-mail)", at: new Date("2025-03-01T10:01:00Z") }],
        warnings: ["billing.company cut to 40 characters"],
        at: new Date("2025-03-01T10:01:02Z"),
      });
      expect(created).toMatchObject({ state: "created", cpTktNo: "O101-000042" });
      expect(created.warnings).toEqual(["billing.company cut to 40 characters"]);
      const transitions = await listOrderTransitions(ctx.store.db, k);
      expect(transitions.map((t) => [t.from, t.to, t.at, t.reason])).toEqual([
        [null, "received", expect.any(String), "first seen"],
        ["received", "staged", "2025-03-01T10:01:00.000Z", "customer 2306 (e-mail)"],
        ["staged", "created", "2025-03-01T10:01:02.000Z", "document written"],
      ]);
    }
    // A step the state machine does not allow is refused and nothing is recorded.
    const k = { ...key, wooOrderId: 1003 };
    await upsertOrder(ctx.store.db, k);
    await expect(
      recordOrderTransition(ctx.store.db, {
        ...k,
        to: "created",
        expectedFrom: "received",
        through: [{ state: "acknowledged", reason: "no", at: new Date() }],
      }),
    ).rejects.toMatchObject({ code: "illegal_transition" });
    expect(await findOrder(ctx.store.db, k)).toMatchObject({ state: "received" });
    expect(await listOrderTransitions(ctx.store.db, k)).toHaveLength(1);
  });

  it("lists retrying orders that are due", async () => {
    for (const id of [1, 2, 3]) {
      await upsertOrder(ctx.store.db, { storeId: "main", wooOrderId: id });
      await recordOrderTransition(ctx.store.db, {
        storeId: "main",
        wooOrderId: id,
        to: "retrying",
        reason: "try later",
        nextAttemptAt: new Date(`2025-03-01T10:0${id}:00Z`),
      });
    }
    const due = await listOrders(ctx.store.db, { states: ["retrying"], dueBy: new Date("2025-03-01T10:02:00Z") });
    expect(due.map((o) => o.wooOrderId).sort()).toEqual([1, 2]);
  });

  it("refuses an unknown state, an illegal transition, a missing reason and a stale expectation", async () => {
    await upsertOrder(ctx.store.db, key);
    const bogus = "shipped" as OrderState;
    await expect(recordOrderTransition(ctx.store.db, { ...key, to: bogus })).rejects.toMatchObject({
      code: "unknown_state",
      message: expect.stringContaining('unknown order state "shipped"') as string,
    });
    await expect(recordOrderTransition(ctx.store.db, { ...key, to: "acknowledged" })).rejects.toMatchObject({
      code: "illegal_transition",
    });
    await expect(recordOrderTransition(ctx.store.db, { ...key, to: "invalid" })).rejects.toThrow(/reason is required/);
    await expect(recordOrderTransition(ctx.store.db, { ...key, to: "retrying", reason: "x" })).rejects.toThrow(
      /nextAttemptAt is required/,
    );
    await expect(
      recordOrderTransition(ctx.store.db, { ...key, to: "staged", expectedFrom: ["invalid", "dead"] }),
    ).rejects.toMatchObject({ code: "state_conflict" });
    await expect(
      recordOrderTransition(ctx.store.db, { storeId: "main", wooOrderId: 999, to: "staged" }),
    ).rejects.toMatchObject({ code: "not_found" });
    // Nothing was written by the refused calls.
    expect(await listOrderTransitions(ctx.store.db, key)).toHaveLength(1);
    expect((await findOrder(ctx.store.db, key))?.state).toBe("received");
    // The database refuses an unknown state even if code bypassed the repository.
    await expect(
      ctx.store.db.updateTable("synced_orders").set({ state: "shipped" }).where("woo_order_id", "=", 1001).execute(),
    ).rejects.toThrow();
  });

  it("rolls back the state change when the transition row cannot be written", async () => {
    await upsertOrder(ctx.store.db, key);
    await expect(
      ctx.store.db.transaction().execute(async (trx) => {
        await recordOrderTransition(trx, { ...key, to: "staged" });
        throw new Error("crash after the transition");
      }),
    ).rejects.toThrow("crash after");
    expect((await findOrder(ctx.store.db, key))?.state).toBe("received");
    expect(await listOrderTransitions(ctx.store.db, key)).toHaveLength(1);
  });
});

describe("the order state machine", () => {
  it("lets every state be reached and every side state lead back", () => {
    const reachable = new Set<OrderState>(["received"]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const from of [...reachable]) {
        for (const to of orderStates) {
          if (canTransition(from, to) && !reachable.has(to)) {
            reachable.add(to);
            grew = true;
          }
        }
      }
    }
    expect([...reachable].sort()).toEqual([...orderStates].sort());
    for (const side of ["invalid", "dead", "skipped", "cancelled", "rolled_back"] as const) {
      expect(canTransition(side, "received")).toBe(true);
    }
    expect(canTransition("acknowledged", "received")).toBe(false);
    expect(canTransition("created", "staged")).toBe(false);
    expect(new StoreError("bad_value", "x").code).toBe("bad_value");
  });
});
