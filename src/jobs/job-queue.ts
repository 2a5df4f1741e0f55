import type { Transaction } from "kysely";
import type { StateTables } from "../store/index.js";
import type { BackoffPolicy } from "./backoff.js";
import type { JobName, JobPayload, JobRegistry } from "./job-definition.js";

export type JobState = "created" | "retry" | "active" | "completed" | "failed" | "cancelled";

export interface EnqueueOptions {
  /** Overrides the definition's `singletonKey(payload)`. */
  singletonKey?: string;
  priority?: number;
  /** Not before this time (a Date) or this many milliseconds from now. */
  startAfter?: Date | number;
  retryLimit?: number;
  backoff?: BackoffPolicy;
  leaseSeconds?: number;
  /**
   * Enqueue inside this state-store transaction, so the job exists exactly when the caller's other writes
   * commit (pg-boss: its schema must live in the state database, which is how cpwoo sets it up).
   */
  transaction?: Transaction<StateTables>;
}

export type EnqueueResult =
  | { queued: true; id: string }
  /** A job with the same singleton key is already queued or active; nothing was added. */
  | { queued: false; reason: "singleton"; singletonKey: string };

export interface JobSnapshot {
  id: string;
  name: string;
  state: JobState;
  payload: unknown;
  /** Attempts started so far. */
  attempts: number;
  retryLimit: number;
  priority: number;
  singletonKey: string | null;
  /** When it may run next (or ran). */
  runAfter: Date;
  createdAt: Date;
  lastError: string | null;
}

/** Where the adapters differ; shared tests and operators read these instead of guessing. */
export interface QueueCapabilities {
  /** Retry delays are rounded up to this step (pg-boss counts them in whole seconds). */
  backoffResolutionMs: number;
  /** Extra delay before a worker notices an expired lease (pg-boss: its supervise interval). */
  leaseCheckIntervalMs: number;
  /**
   * On `stop()`, jobs still running at the deadline go back to the queue without using an attempt
   * (embedded); pg-boss fails them instead, which uses an attempt and applies backoff.
   */
  releaseKeepsAttempt: boolean;
}

/** The job queue port. Adapters: embedded (SQLite state database) and pg-boss (PostgreSQL). */
export interface JobQueue<R extends JobRegistry> {
  readonly backend: "embedded" | "pg-boss";
  readonly capabilities: QueueCapabilities;
  /** Validates the payload (JobPayloadError names the job and field) and adds the job. */
  enqueue<N extends JobName<R>>(name: N, payload: JobPayload<R, N>, options?: EnqueueOptions): Promise<EnqueueResult>;
  /** Starts workers for every registered job and the cron schedules. */
  start(): Promise<void>;
  /**
   * Stops fetching and firing schedules, waits up to `timeoutMs` (default 30 s) for running jobs, then gives
   * the rest back (see `capabilities.releaseKeepsAttempt`). Does not close the state store.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  getJob(name: JobName<R>, id: string): Promise<JobSnapshot | undefined>;
  /** Enqueues a dead letter's payload again as a fresh job and marks the dead letter `retried`. */
  retryDeadLetter(deadLetterId: number): Promise<EnqueueResult>;
}
