import { Cron } from "croner";
import { JobConfigError } from "./job-options.js";

/** A parsed cron expression (5 fields, or 6 with seconds), evaluated in `timezone` (default: the host's). */
export function parseCron(scheduleName: string, expression: string, timezone?: string): Cron {
  try {
    return timezone === undefined ? new Cron(expression) : new Cron(expression, { timezone });
  } catch (err) {
    throw new JobConfigError(`schedule "${scheduleName}" cron "${expression}": ${(err as Error).message}`);
  }
}

/** The latest slot at or before `now`, if any. */
export function latestSlotAtOrBefore(cron: Cron, now: Date): Date | undefined {
  // croner's previousRuns excludes its (second-truncated) reference, so look back from the next second.
  const reference = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
  return cron.previousRuns(1, reference)[0];
}

/**
 * The slot to fire now, given the last slot fired (or when the schedule was registered): undefined if the
 * next slot after it is still in the future, else the LATEST slot at or before `now`. Any number of slots
 * missed while nothing ran collapse into this one fire, so a restart neither skips nor double-fires.
 */
export function dueSlot(cron: Cron, after: Date, now: Date): Date | undefined {
  const next = cron.nextRun(after);
  if (next === null || next.getTime() > now.getTime()) return undefined;
  return latestSlotAtOrBefore(cron, now) ?? next;
}
