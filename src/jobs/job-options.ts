import type { BackoffPolicy } from "./backoff.js";
import type { JobDefinition } from "./job-definition.js";

/** A job registry or schedule that cannot work: names the job and the setting. Thrown at start-up. */
export class JobConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobConfigError";
  }
}

export interface ResolvedJobOptions {
  retryLimit: number;
  backoff: BackoffPolicy;
  leaseSeconds: number;
  priority: number;
  concurrency: number;
}

/** Defaults for every job, in one place. */
export const jobDefaults: ResolvedJobOptions = {
  retryLimit: 3,
  backoff: { baseMs: 5_000, maxMs: 10 * 60_000 },
  leaseSeconds: 15 * 60,
  priority: 0,
  concurrency: 1,
};

/** Bounds the options are checked against (pg-boss caps leases at 24 h). */
export const jobLimits = {
  retryLimit: { min: 0, max: 100 },
  backoffMs: { min: 0, max: 24 * 3600_000 },
  leaseSeconds: { min: 1, max: 24 * 3600 },
  priority: { min: -1000, max: 1000 },
  concurrency: { min: 1, max: 64 },
} as const;

const jobNamePattern = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

export function checkJobName(name: string): void {
  if (!jobNamePattern.test(name) || name.length > 50) {
    throw new JobConfigError(`job name "${name}": use lower-case words joined by "." or "-", at most 50 characters`);
  }
  if (name.startsWith("cpwoo.")) throw new JobConfigError(`job name "${name}": the "cpwoo." prefix is reserved`);
}

function checkInt(job: string, option: string, value: number, range: { min: number; max: number }): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new JobConfigError(`job "${job}" ${option}: ${value} must be an integer from ${range.min} to ${range.max}`);
  }
  return value;
}

export type JobOptionOverrides = Partial<Omit<ResolvedJobOptions, "concurrency">>;

/** A job's effective options: enqueue overrides, then its definition, then the defaults; all range-checked. */
export function resolveJobOptions(
  name: string,
  definition: JobDefinition,
  overrides: JobOptionOverrides = {},
): ResolvedJobOptions {
  const backoff = overrides.backoff ?? definition.backoff ?? jobDefaults.backoff;
  checkInt(name, "backoff.baseMs", backoff.baseMs, jobLimits.backoffMs);
  checkInt(name, "backoff.maxMs", backoff.maxMs, jobLimits.backoffMs);
  if (backoff.maxMs < backoff.baseMs) {
    throw new JobConfigError(`job "${name}" backoff.maxMs: ${backoff.maxMs} is below baseMs ${backoff.baseMs}`);
  }
  return {
    retryLimit: checkInt(
      name,
      "retryLimit",
      overrides.retryLimit ?? definition.retryLimit ?? jobDefaults.retryLimit,
      jobLimits.retryLimit,
    ),
    backoff: { baseMs: backoff.baseMs, maxMs: backoff.maxMs },
    leaseSeconds: checkInt(
      name,
      "leaseSeconds",
      overrides.leaseSeconds ?? definition.leaseSeconds ?? jobDefaults.leaseSeconds,
      jobLimits.leaseSeconds,
    ),
    priority: checkInt(
      name,
      "priority",
      overrides.priority ?? definition.priority ?? jobDefaults.priority,
      jobLimits.priority,
    ),
    concurrency: checkInt(
      name,
      "concurrency",
      definition.concurrency ?? jobDefaults.concurrency,
      jobLimits.concurrency,
    ),
  };
}
