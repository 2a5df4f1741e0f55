import type { StateDb } from "../store/index.js";
import type { JobSnapshot, QueueCapabilities } from "./job-queue.js";
import type { ResolvedJobOptions } from "./job-options.js";

/** A job ready to be stored: validated payload (as given), options resolved. */
export interface NewJob {
  name: string;
  payload: Record<string, unknown>;
  options: Omit<ResolvedJobOptions, "concurrency">;
  singletonKey: string | undefined;
  runAfter: Date;
}

/** A job a worker has claimed. */
export interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
  signal: AbortSignal;
}

/** How an attempt ended. `invalid`: the stored payload no longer matches the schema; retrying cannot help. */
export type JobExecution =
  | { status: "completed"; counts?: Record<string, number> }
  | { status: "failed"; error: string }
  | { status: "invalid"; error: string };

export type RunClaimedJob = (job: ClaimedJob) => Promise<JobExecution>;

export interface WorkerSpec {
  name: string;
  concurrency: number;
}

/**
 * What an adapter implements; the shared `createJobQueue` does validation, typing, the run log, cron and
 * dead-letter retries on top of it.
 */
export interface QueueBackend {
  readonly kind: "embedded" | "pg-boss";
  readonly capabilities: QueueCapabilities;
  /** Stores a job; `undefined` when its singleton key is taken. `db` is a state-store transaction if given. */
  insert(job: NewJob, db?: StateDb): Promise<string | undefined>;
  startWorkers(workers: readonly WorkerSpec[], run: RunClaimedJob): Promise<void>;
  /** Stops fetching, waits up to `timeoutMs` for running jobs, then gives the rest back. */
  stop(timeoutMs: number): Promise<void>;
  getJob(name: string, id: string): Promise<JobSnapshot | undefined>;
}
