import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { recoverDeadProcesses } from "../../src/app/daemon-recovery.js";
import { createEmbeddedJobQueue, defineJob } from "../../src/jobs/index.js";
import { claimNextJob } from "../../src/jobs/embedded/claim-next-job.js";
import { claimDueOrders, findOrder, findRun, startRun, upsertOrder } from "../../src/store/index.js";
import { type MigratedStore, openMigratedStore } from "../store/open-migrated-store.js";

/** The pid of a process that has exited (not reused this soon on any test machine). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

describe("recovery after a killed daemon", () => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore("sqlite");
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  it("closes the dead process's runs, gives its job and order claims back, and leaves live processes alone", async () => {
    const db = ctx.store.db;
    const queue = createEmbeddedJobQueue({
      db,
      registry: { "inventory.sync": defineJob({ payload: z.object({}), async handler() {} }) },
    });
    const enqueued = await queue.enqueue("inventory.sync", {});
    if (!enqueued.queued) throw new Error("not queued");
    const claimed = await claimNextJob(db, ["inventory.sync"], "token-1", new Date());
    expect(claimed?.state).toBe("active");

    const dead = `${hostname()}:${deadPid()}`;
    const alive = `${hostname()}:${process.ppid}`;
    const elsewhere = "another-host:12345";
    const jobRun = await startRun(db, { jobName: "inventory.sync", jobId: enqueued.id, attempt: 1 });
    const looseRun = await startRun(db, { jobName: "orders.drain" });
    const liveRun = await startRun(db, { jobName: "prices.sync" });
    const remoteRun = await startRun(db, { jobName: "catalog.sync" });
    for (const [runId, owner] of [
      [jobRun, dead],
      [looseRun, dead],
      [liveRun, alive],
      [remoteRun, elsewhere],
    ] as const) {
      await db.updateTable("run_log").set({ owner }).where("run_id", "=", runId).execute();
    }
    for (const wooOrderId of [1, 2]) await upsertOrder(db, { storeId: "s", wooOrderId });
    await claimDueOrders(db, { engine: "sqlite", storeId: "s", worker: `${dead}:1`, limit: 1, leaseMs: 600_000 });
    await claimDueOrders(db, { engine: "sqlite", storeId: "s", worker: `${alive}:1`, limit: 1, leaseMs: 600_000 });

    expect(await recoverDeadProcesses(db)).toEqual({ abandonedRuns: 2, releasedJobs: 1, releasedOrderClaims: 1 });

    expect(await findRun(db, jobRun)).toMatchObject({ status: "abandoned" });
    expect(await findRun(db, looseRun)).toMatchObject({ status: "abandoned" });
    expect((await findRun(db, looseRun))?.error).toContain(dead);
    expect(await findRun(db, liveRun)).toMatchObject({ status: "running" });
    expect(await findRun(db, remoteRun)).toMatchObject({ status: "running" });
    // Back in the queue without having used an attempt.
    expect(await queue.getJob("inventory.sync", enqueued.id)).toMatchObject({ state: "created", attempts: 0 });
    const orders = await Promise.all([1, 2].map((wooOrderId) => findOrder(db, { storeId: "s", wooOrderId })));
    expect(new Set(orders.map((o) => o?.claimedBy ?? null))).toEqual(new Set([`${alive}:1`, null]));

    // Nothing left to do the second time.
    expect(await recoverDeadProcesses(db)).toEqual({ abandonedRuns: 0, releasedJobs: 0, releasedOrderClaims: 0 });
  });
});
