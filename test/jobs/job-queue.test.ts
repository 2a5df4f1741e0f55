import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob, JobConfigError, JobPayloadError, type JobQueue, type JobQueueEvent } from "../../src/jobs/index.js";
import { findDeadLetter, listDeadLetters, listRuns } from "../../src/store/index.js";
import { leaseRegistry } from "./fixtures/lease-registry.js";
import { deferred, harnesses, type QueueHarness, sleep, waitFor } from "./queue-harness.js";

function collector() {
  const events: JobQueueEvent[] = [];
  return {
    events,
    onEvent: (event: JobQueueEvent) => events.push(event),
    of<T extends JobQueueEvent["type"]>(type: T): Array<Extract<JobQueueEvent, { type: T }>> {
      return events.filter((e): e is Extract<JobQueueEvent, { type: T }> => e.type === type);
    },
  };
}

const pullRegistry = (seen: Array<{ storeId: string; pageSize: number }>) => ({
  "orders.pull": defineJob({
    payload: z.object({ storeId: z.string(), pageSize: z.number().int().default(100) }),
    handler(payload) {
      seen.push(payload);
      return Promise.resolve({ counts: { pulled: payload.pageSize } });
    },
  }),
});

// Compile-time checks (tsc runs over the tests): a wrong payload or name for a job does not compile.
export function enqueueTypeChecks(queue: JobQueue<ReturnType<typeof pullRegistry>>): void {
  void queue.enqueue("orders.pull", { storeId: "main" });
  void queue.enqueue("orders.pull", { storeId: "main", pageSize: 5 });
  // @ts-expect-error storeId must be a string
  void queue.enqueue("orders.pull", { storeId: 1 });
  // @ts-expect-error storeId is required
  void queue.enqueue("orders.pull", {});
  // @ts-expect-error no such job
  void queue.enqueue("orders.push", { storeId: "main" });
}

