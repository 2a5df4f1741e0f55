import type { Logger } from "pino";
import type { OrderLog } from "../flows/orders/order-ports.js";
import type { JobQueueEvent } from "../jobs/index.js";
import type { JobRunReport } from "./daemon.js";

const countsText = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts)
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");

/** The readable line of a job run: job, attempt, outcome, duration, counts or error. */
export function runMessage(run: JobRunReport): string {
  const attempt = run.maxAttempts > 1 ? ` attempt ${run.attempt}/${run.maxAttempts}` : "";
  const detail = run.status === "succeeded" ? countsText(run.counts) || "nothing to do" : (run.error ?? "");
  return `${run.job}${attempt} ${run.status} in ${(run.durationMs / 1000).toFixed(1)}s: ${detail}`;
}

/** The readable line of a queue event worth logging; null for those the run lines already say. */
export function queueEventMessage(event: JobQueueEvent): string | null {
  switch (event.type) {
    case "schedule-fired":
      return `fired: schedule ${event.schedule} slot ${event.slot.toISOString()} ${
        event.duplicate ? "skipped: the last run is still queued or running" : `queued job ${event.jobId ?? ""}`
      }`;
    case "job-dead":
      return `${event.name} dead-lettered (dead letter ${event.deadLetterId}): ${event.error}`;
    case "job-released":
      return `${event.name} given back to the queue at shutdown`;
    case "error":
      return `error in ${event.source}: ${event.error.message}`;
    default:
      return null;
  }
}

/** The daemon's hooks writing to the ops logger: one line per job run, queue event and order-flow warning. */
export function daemonLogHooks(log: Logger): {
  onJobRun: (run: JobRunReport) => void;
  onQueueEvent: (event: JobQueueEvent) => void;
  orderLog: OrderLog;
} {
  return {
    onJobRun: (run) => {
      const fields = {
        event: "job-run",
        job: run.job,
        runId: run.runId,
        jobId: run.jobId,
        attempt: run.attempt,
        status: run.status,
        durationMs: run.durationMs,
        counts: run.counts,
        ...(run.error === undefined ? {} : { error: run.error }),
      };
      if (run.status === "succeeded") log.info(fields, runMessage(run));
      else log.warn(fields, runMessage(run));
    },
    onQueueEvent: (event) => {
      const message = queueEventMessage(event);
      if (message === null) return;
      if (event.type === "error") log.error({ event: "queue-error", source: event.source, err: event.error }, message);
      else if (event.type === "job-dead") log.error({ event: event.type, job: event.name, jobId: event.id }, message);
      else log.info({ event: event.type }, message);
    },
    orderLog: {
      info: (message, fields) => log.debug({ flow: "orders", ...fields }, message),
      warn: (message, fields) => log.warn({ flow: "orders", ...fields }, message),
    },
  };
}
