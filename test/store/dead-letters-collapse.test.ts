import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findDeadLetter, listDeadLetters, recordDeadLetter, resolveDeadLetter } from "../../src/store/index.js";
import { testEngines } from "../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "./open-migrated-store.js";

describe.each(testEngines)("dead letters of repeated failures on %s", (engine) => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  it("folds the same job and payload into one open letter; other payloads and resolved letters stay apart", async () => {
    const db = ctx.store.db;
    const fail = (jobId: string, error: string, payload: unknown = {}) =>
      recordDeadLetter(db, { jobName: "inventory.sync", jobId, payload, error, attempts: 3, collapse: true });
    const first = await fail("j1", "HTTP 503");
    const second = await fail("j2", "HTTP 502");
    expect(second).toEqual({ id: first.id, inserted: false });
    expect(await findDeadLetter(db, first.id)).toMatchObject({ jobId: "j2", error: "HTTP 502", attempts: 6 });
    // The same job id again is still a no-op.
    expect(await fail("j2", "again")).toEqual({ id: first.id, inserted: false });
    expect(await findDeadLetter(db, first.id)).toMatchObject({ attempts: 6, error: "HTTP 502" });

    const other = await fail("j3", "x", { sku: "A" });
    expect(other.inserted).toBe(true);
    // Without `collapse`, every job keeps its own letter.
    const plain = await recordDeadLetter(db, {
      jobName: "inventory.sync",
      jobId: "j4",
      payload: {},
      error: "y",
      attempts: 1,
    });
    expect(plain.inserted).toBe(true);

    await resolveDeadLetter(db, first.id, { resolution: "skipped" });
    await resolveDeadLetter(db, plain.id, { resolution: "skipped" });
    const after = await fail("j5", "HTTP 500");
    expect(after.inserted).toBe(true);
    expect((await listDeadLetters(db)).map((l) => l.id)).toEqual([other.id, after.id]);
  });
});
