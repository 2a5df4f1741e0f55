import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../src/jobs/index.js";

describe("retryDelayMs", () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it("doubles each retry, with jitter between one and two steps", () => {
    const table: Array<[retry: number, random: number, expected: number]> = [
      [1, 0, 1000],
      [1, 0.5, 1500],
      [1, 0.999, 1999],
      [2, 0, 2000],
      [2, 1, 4000],
      [3, 0, 4000],
      [4, 0.25, 10_000],
    ];
    for (const [retry, random, expected] of table) {
      expect(
        retryDelayMs(retry, policy, () => random),
        `retry ${retry}, random ${random}`,
      ).toBe(expected);
    }
  });

  it("never exceeds maxMs, even for huge retry numbers", () => {
    expect(retryDelayMs(7, policy, () => 0)).toBe(60_000);
    expect(retryDelayMs(1000, policy, () => 1)).toBe(60_000);
    expect(retryDelayMs(2, { baseMs: 1000, maxMs: 1500 }, () => 0)).toBe(1500);
  });

  it("retries at once with a zero base", () => {
    expect(retryDelayMs(5, { baseMs: 0, maxMs: 0 }, () => 1)).toBe(0);
  });

  it("stays inside the bounds with the real random source", () => {
    const delays = Array.from({ length: 200 }, () => retryDelayMs(3, policy));
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});
