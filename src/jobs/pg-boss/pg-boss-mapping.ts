import { randomUUID } from "node:crypto";
import type { JobWithMetadata, SendOptions } from "pg-boss";
import type { JobSnapshot } from "../job-queue.js";
import type { NewJob } from "../queue-backend.js";

/** pg-boss queue that receives every job that exhausted its retries; cpwoo copies them into dead_letters. */
export const deadLetterQueue = "cpwoo.dead-letters";

const days = 24 * 3600;

// pg-boss's `exclusive` policy allows one queued-or-active job per (queue, singleton key), but treats a
// missing key as one shared key. Unkeyed jobs therefore get a key of their own ("id:<job id>"), and
// caller keys are prefixed ("key:") so the two can never meet.
const callerKey = "key:";
const ownKey = "id:";

/**
 * A cpwoo job as pg-boss send options. Retry delays are whole seconds in pg-boss, so backoff is rounded up
 * to the second; `retryBackoff` applies the same formula as `retryDelayMs`.
 */
export function toSendOptions(job: NewJob): { id: string; options: SendOptions } {
  const id = randomUUID();
  const { retryLimit, backoff, leaseSeconds, priority } = job.options;
  const options: SendOptions = {
    id,
    priority,
    startAfter: job.runAfter,
    singletonKey: job.singletonKey === undefined ? `${ownKey}${id}` : `${callerKey}${job.singletonKey}`,
    retryLimit,
    expireInSeconds: leaseSeconds,
    // Never let pg-boss delete a job that has not run: "nothing dropped" (its default is 14 days).
    retentionSeconds: 365 * days,
    deleteAfterSeconds: 7 * days,
    deadLetter: deadLetterQueue,
  };
  if (backoff.baseMs > 0) {
    options.retryBackoff = true;
    options.retryDelay = Math.ceil(backoff.baseMs / 1000);
    options.retryDelayMax = Math.max(options.retryDelay, Math.ceil(backoff.maxMs / 1000));
  } else {
    options.retryBackoff = false;
    options.retryDelay = 0;
  }
  return { id, options };
}

/** The message of a pg-boss job output (handler output, serialised error, or its timeout note). */
export function outputMessage(output: unknown): string {
  if (output !== null && typeof output === "object") {
    const o = output as { message?: unknown; value?: unknown };
    if (typeof o.message === "string") {
      return o.message === "job timed out"
        ? "lease expired: the worker died or hung (pg-boss: job timed out)"
        : o.message;
    }
    if (o.value !== undefined) return outputMessage(o.value);
  }
  if (typeof output === "string") return output;
  return JSON.stringify(output ?? null);
}

export function toSnapshot(job: JobWithMetadata<unknown>): JobSnapshot {
  const key = job.singletonKey;
  // Typed as a Date, but null until the job's first attempt starts.
  const started = (job.startedOn as unknown) != null;
  const failedState = job.state === "retry" || job.state === "failed";
  return {
    id: job.id,
    name: job.name,
    state: job.state,
    payload: job.data,
    attempts: started ? job.retryCount + 1 : 0,
    retryLimit: job.retryLimit,
    priority: job.priority,
    singletonKey: key?.startsWith(callerKey) ? key.slice(callerKey.length) : null,
    runAfter: new Date(job.startAfter),
    createdAt: new Date(job.createdOn),
    lastError: failedState && job.output ? outputMessage(job.output) : null,
  };
}
