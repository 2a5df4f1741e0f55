import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testEngines } from "../helpers/databases.js";
import {
  abandonRuns,
  findCpKey,
  findDeadLetter,
  findPushedHash,
  findRun,
  findWooId,
  finishRun,
  getCursor,
  latestRunPerJob,
  listDeadLetters,
  listRuns,
  findCpKeys,
  mapId,
  recordDeadLetter,
  recordPushedHashes,
  resolveDeadLetter,
  selectChangedValues,
  setCursor,
  stableHash,
  startRun,
  unmapId,
} from "../../src/store/index.js";
import { type MigratedStore, openMigratedStore } from "./open-migrated-store.js";

describe.each(testEngines)("state records on %s", (engine) => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  it("keeps id maps one-to-one both ways, per kind and store", async () => {
    const db = ctx.store.db;
    await mapId(db, { storeId: "main", kind: "customer", wooId: 7, cpKey: "C0007" });
    await mapId(db, { storeId: "main", kind: "customer", wooId: 7, cpKey: "C0007" }); // idempotent
    expect(await findCpKey(db, "main", "customer", 7)).toBe("C0007");
    expect(await findWooId(db, "main", "customer", "C0007")).toBe(7);
    expect(await findCpKey(db, "main", "product", 7)).toBeUndefined();
    // Many at once: only ids with a map of this kind and store, each once.
    await mapId(db, { storeId: "main", kind: "customer", wooId: 11, cpKey: "C0011" });
    await mapId(db, { storeId: "main", kind: "product", wooId: 12, cpKey: "P0012" });
    const keys = await findCpKeys(db, "main", "customer", [7, 11, 12, 13, 7]);
    expect([...keys].sort()).toEqual([
      [11, "C0011"],
      [7, "C0007"],
    ]);
    await expect(findCpKeys(db, "main", "customer", [0])).rejects.toMatchObject({ code: "bad_value" });

    await expect(mapId(db, { storeId: "main", kind: "customer", wooId: 7, cpKey: "C0008" })).rejects.toMatchObject({
      code: "id_map_conflict",
      message: expect.stringContaining('already mapped Woo 7 ↔ Counterpoint "C0007"') as string,
    });
    await expect(mapId(db, { storeId: "main", kind: "customer", wooId: 8, cpKey: "C0007" })).rejects.toMatchObject({
      code: "id_map_conflict",
    });
    // The same numbers are free in another kind or store.
    await mapId(db, { storeId: "main", kind: "product", wooId: 7, cpKey: "C0007" });
    await mapId(db, { storeId: "other", kind: "customer", wooId: 7, cpKey: "C0008" });
    // The database itself enforces uniqueness both ways.
    const now = "2025-01-01T00:00:00.000Z";
    await expect(
      db
        .insertInto("id_maps")
        .values({ store_id: "main", kind: "customer", woo_id: 9, cp_key: "C0007", created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto("id_maps")
        .values({ store_id: "main", kind: "customer", woo_id: 7, cp_key: "C0009", created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow();
    await expect(mapId(db, { storeId: "main", kind: "order" as "customer", wooId: 1, cpKey: "x" })).rejects.toThrow(
      /kind "order"/,
    );

    expect(await unmapId(db, "main", "customer", 7)).toBe(true);
    expect(await unmapId(db, "main", "customer", 7)).toBe(false);
    await mapId(db, { storeId: "main", kind: "customer", wooId: 8, cpKey: "C0007" });
    expect(await findWooId(db, "main", "customer", "C0007")).toBe(8);
  });

  it("stores cursors, with compare-and-set", async () => {
    const db = ctx.store.db;
    expect(await getCursor(db, "orders.modified_after")).toBeUndefined();
    await setCursor(db, "orders.modified_after", "2025-01-01T00:00:00", { expected: null });
    await setCursor(db, "orders.modified_after", "2025-01-02T00:00:00", {
      expected: "2025-01-01T00:00:00",
      at: new Date("2025-01-02T00:00:05Z"),
    });
    expect(await getCursor(db, "orders.modified_after")).toEqual({
      name: "orders.modified_after",
      value: "2025-01-02T00:00:00",
      updatedAt: "2025-01-02T00:00:05.000Z",
    });
    await expect(
      setCursor(db, "orders.modified_after", "2025-01-03T00:00:00", { expected: "2025-01-01T00:00:00" }),
    ).rejects.toMatchObject({ code: "state_conflict" });
    await setCursor(db, "orders.modified_after", "2025-01-04T00:00:00");
    expect((await getCursor(db, "orders.modified_after"))?.value).toBe("2025-01-04T00:00:00");
  });

  it("writes the run log: start, finish with counts or error, abandon, latest per job", async () => {
    const db = ctx.store.db;
    const a = await startRun(db, { jobName: "orders.pull", at: new Date("2025-01-01T00:00:00Z") });
    expect(await finishRun(db, a, { status: "succeeded", counts: { pulled: 3, skipped: 1 } })).toBe(true);
    expect(await finishRun(db, a, { status: "failed" })).toBe(false); // already finished
    const b = await startRun(db, { jobName: "orders.pull", at: new Date("2025-01-01T00:05:00Z") });
    await finishRun(db, b, { status: "failed", error: "WooCommerce 503" });
    const c = await startRun(db, { jobName: "inventory.push", jobId: "job-1", attempt: 1 });
    const d = await startRun(db, { jobName: "inventory.push", jobId: "job-1", attempt: 2 });
    expect(await abandonRuns(db, "job-1", { beforeAttempt: 2 })).toBe(1);
    expect((await findRun(db, c))?.status).toBe("abandoned");
    expect((await findRun(db, d))?.status).toBe("running");

    expect(await findRun(db, a)).toMatchObject({ status: "succeeded", counts: { pulled: 3, skipped: 1 }, error: null });
    const runs = await listRuns(db, { jobName: "orders.pull" });
    expect(runs.map((r) => r.runId)).toEqual([b, a]);
    expect(runs[0]).toMatchObject({ status: "failed", error: "WooCommerce 503" });
    const latest = await latestRunPerJob(db);
    expect(latest.map((r) => [r.jobName, r.runId])).toEqual([
      ["inventory.push", d],
      ["orders.pull", b],
    ]);
    await expect(finishRun(db, d, { status: "succeeded", counts: { n: Number.NaN } })).rejects.toThrow(/count "n"/);
  });

  it("keeps dead letters until resolved, once per job", async () => {
    const db = ctx.store.db;
    const first = await recordDeadLetter(db, {
      jobName: "orders.create",
      jobId: "j1",
      payload: { wooOrderId: 5, total: "9.99" },
      error: "Counterpoint refused the document",
      attempts: 4,
    });
    expect(first.inserted).toBe(true);
    const again = await recordDeadLetter(db, {
      jobName: "orders.create",
      jobId: "j1",
      payload: {},
      error: "x",
      attempts: 5,
    });
    expect(again).toEqual({ id: first.id, inserted: false });
    const second = await recordDeadLetter(db, { jobName: "customers.push", payload: null, error: "y", attempts: 1 });

    expect((await listDeadLetters(db)).map((d) => d.id)).toEqual([first.id, second.id]);
    expect(await findDeadLetter(db, first.id)).toMatchObject({
      payload: { wooOrderId: 5, total: "9.99" },
      error: "Counterpoint refused the document",
      attempts: 4,
      resolution: null,
    });
    const resolved = await resolveDeadLetter(db, first.id, {
      resolution: "retried",
      retryJobId: "j2",
      note: "fixed SKU",
    });
    expect(resolved).toMatchObject({ resolution: "retried", retryJobId: "j2", resolutionNote: "fixed SKU" });
    await expect(resolveDeadLetter(db, first.id, { resolution: "skipped" })).rejects.toMatchObject({
      code: "already_resolved",
    });
    await expect(resolveDeadLetter(db, 99999, { resolution: "skipped" })).rejects.toMatchObject({ code: "not_found" });
    expect((await listDeadLetters(db)).map((d) => d.id)).toEqual([second.id]);
    expect(await listDeadLetters(db, { includeResolved: true })).toHaveLength(2);
    await resolveDeadLetter(db, second.id, { resolution: "rolled_back" });
    expect(await listDeadLetters(db)).toEqual([]);
  });

  it("detects changed values against pushed hashes", async () => {
    const db = ctx.store.db;
    const value = (key: string, qty: number) => ({
      storeId: "main",
      kind: "inventory",
      key,
      hash: stableHash({ qty }),
    });
    const firstBatch = Array.from({ length: 600 }, (_, i) => value(`SKU-${i}`, i));
    expect(await selectChangedValues(db, firstBatch)).toHaveLength(600);
    await recordPushedHashes(db, firstBatch, new Date("2025-01-01T00:00:00Z"));
    expect(await selectChangedValues(db, firstBatch)).toEqual([]);

    const next = [value("SKU-1", 1), value("SKU-2", 20), value("SKU-NEW", 5), { ...value("SKU-1", 1), kind: "price" }];
    expect((await selectChangedValues(db, next)).map((v) => `${v.kind}:${v.key}`)).toEqual([
      "inventory:SKU-2",
      "inventory:SKU-NEW",
      "price:SKU-1",
    ]);
    await recordPushedHashes(db, [value("SKU-2", 20)], new Date("2025-01-02T00:00:00Z"));
    expect(await findPushedHash(db, "main", "inventory", "SKU-2")).toEqual({
      hash: stableHash({ qty: 20 }),
      pushedAt: "2025-01-02T00:00:00.000Z",
    });
  });
});

describe("stableHash", () => {
  it("ignores key order and undefined fields but not values", () => {
    expect(stableHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(stableHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(stableHash({ a: 1, x: undefined })).toBe(stableHash({ a: 1 }));
    expect(stableHash({ a: "1" })).not.toBe(stableHash({ a: 1 }));
    expect(stableHash([1, 2])).not.toBe(stableHash([2, 1]));
  });
});
