import { abandonRuns, finishRun, type StateDb, startRun } from "../store/index.js";
import { findJobDefinition, type JobRegistry } from "./job-definition.js";
import { errorText } from "./job-events.js";
import { JobPayloadError, parseJobPayload } from "./job-payload.js";
import type { ClaimedJob, JobExecution } from "./queue-backend.js";

/**
 * Runs one attempt the way every adapter must: closes runs of earlier attempts that never finished (their
 * worker died), re-validates the payload, writes the run-log row, calls the handler, and records how it
 * ended. Never throws for a handler failure; it returns it.
 */
export async function executeJob(db: StateDb, registry: JobRegistry, job: ClaimedJob): Promise<JobExecution> {
  const definition = findJobDefinition(registry, job.name);
  if (job.attempt > 1) await abandonRuns(db, job.id, { beforeAttempt: job.attempt, error: "lease expired" });
  const runId = await startRun(db, { jobName: job.name, jobId: job.id, attempt: job.attempt });
  if (!definition) {
    const error = `no handler is registered for job "${job.name}" in this process`;
    await finishRun(db, runId, { status: "failed", error });
    return { status: "failed", error };
  }
  let payload: unknown;
  try {
    payload = parseJobPayload(job.name, definition.payload, job.payload);
  } catch (err) {
    if (!(err instanceof JobPayloadError)) throw err;
    await finishRun(db, runId, { status: "failed", error: err.message });
    return { status: "invalid", error: err.message };
  }
  try {
    const outcome = await definition.handler(payload, {
      jobId: job.id,
      name: job.name,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      runId,
      signal: job.signal,
    });
    const counts = outcome?.counts;
    await finishRun(db, runId, counts ? { status: "succeeded", counts } : { status: "succeeded" });
    return counts ? { status: "completed", counts } : { status: "completed" };
  } catch (err) {
    const error = errorText(err);
    await finishRun(db, runId, { status: "failed", error });
    return { status: "failed", error };
  }
}
