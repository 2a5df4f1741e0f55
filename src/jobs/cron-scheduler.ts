import type { Cron } from "croner";
import { isoTime, parseIsoTime, type StateDb } from "../store/index.js";
import { dueSlot, parseCron } from "./cron-slots.js";
import { asError, type JobQueueEvent } from "./job-events.js";
import type { EnqueueResult } from "./job-queue.js";

export interface ScheduleSpec {
  /** Unique name; the schedule's state row is keyed by it. */
  name: string;
  cron: string;
  timezone?: string;
  job: string;
  payload: Record<string, unknown>;
}

interface ActiveSchedule {
  spec: ScheduleSpec;
  cron: Cron;
  /** Cached: no database read before this time. */
  nextCheck: number;
}

export interface CronSchedulerOptions {
  db: StateDb;
  schedules: readonly ScheduleSpec[];
  /** Enqueues the schedule's job inside the transaction that records the fire. */
  fire(spec: ScheduleSpec, slot: Date, trx: StateDb): Promise<EnqueueResult>;
  now(): number;
  tickMs: number;
  emit(event: JobQueueEvent): void;
}

/**
 * Fires cron schedules from the state database. Each schedule's row remembers the last slot fired; a fire
 * advances it with compare-and-set in the same transaction that enqueues the job, so across restarts and
 * across processes sharing the database every slot fires at most once, and after downtime the missed slots
 * fire once (the latest of them), not never and not many times.
 */
export class CronScheduler {
  readonly #options: CronSchedulerOptions;
  readonly #active: ActiveSchedule[];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(options: CronSchedulerOptions) {
    this.#options = options;
    this.#active = options.schedules.map((spec) => ({
      spec,
      cron: parseCron(spec.name, spec.cron, spec.timezone),
      nextCheck: 0,
    }));
  }

  async start(): Promise<void> {
    if (this.#active.length === 0 || !this.#stopped) return;
    await this.#register();
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One pass over the schedules (exposed for tests that drive time themselves). */
  async tick(): Promise<void> {
    const now = this.#options.now();
    for (const schedule of this.#active) {
      if (now < schedule.nextCheck) continue;
      try {
        await this.#fireIfDue(schedule, now);
      } catch (err) {
        schedule.nextCheck = 0;
        this.#options.emit({ type: "error", source: `schedule "${schedule.spec.name}"`, error: asError(err) });
      }
    }
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.tick()
        .catch((err: unknown) => this.#options.emit({ type: "error", source: "scheduler", error: asError(err) }))
        .finally(() => {
          this.#running = undefined;
          this.#schedule(this.#options.tickMs);
        });
    }, delay);
  }

  async #register(): Promise<void> {
    const now = isoTime(this.#options.now());
    for (const { spec } of this.#active) {
      await this.#options.db
        .insertInto("job_schedules")
        .values({
          name: spec.name,
          cron: spec.cron,
          timezone: spec.timezone ?? null,
          job_name: spec.job,
          last_slot: null,
          registered_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column("name").doUpdateSet({ cron: spec.cron, timezone: spec.timezone ?? null, job_name: spec.job }),
        )
        .execute();
    }
  }

  async #fireIfDue(schedule: ActiveSchedule, now: number): Promise<void> {
    const { spec, cron } = schedule;
    const fired = await this.#options.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("job_schedules")
        .select(["last_slot", "registered_at"])
        .where("name", "=", spec.name)
        .executeTakeFirst();
      if (!row) throw new Error("its row disappeared from job_schedules");
      const after = parseIsoTime(row.last_slot ?? row.registered_at);
      const slot = dueSlot(cron, after, new Date(now));
      if (!slot) {
        schedule.nextCheck = cron.nextRun(after)?.getTime() ?? Number.POSITIVE_INFINITY;
        return undefined;
      }
      let claim = trx
        .updateTable("job_schedules")
        .set({ last_slot: isoTime(slot), updated_at: isoTime(now) })
        .where("name", "=", spec.name);
      claim =
        row.last_slot === null ? claim.where("last_slot", "is", null) : claim.where("last_slot", "=", row.last_slot);
      const claimed = await claim.executeTakeFirst();
      // Another process fired this slot first.
      if (Number(claimed.numUpdatedRows) === 0) return undefined;
      const result = await this.#options.fire(spec, slot, trx);
      schedule.nextCheck = cron.nextRun(slot)?.getTime() ?? Number.POSITIVE_INFINITY;
      return { slot, result };
    });
    if (fired) {
      this.#options.emit({
        type: "schedule-fired",
        schedule: spec.name,
        job: spec.job,
        slot: fired.slot,
        duplicate: !fired.result.queued,
        ...(fired.result.queued ? { jobId: fired.result.id } : {}),
      });
    }
  }
}
