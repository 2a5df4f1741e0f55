import { type JobQueueOptions, createJobQueue } from "../create-job-queue.js";
import type { JobRegistry } from "../job-definition.js";
import { emitter } from "../job-events.js";
import type { JobQueue } from "../job-queue.js";
import { EmbeddedBackend } from "./embedded-backend.js";

export interface EmbeddedJobQueueOptions<R extends JobRegistry> extends JobQueueOptions<R> {
  /** How often idle workers look for due jobs and expired leases. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Jitter source for backoff (tests). */
  random?: () => number;
}

/**
 * The job queue for one process on the SQLite state database: jobs live in `job_queue`, claimed and settled
 * in transactions on the store's own connection. Share one store (and so one connection) per process.
 */
export function createEmbeddedJobQueue<R extends JobRegistry>(options: EmbeddedJobQueueOptions<R>): JobQueue<R> {
  const backend = new EmbeddedBackend({
    db: options.db,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    now: options.now ?? Date.now,
    emit: emitter(options.onEvent),
    ...(options.random ? { random: options.random } : {}),
  });
  return createJobQueue(backend, options);
}
