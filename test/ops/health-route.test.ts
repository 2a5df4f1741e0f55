import { describe, expect, it } from "vitest";
import { buildServer } from "../../src/http/build-server.js";
import type { HealthReport } from "../../src/ops/health.js";
import { createMetrics } from "../../src/ops/metrics.js";

const report = (status: HealthReport["status"]): HealthReport => ({
  status,
  at: "2026-03-01T12:00:00.000Z",
  checks: [
    { name: "orders waiting", status, reason: status === "healthy" ? "no order is waiting" : "the oldest waits 3 h" },
  ],
});

async function get(options: Parameters<typeof buildServer>[0]) {
  const app = await buildServer(options);
  try {
    const res = await app.inject({ method: "GET", url: "/health" });
    return { code: res.statusCode, body: res.json<Record<string, unknown>>() };
  } finally {
    await app.close();
  }
}

describe("GET /health", () => {
  it("keeps the named checks as they were without a report provider", async () => {
    const res = await get({
      metrics: createMetrics(),
      modules: [],
      health: { pricing: () => ({ ok: false, ageSeconds: 9 }) },
    });
    expect(res.code).toBe(503);
    expect(res.body).toMatchObject({ status: "degraded", checks: { pricing: { ok: false, ageSeconds: 9 } } });
  });

  it.each([
    ["healthy", true, 200, "healthy"],
    ["warning", true, 200, "warning"],
    ["critical", true, 503, "critical"],
    ["healthy", false, 503, "critical"],
  ] as const)("report %s with pricing ok=%s answers %i (%s)", async (status, pricingOk, code, overall) => {
    const res = await get({
      metrics: createMetrics(),
      modules: [],
      health: { pricing: () => ({ ok: pricingOk }) },
      healthReport: () => Promise.resolve(report(status)),
    });
    expect(res.code).toBe(code);
    expect(res.body.status).toBe(overall);
    expect(res.body.checks).toEqual([
      report(status).checks[0],
      { name: "pricing", status: pricingOk ? "healthy" : "critical", reason: pricingOk ? "ok" : "failing" },
    ]);
    expect(res.body.parts).toEqual({ pricing: { ok: pricingOk } });
  });

  it("is critical with the reason when the report cannot be read", async () => {
    const res = await get({
      metrics: createMetrics(),
      modules: [],
      healthReport: () => Promise.reject(new Error("SQLITE_BUSY: database is locked")),
    });
    expect(res.code).toBe(503);
    expect(res.body.checks).toEqual([
      { name: "state", status: "critical", reason: "health could not be read: SQLITE_BUSY: database is locked" },
    ]);
  });
});
