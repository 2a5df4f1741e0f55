import { describe, expect, it } from "vitest";
import { opsSettingsSchema } from "../../src/config/index.js";
import {
  evaluateHealth,
  formatDuration,
  type HealthFacts,
  healthExitCode,
  type JobFact,
  type OrderFact,
} from "../../src/ops/health.js";

const thresholds = opsSettingsSchema.parse({}).health;
const now = new Date("2026-03-01T12:00:00.000Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

function order(over: Partial<OrderFact> = {}): OrderFact {
  return {
    storeId: "main",
    wooOrderId: 1001,
    wooNumber: "1001",
    state: "received",
    reason: null,
    createdAt: minutesAgo(1),
    updatedAt: minutesAgo(1),
    ...over,
  };
}

function job(over: Partial<JobFact> = {}): JobFact {
  return {
    job: "orders.poll",
    schedule: { name: "orders-poll", cron: "*/2 * * * *", periodMs: 120_000, registeredAt: minutesAgo(600) },
    lastSuccessAt: minutesAgo(1),
    lastRun: { status: "succeeded", startedAt: minutesAgo(1), finishedAt: minutesAgo(1), error: null },
    consecutiveFailures: 0,
    ...over,
  };
}

function facts(over: Partial<HealthFacts> = {}): HealthFacts {
  return { now, oldestWaiting: null, ordersByState: {}, problemOrders: [], jobs: [], ...over };
}

function line(f: HealthFacts, name: string) {
  const found = evaluateHealth(f, thresholds).checks.find((c) => c.name === name);
  if (!found) throw new Error(`no line ${name}`);
  return found;
}

describe("evaluateHealth", () => {
  it("is healthy with nothing to do, and every line has a reason", () => {
    const report = evaluateHealth(facts({ jobs: [job()] }), thresholds);
    expect(report.status).toBe("healthy");
    expect(report.checks.map((c) => c.name)).toEqual([
      "orders waiting",
      "orders invalid",
      "orders dead",
      "job orders-poll",
    ]);
    for (const c of report.checks) expect(c.reason).not.toBe("");
    expect(report.at).toBe(now.toISOString());
  });

  it.each([
    [5, "healthy"],
    [60, "warning"],
    [119, "warning"],
    [120, "critical"],
  ] as const)("an order waiting %i min is %s", (age, status) => {
    const f = facts({
      oldestWaiting: order({ createdAt: minutesAgo(age), state: "staged" }),
      ordersByState: { staged: 2, received: 1 },
    });
    const l = line(f, "orders waiting");
    expect(l.status).toBe(status);
    expect(l.reason).toContain("3 waiting");
    expect(l.reason).toContain("order 1001 of main, is staged");
  });

  it("says why a retrying order waits", () => {
    const f = facts({
      oldestWaiting: order({ state: "retrying", reason: "WooCommerce answered 503", createdAt: minutesAgo(90) }),
      ordersByState: { retrying: 1 },
    });
    expect(line(f, "orders waiting").reason).toContain("last error: WooCommerce answered 503");
  });

  it.each([
    ["invalid", 0, "healthy"],
    ["invalid", 1, "warning"],
    ["invalid", 10, "critical"],
    ["dead", 4, "warning"],
    ["dead", 5, "critical"],
  ] as const)("%s orders: %i is %s", (state, n, status) => {
    const newest = order({ state, reason: "billing.email: missing", wooOrderId: 77, wooNumber: "W-77" });
    const l = line(facts({ ordersByState: { [state]: n }, problemOrders: n > 0 ? [newest] : [] }), `orders ${state}`);
    expect(l.status).toBe(status);
    if (status !== "healthy") {
      expect(l.reason).toContain(`${n} ${state} order(s)`);
      expect(l.reason).toContain("order 77 (#W-77) of main: billing.email: missing");
    }
  });

  it.each([
    [1, "healthy"],
    // 3 periods of 2 min + 5 min grace = 11 min.
    [10, "healthy"],
    [12, "warning"],
    [16, "warning"],
    [18, "critical"],
  ] as const)("a 2-minute job last successful %i min ago is %s", (age, status) => {
    const l = line(facts({ jobs: [job({ lastSuccessAt: minutesAgo(age) })] }), "job orders-poll");
    expect(l.status).toBe(status);
    if (status !== "healthy") expect(l.reason).toMatch(/last success \d+ min ago \(\d+ periods/);
  });

  it("judges a job that never succeeded from when it was scheduled, and names its last error", () => {
    const failing = job({
      lastSuccessAt: null,
      schedule: { name: "stock", cron: "*/15 * * * * *", periodMs: 15_000, registeredAt: minutesAgo(30) },
      lastRun: { status: "failed", startedAt: minutesAgo(1), finishedAt: minutesAgo(1), error: "ECONNREFUSED" },
      consecutiveFailures: 40,
    });
    const l = line(facts({ jobs: [failing] }), "job stock");
    expect(l.status).toBe("critical");
    expect(l.reason).toContain("no success since it was scheduled 30 min ago");
    expect(l.reason).toContain("last 40 run(s) failed: ECONNREFUSED");
  });

  it("asks whether the daemon runs when a schedule never ran", () => {
    const idle = job({
      lastSuccessAt: null,
      lastRun: null,
      schedule: { name: "nightly", cron: "0 2 * * *", periodMs: 86_400_000, registeredAt: minutesAgo(60 * 24 * 8) },
    });
    const l = line(facts({ jobs: [idle] }), "job nightly");
    expect(l.status).toBe("critical");
    expect(l.reason).toContain("is `cpwoo run` running?");
  });

  it("warns about a job failing repeatedly before it is late, on a schedule or on demand", () => {
    const err = { status: "failed", startedAt: minutesAgo(1), finishedAt: minutesAgo(1), error: "boom" };
    const scheduled = job({ lastSuccessAt: minutesAgo(7), lastRun: err, consecutiveFailures: 3 });
    expect(line(facts({ jobs: [scheduled] }), "job orders-poll").status).toBe("warning");
    const onDemand = job({ job: "orders.process", schedule: null, lastRun: err, consecutiveFailures: 3 });
    const report = evaluateHealth(
      facts({ jobs: [onDemand, { ...onDemand, job: "quiet", consecutiveFailures: 2 }] }),
      thresholds,
    );
    expect(report.checks.find((c) => c.name === "job orders.process")?.status).toBe("warning");
    expect(report.checks.some((c) => c.name === "job quiet")).toBe(false);
  });

  it("makes an unreachable system critical, and leaves probes out when not probed", () => {
    const report = evaluateHealth(
      facts({ woocommerce: { ok: true, detail: "answers" }, counterpoint: { ok: false, detail: "login failed" } }),
      thresholds,
    );
    expect(report.status).toBe("critical");
    expect(report.checks.find((c) => c.name === "counterpoint")).toEqual({
      name: "counterpoint",
      status: "critical",
      reason: "unreachable: login failed",
    });
    expect(evaluateHealth(facts(), thresholds).checks.some((c) => c.name === "woocommerce")).toBe(false);
  });

  it("is as bad as its worst line; exit codes 0/1/2", () => {
    const warning = facts({ ordersByState: { invalid: 1 } });
    expect(evaluateHealth(warning, thresholds).status).toBe("warning");
    const critical = facts({ ordersByState: { invalid: 1, dead: 9 } });
    expect(evaluateHealth(critical, thresholds).status).toBe("critical");
    expect([healthExitCode("healthy"), healthExitCode("warning"), healthExitCode("critical")]).toEqual([0, 1, 2]);
  });

  it("formats durations for people", () => {
    expect([
      formatDuration(4_000),
      formatDuration(180_000),
      formatDuration(125 * 60_000),
      formatDuration(49 * 3_600_000),
    ]).toEqual(["4 s", "3 min", "2 h 5 min", "2 d 1 h"]);
  });
});
