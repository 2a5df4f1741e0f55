import type { LogEvent } from "kysely";
import type { Metrics } from "./metrics.js";

/** Records one order's time from received to acknowledged (call when it is acknowledged). */
export function observeOrderLatency(
  metrics: Metrics,
  receivedAt: Date | string,
  acknowledgedAt: Date | string = new Date(),
): void {
  const from = typeof receivedAt === "string" ? Date.parse(receivedAt) : receivedAt.getTime();
  const to = typeof acknowledgedAt === "string" ? Date.parse(acknowledgedAt) : acknowledgedAt.getTime();
  if (Number.isFinite(from) && Number.isFinite(to) && to >= from)
    metrics.orderLatencySeconds.observe((to - from) / 1000);
}

/** The job-queue events the metrics count (the shape of `JobQueueEvent`, which ops may not import). */
export type JobEventLike =
  | { type: "job-completed"; name: string; durationMs: number }
  | { type: "job-failed" | "job-dead" | "job-released"; name: string }
  | { type: "schedule-fired" | "error" };

/** Counts job outcomes and times completed attempts: pass it (or call it from) the job queue's `onEvent`. */
export function recordJobEvent(metrics: Metrics, event: JobEventLike): void {
  switch (event.type) {
    case "job-completed":
      metrics.jobRuns.inc({ job: event.name, outcome: "completed" });
      metrics.jobDurationSeconds.observe({ job: event.name }, event.durationMs / 1000);
      return;
    case "job-failed":
      metrics.jobRuns.inc({ job: event.name, outcome: "failed" });
      return;
    case "job-dead":
      metrics.jobRuns.inc({ job: event.name, outcome: "dead" });
      return;
    case "job-released":
      metrics.jobRuns.inc({ job: event.name, outcome: "released" });
      return;
    default:
      return;
  }
}

/** Counts a Counterpoint failure outside a query (connect, a document refused…). */
export function recordCounterpointError(metrics: Metrics, operation: string): void {
  metrics.counterpointErrors.inc({ operation });
}

/** A Kysely `log` function for the Counterpoint connection: counts and times queries, counts failed ones. */
export function counterpointQueryLog(metrics: Metrics): (event: LogEvent) => void {
  return (event) => {
    metrics.counterpointQueries.inc();
    metrics.counterpointQuerySeconds.observe(event.queryDurationMillis / 1000);
    if (event.level === "error") metrics.counterpointErrors.inc({ operation: "query" });
  };
}
