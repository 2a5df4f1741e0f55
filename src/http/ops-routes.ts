import type { FastifyInstance } from "fastify";
import type { Metrics } from "../ops/metrics.js";

/** One part of /health: whether it is fine, and what to show about it. */
export type HealthCheck = () => { ok: boolean; [detail: string]: unknown };

/** `GET /health` (200 when every check is ok, else 503) and `GET /metrics` (Prometheus text). No API key needed. */
export function opsRoutes(app: FastifyInstance, metrics: Metrics, checks: Readonly<Record<string, HealthCheck>>) {
  app.get("/health", { schema: { hide: true } }, async (_request, reply) => {
    const results = Object.fromEntries(Object.entries(checks).map(([name, check]) => [name, check()]));
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
