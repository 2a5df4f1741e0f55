import { randomUUID } from "node:crypto";
import { isoTime, type StateDb } from "../../store/index.js";
import type { NewJob } from "../queue-backend.js";

/** Adds a job to `job_queue`; `undefined` when a queued-or-active job already holds its singleton key. */
export async function insertJob(db: StateDb, job: NewJob, now: Date): Promise<string | undefined> {
  const id = randomUUID();
  const at = isoTime(now);
  // The partial unique index on (name, singleton_key) refuses a second live job with the same key.
  const result = await db
    .insertInto("job_queue")
    .values({
      id,
      name: job.name,
      payload: JSON.stringify(job.payload),
      state: "created",
      priority: job.options.priority,
      attempts: 0,
      retry_limit: job.options.retryLimit,
      backoff_base_ms: job.options.backoff.baseMs,
      backoff_max_ms: job.options.backoff.maxMs,
      lease_seconds: job.options.leaseSeconds,
      singleton_key: job.singletonKey ?? null,
      run_after: isoTime(job.runAfter),
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 ? id : undefined;
}
