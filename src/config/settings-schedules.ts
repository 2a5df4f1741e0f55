import { z } from "zod";

/**
 * A period in seconds as a croner expression (6 fields, with seconds), or undefined when no cron expression fires at
 * exactly that period (cron counts within the minute, hour and day, so the period must divide one of them evenly).
 */
export function everySecondsToCron(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds < 1) return undefined;
  if (seconds < 60) return 60 % seconds === 0 ? `*/${seconds} * * * * *` : undefined;
  if (seconds % 60 === 0 && seconds < 3600) {
    const minutes = seconds / 60;
    return 60 % minutes === 0 ? `0 */${minutes} * * * *` : undefined;
  }
  if (seconds % 3600 === 0 && seconds <= 86_400) {
    const hours = seconds / 3600;
    if (hours === 24) return "0 0 0 * * *";
    return 24 % hours === 0 ? `0 0 */${hours} * * *` : undefined;
  }
  return undefined;
}

interface JobDefaults {
  everySeconds?: number;
  cron?: string;
  leaseSeconds: number;
}

/** One scheduled job: when it fires (`cron` or `everySeconds`, not both), whether at all, and its lease and retries. */
function jobSchedule(defaults: JobDefaults) {
  return z
    .strictObject({
      enabled: z.boolean().default(true),
      /** A period that divides a minute, an hour or a day evenly (e.g. 15, 120, 21600). */
      everySeconds: z.number().int().min(1).max(86_400).optional(),
      /** croner syntax: 5 fields, or 6 with seconds first. Read in `schedules.timezone`. */
      cron: z.string().min(1).optional(),
      /** The longest one run may take; a run whose process died is retried after it (sooner on a restart). */
      leaseSeconds: z.number().int().min(5).max(86_400).default(defaults.leaseSeconds),
      /** Retries of a failed run before it is dead-lettered (the next slot runs anyway). */
      retryLimit: z.number().int().min(0).max(10).default(2),
      /** First retry after this many seconds, doubling up to ten times that. */
      retryDelaySeconds: z.number().int().min(0).max(3600).default(5),
    })
    .superRefine((value, ctx) => {
      if (value.cron !== undefined && value.everySeconds !== undefined) {
        ctx.addIssue({ code: "custom", message: "give cron or everySeconds, not both" });
      }
      if (value.everySeconds !== undefined && everySecondsToCron(value.everySeconds) === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["everySeconds"],
          message: `${value.everySeconds} does not divide a minute, an hour or a day evenly; use a cron expression`,
        });
      }
    })
    .transform(({ everySeconds, cron, ...rest }) => ({
      ...rest,
      cron:
        cron ??
        (everySeconds === undefined ? undefined : everySecondsToCron(everySeconds)) ??
        defaults.cron ??
        everySecondsToCron(defaults.everySeconds ?? 3600) ??
        "0 * * * *",
    }))
    .prefault({});
}

/**
 * What `cpwoo run` schedules (`schedules` in cpwoo.config.json): one entry per job, plus the order workers and the
 * queue's timings. Every key has a default.
 */
export const schedulesSettingsSchema = z
  .strictObject({
    /** IANA time zone cron expressions are read in; default the host's. */
    timezone: z.string().min(1).optional(),
    /** The reconciliation poll of web orders (webhooks bring orders sooner). */
    ordersPoll: jobSchedule({ everySeconds: 120, leaseSeconds: 300 }),
    /** Available-to-sell of changed items → the web. */
    stock: jobSchedule({ everySeconds: 15, leaseSeconds: 300 }),
    /** Prices, sale prices and tier meta of changed items → the web. */
    prices: jobSchedule({ everySeconds: 900, leaseSeconds: 1800 }),
    /** Products (content, stock, price) of changed items → the web. */
    catalog: jobSchedule({ everySeconds: 6 * 3600, leaseSeconds: 3 * 3600 }),
    /** Web customers → Counterpoint, then e-commerce customers → the web. */
    customers: jobSchedule({ everySeconds: 3600, leaseSeconds: 3600 }),
    /** Shipments in Counterpoint → the web orders. */
    fulfilment: jobSchedule({ everySeconds: 300, leaseSeconds: 900 }),
    /** Every item's product, stock and price, whatever was pushed before (repairs drift). 03:00 by default. */
    fullReconcile: jobSchedule({ cron: "0 3 * * *", leaseSeconds: 6 * 3600 }),
    /** Order workers in this process (each claims its own batches of due orders). */
    orderWorkers: z.number().int().min(1).max(16).default(1),
    /** How long an order claim lasts; a killed worker's orders are picked up after it (sooner on a restart). */
    orderLeaseSeconds: z.number().int().min(2).max(3600).default(120),
    /** How often idle job workers look for due jobs (pg-boss: at least 500). */
    queuePollMs: z.number().int().min(50).max(60_000).default(1000),
    /** How often schedules are checked. */
    schedulerTickMs: z.number().int().min(50).max(60_000).default(1000),
    /** pg-boss: how often expired leases are noticed. */
    leaseCheckSeconds: z.number().int().min(1).max(600).default(30),
    /** On SIGTERM, how long running jobs may take to finish before they are given back to the queue. */
    shutdownGraceSeconds: z.number().int().min(0).max(600).default(20),
  })
  .prefault({});

export type SchedulesSettings = z.output<typeof schedulesSettingsSchema>;
export type JobScheduleSettings = SchedulesSettings["stock"];
