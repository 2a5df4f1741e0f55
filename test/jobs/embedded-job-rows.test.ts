import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimNextJob } from "../../src/jobs/embedded/claim-next-job.js";
import { insertJob } from "../../src/jobs/embedded/insert-job.js";
import { pruneCompletedJobs } from "../../src/jobs/embedded/prune-jobs.js";
import { completeJob, expireLeases, failJobAttempt, releaseJob } from "../../src/jobs/embedded/settle-job.js";
import type { NewJob } from "../../src/jobs/queue-backend.js";
import { listDeadLetters, listRuns, startRun } from "../../src/store/index.js";
import { type MigratedStore, openMigratedStore } from "../store/open-migrated-store.js";

const t0 = new Date("2025-06-01T12:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

function job(overrides: Partial<NewJob> = {}): NewJob {
  return {
    name: "orders.create",
    payload: { wooOrderId: 1 },
    options: { retryLimit: 1, backoff: { baseMs: 1000, maxMs: 5000 }, leaseSeconds: 10, priority: 0 },
    singletonKey: undefined,
    runAfter: t0,
    ...overrides,
  };
}

describe("embedded job rows (SQLite, injected times)", () => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore("sqlite");
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  it("fences a worker whose lease expired: its late completion is discarded", async () => {
    const db = ctx.store.db;
    const id = await insertJob(db, job(), t0);
    const claimed = await claimNextJob(db, ["orders.create"], "token-a", t0);
    expect(claimed).toMatchObject({ id, state: "active", attempts: 1, lease_expires_at: at(10_000).toISOString() });
    expect(await claimNextJob(db, ["orders.create"], "token-b", t0)).toBeUndefined();
    await startRun(db, { jobName: "orders.create", jobId: id ?? "", attempt: 1, at: t0 });

    expect(await expireLeases(db, at(9_999), () => 0)).toEqual([]);
    const expired = await expireLeases(db, at(10_000), () => 0);
    expect(expired).toEqual([expect.objectContaining({ id, outcome: "retry", attempt: 1, retryAt: at(11_000) })]);
    expect((await listRuns(db, { jobId: id ?? "" }))[0]?.status).toBe("abandoned");
    // The first worker finally returns: too late.
    expect(await completeJob(db, id ?? "", "token-a", at(10_500))).toBe(false);
    expect(await claimNextJob(db, ["orders.create"], "token-b", at(10_999))).toBeUndefined();
    const second = await claimNextJob(db, ["orders.create"], "token-b", at(11_000));
    expect(second).toMatchObject({ attempts: 2, claim_token: "token-b" });
    // Second failure exhausts retryLimit 1: dead letter, written with the failure.
    const dead = await failJobAttempt(db, { id: id ?? "", token: "token-b", error: "refused", now: at(12_000) });
    expect(dead).toMatchObject({ outcome: "dead", attempt: 2 });
    expect(await listDeadLetters(db)).toEqual([
      expect.objectContaining({ jobId: id, error: "refused", attempts: 2, payload: { wooOrderId: 1 } }),
    ]);
    expect(
      await failJobAttempt(db, { id: id ?? "", token: "token-b", error: "again", now: at(12_001) }),
    ).toBeUndefined();
  });

  it("releases a job at shutdown without using its attempt", async () => {
    const db = ctx.store.db;
    const id = await insertJob(db, job(), t0);
    await claimNextJob(db, ["orders.create"], "token-a", t0);
    expect(await releaseJob(db, id ?? "", "token-a", at(500))).toBe(true);
    expect(await releaseJob(db, id ?? "", "token-a", at(600))).toBe(false);
    const again = await claimNextJob(db, ["orders.create"], "token-b", at(500));
    expect(again).toMatchObject({ id, attempts: 1 });
  });

  it("claims by priority, then age, and only names it was asked for", async () => {
    const db = ctx.store.db;
    const old = await insertJob(db, job(), t0);
    const urgent = await insertJob(db, job({ options: { ...job().options, priority: 9 } }), at(1));
    const other = await insertJob(db, job({ name: "customers.push" }), at(2));
    const future = await insertJob(
      db,
      job({ runAfter: at(60_000), options: { ...job().options, priority: 99 } }),
      at(3),
    );
    const order: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) order.push((await claimNextJob(db, ["orders.create"], `t${i}`, at(10)))?.id);
    expect(order).toEqual([urgent, old, undefined]);
    expect((await claimNextJob(db, ["customers.push"], "t9", at(10)))?.id).toBe(other);
    expect((await claimNextJob(db, ["orders.create"], "t10", at(60_000)))?.id).toBe(future);
  });

  it("keeps first-in, first-out order for jobs enqueued in the same millisecond", async () => {
    const db = ctx.store.db;
    const ids: Array<string | undefined> = [];
    for (let n = 0; n < 8; n++) ids.push(await insertJob(db, job({ payload: { n } }), t0));
    const claimed: Array<string | undefined> = [];
    for (let n = 0; n < 8; n++) claimed.push((await claimNextJob(db, ["orders.create"], `t${n}`, t0))?.id);
    expect(claimed).toEqual(ids);
  });

  it("prunes completed jobs after their retention, never failed ones", async () => {
    const db = ctx.store.db;
    const done = await insertJob(db, job(), t0);
    await claimNextJob(db, ["orders.create"], "a", t0);
    await completeJob(db, done ?? "", "a", at(1000));
    const failed = await insertJob(db, job({ options: { ...job().options, retryLimit: 0 } }), at(2000));
    await claimNextJob(db, ["orders.create"], "b", at(2000));
    await failJobAttempt(db, { id: failed ?? "", token: "b", error: "x", now: at(3000) });
    expect(await pruneCompletedJobs(db, at(500))).toBe(0);
    expect(await pruneCompletedJobs(db, at(5000))).toBe(1);
    const left = await db.selectFrom("job_queue").select(["id", "state"]).execute();
    expect(left).toEqual([{ id: failed, state: "failed" }]);
  });
});
