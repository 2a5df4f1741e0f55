/**
 * A fixed one-minute window per key, shared by every route that consults it (the rate-limit plugin keeps one counter
 * store per route, so a key could otherwise spend its budget once per endpoint).
 */
export class KeyRateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts one request; returns 0 when allowed, else the seconds until the window resets. */
  take(key: string): number {
    const now = this.clock();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now - (now % 60_000);
      this.counts = new Map();
    }
    const used = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, used);
    if (used <= this.perMinute) return 0;
    return Math.max(1, Math.ceil((this.windowStart + 60_000 - now) / 1000));
  }
}
