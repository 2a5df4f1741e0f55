import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { opsSettingsSchema } from "../../src/config/index.js";
import { checkHealth } from "../../src/ops/check-health.js";
import { cronPeriodMs, gatherHealthFacts } from "../../src/ops/health-facts.js";
import { finishRun, isoTime, recordOrderTransition, startRun, upsertOrder } from "../../src/store/index.js";
import { testEngines } from "../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "../store/open-migrated-store.js";

const thresholds = opsSettingsSchema.parse({}).health;
const now = new Date("2026-03-01T12:00:00.000Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe("cronPeriodMs", () => {
  it("is the spacing of consecutive slots, with or without seconds", () => {
    expect(cronPeriodMs("*/2 * * * *", null, now)).toBe(120_000);
    expect(cronPeriodMs("*/15 * * * * *", null, now)).toBe(15_000);
    expect(cronPeriodMs("0 2 * * *", "Europe/Paris", now)).toBe(86_400_000);
    expect(cronPeriodMs("not a cron", null, now)).toBeUndefined();
  });
});

describe.each(testEngines)("gatherHealthFacts on %s", (engine) => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  async function run(job: string, startedMin: number, status: "succeeded" | "failed", error?: string) {
    const runId = await startRun(ctx.store.db, { jobName: job, at: ago(startedMin) });
    await finishRun(ctx.store.db, runId, { status, at: ago(startedMin - 0.5), ...(error ? { error } : {}) });
  }

  async function schedule(name: string, job: string, cron: string, registeredMin: number) {
    await ctx.store.db
      .insertInto("job_schedules")
      .values({
        name,
        cron,
        timezone: null,
        job_name: job,
        last_slot: null,
        registered_at: isoTime(ago(registeredMin)),
        updated_at: isoTime(ago(registeredMin)),
      })
      .execute();
  }

  it("reads orders, the run log and schedules, and judges them", async () => {
    const db = ctx.store.db;
    await upsertOrder(db, { storeId: "main", wooOrderId: 1, at: ago(150) });
    await recordOrderTransition(db, { storeId: "main", wooOrderId: 1, to: "staged", at: ago(2) });
    await upsertOrder(db, { storeId: "main", wooOrderId: 2, at: ago(10) });
    await upsertOrder(db, { storeId: "main", wooOrderId: 3, wooNumber: "W3", at: ago(300) });
    await recordOrderTransition(db, {
      storeId: "main",
      wooOrderId: 3,
      to: "invalid",
      reason: "billing.email: missing",
      at: ago(20),
    });
    await upsertOrder(db, { storeId: "main", wooOrderId: 4, at: ago(300) });
    await recordOrderTransition(db, { storeId: "main", wooOrderId: 4, to: "staged", at: ago(299) });
    await recordOrderTransition(db, { storeId: "main", wooOrderId: 4, to: "created", at: ago(298) });
    await recordOrderTransition(db, { storeId: "main", wooOrderId: 4, to: "acknowledged", at: ago(297) });

    await schedule("orders-poll", "orders.poll", "*/2 * * * *", 600);
    await schedule("stock", "stock.push", "*/15 * * * * *", 600);
    await run("orders.poll", 30, "succeeded");
    await run("orders.poll", 5, "failed", "Woo 503");
    await run("orders.poll", 3, "failed", "Woo 503 again");
    await run("stock.push", 1, "succeeded");
    await run("orders.process", 4, "failed", "a");
    await run("orders.process", 3, "failed", "b");
    await run("orders.process", 2, "failed", "CP login failed");
    // A run still going does not count either way.
    await startRun(db, { jobName: "orders.process", at: ago(0.2) });

    const facts = await gatherHealthFacts({ db, now: () => now });
    expect(facts.ordersByState).toEqual({ staged: 1, received: 1, invalid: 1, acknowledged: 1 });
    expect(facts.oldestWaiting).toMatchObject({ wooOrderId: 1, state: "staged" });
    expect(facts.problemOrders).toEqual([
      expect.objectContaining({ wooOrderId: 3, wooNumber: "W3", state: "invalid", reason: "billing.email: missing" }),
    ]);
    const poll = facts.jobs.find((j) => j.job === "orders.poll");
    expect(poll).toMatchObject({
      schedule: { name: "orders-poll", periodMs: 120_000 },
      lastSuccessAt: isoTime(ago(29.5)),
      consecutiveFailures: 2,
      lastRun: { status: "failed", error: "Woo 503 again" },
    });
    expect(facts.jobs.find((j) => j.job === "orders.process")).toMatchObject({
      schedule: null,
      consecutiveFailures: 3,
    });
    expect(facts.woocommerce).toBeUndefined();

    const { report } = await checkHealth({ db, now: () => now }, thresholds);
    const status = Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
    expect(status).toEqual({
      "orders waiting": "critical",
      "orders invalid": "warning",
      "orders dead": "healthy",
      "job orders-poll": "critical",
      "job stock": "healthy",
      "job orders.process": "warning",
    });
    expect(report.status).toBe("critical");
  });

  it("probes reachability with a time limit, and turns a throwing probe into its reason", async () => {
    const facts = await gatherHealthFacts({
      db: ctx.store.db,
      now: () => now,
      probeTimeoutMs: 100,
      probes: {
        woocommerce: () => new Promise(() => undefined),
        counterpoint: () => Promise.reject(new Error("Login failed for user 'cpwoo'")),
      },
    });
    expect(facts.woocommerce).toEqual({ ok: false, detail: "no answer within 100 ms" });
    expect(facts.counterpoint).toEqual({ ok: false, detail: "Login failed for user 'cpwoo'" });
    const ok = await gatherHealthFacts({
      db: ctx.store.db,
      probes: { woocommerce: () => Promise.resolve({ ok: true, detail: "answers" }) },
    });
    expect(ok.woocommerce).toEqual({ ok: true, detail: "answers" });
  });
});
