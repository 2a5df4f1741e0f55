import type { z } from "zod";
import type { BackoffPolicy } from "./backoff.js";

/** What a handler learns about the run it is doing. */
export interface JobContext {
  readonly jobId: string;
  readonly name: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** retryLimit + 1. */
  readonly maxAttempts: number;
  /** This attempt's row in the run log. */
  readonly runId: string;
  /** Aborted when the lease runs out or the queue stops without waiting for this job. */
  readonly signal: AbortSignal;
}

/** What a handler may return: named counts for the run log (e.g. `{ created: 3, skipped: 1 }`). */
export interface JobOutcome {
  counts?: Record<string, number>;
}

/**
 * One kind of job: its payload schema, its handler and its options. Register definitions in an object keyed
 * by job name (see `JobRegistry`); enqueueing then type-checks the payload against the schema.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** Payload schema; payloads are JSON objects, validated on enqueue and again before the handler runs. */
  readonly payload: S;
  /** Throw to fail the attempt (it is retried with backoff until the retry limit, then dead-lettered). */
  handler(payload: z.output<S>, context: JobContext): Promise<JobOutcome | undefined | void>;
  /** At most one queued-or-active job per key and job name (e.g. one order sync per order). */
  singletonKey?(payload: z.output<S>): string | undefined;
  /** Retries after the first attempt. Default 3. */
  readonly retryLimit?: number;
  /** Delay before retry n: min(maxMs, baseMs · 2^(n−1) · (1 + random)). See `retryDelayMs`. */
  readonly backoff?: BackoffPolicy;
  /**
   * The longest an attempt may stay active. A job whose worker died (or hangs) past its lease is failed
   * and retried by whichever worker notices. Default 900 s; at most 24 h.
   */
  readonly leaseSeconds?: number;
  /** Higher runs first. Default 0. */
  readonly priority?: number;
  /** Attempts of this job one process runs at once. Default 1. */
  readonly concurrency?: number;
}

/** Identity helper that infers the payload type for the handler. */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** Job name → definition. Names: lower-case words joined by `.` or `-` (e.g. `orders.pull`). */
export type JobRegistry = Readonly<Record<string, JobDefinition>>;

export type JobName<R extends JobRegistry> = Extract<keyof R, string>;

/** The payload `enqueue` accepts for a job name (the schema's input type). */
export type JobPayload<R extends JobRegistry, N extends JobName<R>> = z.input<R[N]["payload"]>;

/** The registered definition of `name`, if any (own keys only: "constructor" is not a job). */
export function findJobDefinition(registry: JobRegistry, name: string): JobDefinition | undefined {
  return Object.hasOwn(registry, name) ? registry[name] : undefined;
}
