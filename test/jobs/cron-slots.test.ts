import { describe, expect, it } from "vitest";
import { dueSlot, JobConfigError, latestSlotAtOrBefore, parseCron } from "../../src/jobs/index.js";

const t = (iso: string) => new Date(iso);

describe("cron slots", () => {
  it("finds the latest slot at or before a time", () => {
    const everySecond = parseCron("s", "* * * * * *", "UTC");
    expect(latestSlotAtOrBefore(everySecond, t("2025-01-01T00:00:05.000Z"))).toEqual(t("2025-01-01T00:00:05.000Z"));
    expect(latestSlotAtOrBefore(everySecond, t("2025-01-01T00:00:05.999Z"))).toEqual(t("2025-01-01T00:00:05.000Z"));
    const fiveMinutes = parseCron("m", "*/5 * * * *", "UTC");
    expect(latestSlotAtOrBefore(fiveMinutes, t("2025-01-01T10:14:59Z"))).toEqual(t("2025-01-01T10:10:00Z"));
    expect(latestSlotAtOrBefore(fiveMinutes, t("2025-01-01T10:15:00Z"))).toEqual(t("2025-01-01T10:15:00Z"));
  });

  it("is due once the next slot after the last fire has come, and collapses missed slots into the latest", () => {
    const fiveMinutes = parseCron("m", "*/5 * * * *", "UTC");
    const last = t("2025-01-01T10:05:00Z");
    expect(dueSlot(fiveMinutes, last, t("2025-01-01T10:09:59Z"))).toBeUndefined();
    expect(dueSlot(fiveMinutes, last, t("2025-01-01T10:10:00Z"))).toEqual(t("2025-01-01T10:10:00Z"));
    // Down from 10:06 to 11:02: eleven slots missed, one fire for the latest.
    expect(dueSlot(fiveMinutes, last, t("2025-01-01T11:02:30Z"))).toEqual(t("2025-01-01T11:00:00Z"));
    // Never the slot already fired.
    expect(dueSlot(fiveMinutes, last, t("2025-01-01T10:05:30Z"))).toBeUndefined();
  });

  it("reads the expression in the schedule's time zone", () => {
    const twoAmNewYork = parseCron("nightly", "0 2 * * *", "America/New_York");
    // 02:00 in New York in January is 07:00 UTC.
    expect(dueSlot(twoAmNewYork, t("2025-01-10T00:00:00Z"), t("2025-01-10T07:00:01Z"))).toEqual(
      t("2025-01-10T07:00:00Z"),
    );
    expect(dueSlot(twoAmNewYork, t("2025-01-10T00:00:00Z"), t("2025-01-10T06:59:59Z"))).toBeUndefined();
  });

  it("names the schedule when an expression does not parse", () => {
    expect(() => parseCron("inventory", "every five minutes")).toThrow(JobConfigError);
    expect(() => parseCron("inventory", "61 * * * *")).toThrow(/schedule "inventory" cron "61 \* \* \* \*"/);
  });
});
