/** How the client waits between attempts. */
export interface RetryPolicy {
  /** Attempts in all, the first included (`1 + settings.woo.maxRetries`). */
  maxAttempts: number;
  /** First backoff; doubles with each attempt. */
  baseDelayMs: number;
  /** Ceiling of one backoff. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is thrown with `retryAfterMs` for the job queue. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: Omit<RetryPolicy, "maxAttempts"> = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/**
 * Reads `Retry-After`: delta-seconds (`"3"`, `"0.5"` tolerated) or an HTTP date. Returns milliseconds from `now`
 * (never negative), or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Exponential backoff with "equal jitter": half of `base × 2^(attempt−1)` (capped) is fixed, the other half random,
 * so waiting clients spread out but none retries at once. `attempt` is the attempt that just failed (1-based).
 */
export function backoffDelayMs(
  attempt: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** What went wrong with one attempt, in the terms the retry decision needs. */
export type AttemptFailure =
  /** An HTTP error status; `wooBody` when it carried a WooCommerce `{code, message}`. */
  | { kind: "status"; status: number; wooBody: boolean }
  /** A 2xx whose body is not JSON (a WAF or cache page). */
  | { kind: "bad-body"; status: number }
  /** `sent: false` when the request never left (connection refused, DNS, connect timeout). */
  | { kind: "network"; sent: boolean }
  | { kind: "timeout" }
  | { kind: "redirect"; status: number };

/** retry: try again after a delay. fail: throw now. unknown: a write may have been applied; throw, never repeat. */
export type RetryVerdict = "retry" | "fail" | "unknown";

/**
 * The retry rule. 429 and 503 mean "refused, not processed": retried for every method. 502, 504, a 500 without a
 * WooCommerce error (a PHP fatal, a proxy page), a 2xx HTML page, a timeout and a connection dropped after sending may
 * all come after the store applied the request: retried only for idempotent requests (GET, PUT, DELETE); for a POST
 * the outcome is unknown. A 500 *with* a WooCommerce error (e.g. "Invalid refund amount.") and every other 4xx are
 * answers, not accidents: never retried.
 */
export function retryVerdict(failure: AttemptFailure, idempotent: boolean): RetryVerdict {
  const unlessIdempotent: RetryVerdict = idempotent ? "retry" : "unknown";
  switch (failure.kind) {
    case "status":
      if (failure.status === 429 || failure.status === 503) return "retry";
      if (failure.status === 502 || failure.status === 504) return unlessIdempotent;
      // A 5xx that is not WooCommerce speaking: a PHP fatal, a proxy or CDN page (Cloudflare's 52x).
      if (failure.status >= 500 && !failure.wooBody) return unlessIdempotent;
      return "fail";
    case "bad-body":
      return failure.status >= 200 && failure.status < 300 ? unlessIdempotent : "fail";
    case "network":
      return failure.sent ? unlessIdempotent : "retry";
    case "timeout":
      return unlessIdempotent;
    case "redirect":
      return "fail";
  }
}
