import { z } from "zod";

const minutes = (fallback: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(fallback);
const count = (fallback: number) => z.number().int().min(1).max(1_000_000).default(fallback);

/** Where alert mails go and how they are sent. Alerts are off while `to` is empty or `smtp.host` is unset. */
const alertsSchema = z
  .strictObject({
    to: z.array(z.email()).default([]),
    /** Sender address; default: the first recipient. */
    from: z.email().optional(),
    subjectPrefix: z.string().max(40).default("[cpwoo]"),
    /**
     * While a problem lasts, at most one mail per window (a reminder); a new problem inside the window waits for it to
     * end, so an outage that fails hundreds of runs sends one mail.
     */
    groupWindowMinutes: minutes(30),
    /** How often `cpwoo run` looks at health to decide on mails. */
    evaluateEverySeconds: z.number().int().min(1).max(3600).default(60),
    /** Reminder while an incident stays open; 0: never. */
    remindAfterHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .default(24),
    smtp: z
      .strictObject({
        host: z.string().min(1).optional(),
        port: z.number().int().min(1).max(65535).default(587),
        /** Implicit TLS from the first byte (port 465). Not STARTTLS. */
        secure: z.boolean().default(false),
        /** STARTTLS on a plain connection: `required` refuses a server without it; `off` never upgrades. */
        starttls: z.enum(["required", "opportunistic", "off"]).default("required"),
        user: z.string().min(1).optional(),
        password: z.string().min(1).optional(),
        /** PEM file of an extra CA to trust (an internal relay's own certificate). */
        caFile: z.string().min(1).optional(),
        timeoutMs: z.number().int().min(500).max(120_000).default(15_000),
      })
      .prefault({}),
  })
  .prefault({});

/** Settings of health, alerts and log files (`ops` in cpwoo.config.json). Every key has a default. */
export const opsSettingsSchema = z
  .strictObject({
    alerts: alertsSchema,
    logs: z
      .strictObject({
        /** Directory of the rotating JSON log files; null: stdout only. */
        dir: z.string().min(1).nullable().default("./data/logs"),
        /** A file is rotated once it reaches this size. */
        maxSizeMb: z.number().min(0.01).max(10_000).default(20),
        /** Rotated files kept besides the current one. */
        maxFiles: z.number().int().min(1).max(1000).default(5),
      })
      .prefault({}),
    health: z
      .strictObject({
        /** An order waiting in received, staged, retrying or created for this long is a warning, then critical. */
        oldestWaitingWarningMinutes: minutes(60),
        oldestWaitingCriticalMinutes: minutes(120),
        invalidWarningCount: count(1),
        invalidCriticalCount: count(10),
        deadWarningCount: count(1),
        deadCriticalCount: count(5),
        /** A scheduled job without a success for this many of its periods (plus the grace) is late. */
        jobLateWarningPeriods: z.number().min(1).max(1000).default(3),
        jobLateCriticalPeriods: z.number().min(1).max(1000).default(6),
        /** Added to every job's allowance, so a 15-second schedule is not late after one slow run. */
        jobLateGraceMinutes: z.number().min(0).max(1440).default(5),
        /** A job whose last N runs all failed is failing repeatedly: a warning, and an alert. */
        jobFailuresWarning: count(3),
        /** Reachability probes of WooCommerce and Counterpoint give up after this long. */
        probeTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
        /** `GET /health` on the daemon reuses one evaluation (with its probes) for this long. */
        cacheSeconds: z.number().min(0).max(300).default(5),
      })
      .prefault({}),
  })
  .prefault({});

export type OpsSettings = z.output<typeof opsSettingsSchema>;
