/** Exponential backoff with jitter. Times in milliseconds. */
export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. 0 retries at once. */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
}

/**
 * Delay before retry number `retry` (1 = first retry):
 * `min(maxMs, baseMs · 2^(retry−1) · (1 + random))`, i.e. somewhere between the plain exponential step and
 * twice it, capped. The jitter spreads retries of jobs that failed together. This is the formula pg-boss
 * applies with `retryBackoff` (in whole seconds), so both queue adapters retry on the same schedule.
 */
export function retryDelayMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  if (policy.baseMs <= 0) return 0;
  const step = policy.baseMs * 2 ** Math.min(30, Math.max(0, retry - 1));
  return Math.min(policy.maxMs, Math.round(step * (1 + random())));
}