describe.each(harnesses)("job queue, $adapter adapter", (factory) => {
  let h: QueueHarness;
  beforeEach(async () => {
    h = await factory.open();
  });
  afterEach(async () => {
    await h.dispose();
  });

  it("runs a typed job, writes its run log, and rejects a bad payload naming the job and field", async () => {
    const seen: Array<{ storeId: string; pageSize: number }> = [];
    const c = collector();
    const queue = h.createQueue({ registry: pullRegistry(seen), onEvent: c.onEvent });

    await expect(queue.enqueue("orders.pull", { storeId: 42 } as unknown as { storeId: string })).rejects.toThrow(
      JobPayloadError,
    );
    await expect(queue.enqueue("orders.pull", { storeId: 42 } as unknown as { storeId: string })).rejects.toThrow(
      /^job "orders\.pull" payload: storeId: .*expected string/i,
    );
    await expect(queue.enqueue("orders.pull", [] as unknown as { storeId: string })).rejects.toThrow(/JSON object/);
    await expect(queue.enqueue("nope" as "orders.pull", { storeId: "x" })).rejects.toThrow(JobConfigError);
    await expect(queue.enqueue("constructor" as "orders.pull", { storeId: "x" })).rejects.toThrow(/not registered/);

    const result = await queue.enqueue("orders.pull", { storeId: "main" });
    expect(result.queued).toBe(true);
    if (!result.queued) return;
    expect(await queue.getJob("orders.pull", result.id)).toMatchObject({
      state: "created",
      attempts: 0,
      payload: { storeId: "main" },
    });
    await queue.start();
    await waitFor(() => c.of("job-completed").length === 1, 10_000, "the job to complete");
    expect(seen).toEqual([{ storeId: "main", pageSize: 100 }]);
    expect(await queue.getJob("orders.pull", result.id)).toMatchObject({ state: "completed", attempts: 1 });
    const runs = await listRuns(h.store.db, { jobId: result.id });
    expect(runs).toEqual([
      expect.objectContaining({ jobName: "orders.pull", attempt: 1, status: "succeeded", counts: { pulled: 100 } }),
    ]);
    expect(runs[0]?.finishedAt).not.toBeNull();
  });

  it("retries with exponential backoff up to the limit, then keeps a dead letter that can be retried", async () => {
    const calls: number[] = [];
    let failing = true;
    const c = collector();
    const queue = h.createQueue({
      registry: {
        "customers.push": defineJob({
          payload: z.object({ customerId: z.number() }),
          handler(_payload, context) {
            calls.push(Date.now());
            if (failing) return Promise.reject(new Error(`Counterpoint refused attempt ${context.attempt}`));
            return Promise.resolve();
          },
        }),
      },
      onEvent: c.onEvent,
    });
    const base = Math.max(200, queue.capabilities.backoffResolutionMs);
    const result = await queue.enqueue(
      "customers.push",
      { customerId: 7 },
      { retryLimit: 2, backoff: { baseMs: base, maxMs: 2 * base } },
    );
    if (!result.queued) throw new Error("not queued");
    await queue.start();
    await waitFor(() => c.of("job-dead").length === 1, 20_000, "the job to be dead-lettered");

    expect(calls).toHaveLength(3);
    const [first, second, third] = calls as [number, number, number];
    // Retry 1 waits base..2·base, retry 2 waits 2·base (its 2·base..4·base is capped at maxMs = 2·base).
    expect(second - first).toBeGreaterThanOrEqual(base - 50);
    expect(second - first).toBeLessThanOrEqual(2 * base + h.pollSlackMs);
    expect(third - second).toBeGreaterThanOrEqual(2 * base - 50);
    expect(third - second).toBeLessThanOrEqual(2 * base + h.pollSlackMs);
    expect(c.of("job-failed").map((e) => e.willRetry)).toEqual([true, true, false]);

    const job = await queue.getJob("customers.push", result.id);
    expect(job).toMatchObject({ state: "failed", attempts: 3 });
    expect(job?.lastError).toContain("Counterpoint refused attempt 3");
    const [letter] = await listDeadLetters(h.store.db);
    expect(letter).toMatchObject({
      jobName: "customers.push",
      jobId: result.id,
      payload: { customerId: 7 },
      attempts: 3,
      resolution: null,
    });
    expect(letter?.error).toContain("Counterpoint refused attempt 3");
    const runs = await listRuns(h.store.db, { jobId: result.id });
    expect(runs.map((r) => [r.attempt, r.status])).toEqual([
      [3, "failed"],
      [2, "failed"],
      [1, "failed"],
    ]);
    expect(runs[2]?.error).toContain("attempt 1");

    failing = false;
    const retried = await queue.retryDeadLetter(letter?.id ?? 0);
    if (!retried.queued) throw new Error("retry not queued");
    await waitFor(() => c.of("job-completed").some((e) => e.id === retried.id), 10_000, "the retried job");
    expect(await findDeadLetter(h.store.db, letter?.id ?? 0)).toMatchObject({
      resolution: "retried",
      retryJobId: retried.id,
    });
    await expect(queue.retryDeadLetter(letter?.id ?? 0)).rejects.toMatchObject({ code: "already_resolved" });
  });

  it("spreads retries with jitter inside the backoff bounds", async () => {
    const failedAt = new Map<string, number>();
    const c = collector();
    const queue = h.createQueue({
      registry: {
        "prices.push": defineJob({
          payload: z.object({ sku: z.string() }),
          retryLimit: 1,
          backoff: { baseMs: 1000, maxMs: 10_000 },
          concurrency: 3,
          handler(_payload, context) {
            if (context.attempt === 1) {
              failedAt.set(context.jobId, Date.now());
              return Promise.reject(new Error("WooCommerce 503"));
            }
            return Promise.resolve();
          },
        }),
      },
      onEvent: c.onEvent,
    });
    const ids: string[] = [];
    for (const sku of ["A", "B", "C"]) {
      const r = await queue.enqueue("prices.push", { sku });
      if (r.queued) ids.push(r.id);
    }
    await queue.start();
    // Read the stored retry times once all three first attempts have failed.
    const retrying = async () => {
      const jobs = await Promise.all(ids.map((id) => queue.getJob("prices.push", id)));
      return jobs.every((job) => job?.state === "retry") ? jobs : undefined;
    };
    await waitFor(async () => (await retrying()) !== undefined, 10_000, "three first failures");
    const delays: number[] = [];
    for (const job of (await retrying()) ?? []) {
      expect(job).toMatchObject({ attempts: 1, lastError: "WooCommerce 503" });
      delays.push((job?.runAfter.getTime() ?? 0) - (failedAt.get(job?.id ?? "") ?? 0));
    }
    expect(delays).toHaveLength(3);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(1000 - 50);
      expect(delay).toBeLessThanOrEqual(2000 + 250);
    }
    expect(new Set(delays).size).toBeGreaterThan(1);
    await waitFor(() => c.of("job-completed").length === 3, 10_000, "the retries to complete");
  });

  it("keeps at most one queued-or-active job per singleton key", async () => {
    const started: number[] = [];
    const gate = deferred();
    const c = collector();
    const queue = h.createQueue({
      registry: {
        "orders.sync": defineJob({
          payload: z.object({ orderId: z.number() }),
          singletonKey: (payload) => `order-${payload.orderId}`,
          async handler(payload) {
            started.push(payload.orderId);
            await gate.promise;
          },
        }),
      },
      onEvent: c.onEvent,
    });
    const one = await queue.enqueue("orders.sync", { orderId: 1 });
    expect(one.queued).toBe(true);
    expect(await queue.enqueue("orders.sync", { orderId: 1 })).toEqual({
      queued: false,
      reason: "singleton",
      singletonKey: "order-1",
    });
    expect((await queue.enqueue("orders.sync", { orderId: 2 })).queued).toBe(true);
    // An explicit key overrides the definition's.
    expect((await queue.enqueue("orders.sync", { orderId: 3 }, { singletonKey: "order-1" })).queued).toBe(false);
    if (one.queued) expect((await queue.getJob("orders.sync", one.id))?.singletonKey).toBe("order-1");

    await queue.start();
    await waitFor(() => started.includes(1), 10_000, "order 1 to start");
    // Active still holds the key.
    expect((await queue.enqueue("orders.sync", { orderId: 1 })).queued).toBe(false);
    gate.resolve();
    await waitFor(() => c.of("job-completed").length === 2, 10_000, "both orders");
    // Completed frees it.
    expect((await queue.enqueue("orders.sync", { orderId: 1 })).queued).toBe(true);
    await waitFor(() => c.of("job-completed").length === 3, 10_000, "order 1 again");
    expect(started.sort()).toEqual([1, 1, 2]);
  });

  it("gives a job whose worker died to another worker once the lease expires", async () => {
    const c = collector();
    const attempts: Array<{ attempt: number; at: number }> = [];
    const queue = h.createQueue({
      registry: leaseRegistry((context) => {
        attempts.push({ attempt: context.attempt, at: Date.now() });
        return Promise.resolve();
      }),
      onEvent: c.onEvent,
    });
    const job = await queue.enqueue("work.lease", { n: 1 });
    if (!job.queued) throw new Error("not queued");

    // node itself with tsx as a loader (not the tsx wrapper), so SIGKILL reaches the worker process.
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(import.meta.dirname, "fixtures/hang-in-child.ts"),
        h.adapter,
        h.database.url,
        h.database.schema ?? "",
      ],
      { stdio: ["ignore", "pipe", "inherit"], cwd: join(import.meta.dirname, "../..") },
    );
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let childStartedAt = 0;
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        const [word, id, attempt, at] = line.split(" ");
        if (word === "started" && id === job.id && attempt === "1") {
          childStartedAt = Number(at);
          break;
        }
      }
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
    expect(childStartedAt).toBeGreaterThan(0);
    expect((await queue.getJob("work.lease", job.id))?.state).toBe("active");

    await queue.start();
    await waitFor(() => c.of("job-completed").length === 1, 15_000, "the job to be picked up again");
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.attempt).toBe(2);
    // Not before the 1 s lease ran out.
    expect(attempts[0]?.at ?? 0).toBeGreaterThanOrEqual(childStartedAt + 1000);
    expect(await queue.getJob("work.lease", job.id)).toMatchObject({ state: "completed", attempts: 2 });
    const runs = await listRuns(h.store.db, { jobId: job.id });
    expect(runs.map((r) => [r.attempt, r.status])).toEqual([
      [2, "succeeded"],
      [1, "abandoned"],
    ]);
  });

  it("never runs one job in two workers at once", async () => {
    const running = new Set<string>();
    const runs = new Map<string, number>();
    let overlaps = 0;
    const completed = new Set<string>();
    const registry = {
      "inventory.push": defineJob({
        payload: z.object({ n: z.number() }),
        concurrency: 3,
        async handler(_payload, context) {
          if (running.has(context.jobId)) overlaps++;
          running.add(context.jobId);
          runs.set(context.jobId, (runs.get(context.jobId) ?? 0) + 1);
          await sleep(10 + Math.floor(Math.random() * 30));
          running.delete(context.jobId);
        },
      }),
    };
    const onEvent = (e: JobQueueEvent) => {
      if (e.type === "job-completed") completed.add(e.id);
    };
    const a = h.createQueue({ registry, onEvent });
    const b = h.createQueue({ registry, onEvent });
    const ids: string[] = [];
    for (let n = 0; n < 24; n++) {
      const r = await a.enqueue("inventory.push", { n });
      if (r.queued) ids.push(r.id);
    }
    await Promise.all([a.start(), b.start()]);
    await waitFor(() => completed.size === 24, 20_000, "all 24 jobs");
    expect(overlaps).toBe(0);
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it("runs higher priority first and holds a job until its start time", async () => {
    const order: string[] = [];
    const ranAt = new Map<string, number>();
    const c = collector();
    const queue = h.createQueue({
      registry: {
        "catalog.push": defineJob({
          payload: z.object({ label: z.string() }),
          handler(payload) {
            order.push(payload.label);
            ranAt.set(payload.label, Date.now());
            return Promise.resolve();
          },
        }),
      },
      onEvent: c.onEvent,
    });
    await queue.enqueue("catalog.push", { label: "low" });
    await queue.enqueue("catalog.push", { label: "high" }, { priority: 5 });
    const later = await queue.enqueue("catalog.push", { label: "later" }, { startAfter: 1500 });
    if (!later.queued) throw new Error("not queued");
    const runAfter = (await queue.getJob("catalog.push", later.id))?.runAfter.getTime() ?? 0;
    expect(runAfter).toBeGreaterThan(Date.now() + 1000);
    await queue.start();
    await waitFor(() => order.length === 3, 10_000, "all three jobs");
    expect(order).toEqual(["high", "low", "later"]);
    expect(ranAt.get("later") ?? 0).toBeGreaterThanOrEqual(runAfter - 50);
  });

  it("fires a cron slot once across a restart and across two processes, catching up missed slots once", async () => {
    const second = Math.floor(Date.now() / 1000) * 1000;
    let now = second + 300;
    const fires: Array<{ queue: string; slot: number }> = [];
    const errors: Error[] = [];
    const registry = {
      "clock.tick": defineJob({ payload: z.object({ source: z.string() }), async handler() {} }),
    };
    const schedules = [
      { name: "every-second", cron: "* * * * * *", job: "clock.tick" as const, payload: { source: "cron" } },
    ];
    const make = (name: string) =>
      h.createQueue({
        registry,
        schedules,
        now: () => now,
        onEvent: (e) => {
          if (e.type === "schedule-fired") fires.push({ queue: name, slot: e.slot.getTime() });
          if (e.type === "error") errors.push(e.error);
        },
      });
    const settle = () => sleep(400);

    const first = make("first");
    await first.start();
    await settle();
    expect(fires).toEqual([]); // registered at +0.3 s: the slot at +0 is before it
    now = second + 1300;
    await waitFor(() => fires.length === 1, 5000, "slot +1");
    now = second + 2300;
    await waitFor(() => fires.length === 2, 5000, "slot +2");
    await first.stop({ timeoutMs: 0 });

    now = second + 5300; // stopped through slots +3, +4 and +5
    const a = make("a");
    const b = make("b");
    await Promise.all([a.start(), b.start()]);
    await waitFor(() => fires.length === 3, 5000, "the catch-up fire");
    await settle();
    now = second + 6300;
    await waitFor(() => fires.length === 4, 5000, "slot +6");
    await settle();
    await Promise.all([a.stop({ timeoutMs: 0 }), b.stop({ timeoutMs: 0 })]);

    expect(errors).toEqual([]);
    expect(fires.map((f) => (f.slot - second) / 1000)).toEqual([1, 2, 5, 6]);
    expect(fires.slice(0, 2).every((f) => f.queue === "first")).toBe(true);
    const row = await h.store.db.selectFrom("job_schedules").selectAll().executeTakeFirstOrThrow();
    expect(row.last_slot).toBe(new Date(second + 6000).toISOString());
  });

  it("fires cron schedules on the real clock", async () => {
    const slots: number[] = [];
    const queue = h.createQueue({
      registry: { "clock.tick": defineJob({ payload: z.object({}), async handler() {} }) },
      schedules: [{ name: "tick", cron: "* * * * * *", job: "clock.tick", payload: {} }],
      onEvent: (e) => {
        if (e.type === "schedule-fired") slots.push(e.slot.getTime());
      },
    });
    await queue.start();
    await waitFor(() => slots.length >= 2, 5000, "two fires");
    await queue.stop({ timeoutMs: 0 });
    expect((slots[1] ?? 0) - (slots[0] ?? 0)).toBe(1000);
  });

  it("stops fetching, waits for running jobs, and gives back the ones that outlast the timeout", async () => {
    const c = collector();
    let aborted = false;
    const hangStarted = deferred();
    const registry = {
      "slow.finish": defineJob({
        payload: z.object({}),
        async handler() {
          await sleep(300);
        },
      }),
      "slow.hang": defineJob({
        payload: z.object({}),
        backoff: { baseMs: 0, maxMs: 0 },
        async handler(_payload, context) {
          if (context.attempt > 1 || (h.adapter === "embedded" && aborted)) return;
          hangStarted.resolve();
          await new Promise<void>((resolve) =>
            context.signal.addEventListener("abort", () => {
              aborted = true;
              resolve();
            }),
          );
        },
      }),
    };
    const first = h.createQueue({ registry, onEvent: c.onEvent });
    const finish = await first.enqueue("slow.finish", {});
    const hang = await first.enqueue("slow.hang", {});
    if (!finish.queued || !hang.queued) throw new Error("not queued");
    await first.start();
    await hangStarted.promise;
    await first.stop({ timeoutMs: 1000 });
    expect(aborted).toBe(true);
    expect((await first.getJob("slow.finish", finish.id))?.state).toBe("completed");
    const given = await first.getJob("slow.hang", hang.id);
    if (first.capabilities.releaseKeepsAttempt) expect(given).toMatchObject({ state: "created", attempts: 0 });
    else expect(given).toMatchObject({ state: "retry", attempts: 1 });

    // A stopped queue fetches nothing more.
    const idle = await first.enqueue("slow.finish", {});
    if (!idle.queued) throw new Error("not queued");
    await sleep(h.pollSlackMs);
    expect((await first.getJob("slow.finish", idle.id))?.state).toBe("created");

    const second = h.createQueue({ registry, onEvent: c.onEvent });
    await second.start();
    await waitFor(
      () => c.of("job-completed").filter((e) => e.id === hang.id || e.id === idle.id).length === 2,
      10_000,
      "the given-back jobs to run elsewhere",
    );
  });

  it("reports background errors and keeps working afterwards", async () => {
    const c = collector();
    const queue = h.createQueue({
      registry: { "orders.ack": defineJob({ payload: z.object({ n: z.number() }), async handler() {} }) },
      onEvent: c.onEvent,
    });
    await queue.enqueue("orders.ack", { n: 0 }); // opens pg-boss before its table is taken away
    await queue.start();
    await waitFor(() => c.of("job-completed").length === 1, 10_000, "the first job");
    await h.breakJobTable();
    await waitFor(() => c.of("error").length > 0, 10_000, "an error event");
    await h.repairJobTable();
    await queue.enqueue("orders.ack", { n: 1 });
    await waitFor(() => c.of("job-completed").length === 2, 15_000, "work to resume");
    expect(c.of("error")[0]?.error.message).toMatch(/job/);
  });
});
