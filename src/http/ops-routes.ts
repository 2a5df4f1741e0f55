import type { FastifyInstance } from "fastify";
import { type HealthLine, type HealthReport, worstStatus } from "../ops/health.js";
import type { Metrics } from "../ops/metrics.js";

/** One part of /health: whether it is fine, and what to show about it. */
export type HealthCheck = () => { ok: boolean; [detail: string]: unknown };

/** The full health evaluation (`cpwoo health`'s report): orders, jobs, reachability. */
export type HealthReportProvider = () => Promise<HealthReport>;

function namedLine(name: string, result: ReturnType<HealthCheck>): HealthLine {
  const { ok, ...details } = result;
  const reason = Object.keys(details).length === 0 ? (ok ? "ok" : "failing") : JSON.stringify(details);
  return { name, status: ok ? "healthy" : "critical", reason };
}

/**
 * `GET /health` and `GET /metrics` (Prometheus text). No API key needed. Without a report provider: 200 when every
 * named check is ok, else 503. With one: its lines plus one per named check, 503 only when critical (a warning is
 * still serving).
 */
export function opsRoutes(
  app: FastifyInstance,
  metrics: Metrics,
  checks: Readonly<Record<string, HealthCheck>>,
  report?: HealthReportProvider,
) {
  app.get("/health", { schema: { hide: true } }, async (_request, reply) => {
    const results = Object.fromEntries(Object.entries(checks).map(([name, check]) => [name, check()]));
    if (report) {
      let lines: HealthLine[];
      try {
        lines = (await report()).checks;
      } catch (err) {
        lines = [{ name: "state", status: "critical", reason: `health could not be read: ${(err as Error).message}` }];
      }
      lines.push(...Object.entries(results).map(([name, r]) => namedLine(name, r)));
      const status = worstStatus(lines.map((l) => l.status));
      return reply
        .code(status === "critical" ? 503 : 200)
        .send({ status, checks: lines, parts: results, time: new Date().toISOString() });
    }
    const ok = Object.values(results).every((r) => r.ok);
    return reply
      .code(ok ? 200 : 503)
      .send({ status: ok ? "ok" : "degraded", checks: results, time: new Date().toISOString() });
  });
  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}
