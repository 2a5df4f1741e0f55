import { findDeadLetter, inTransaction, resolveDeadLetter, type StateDb, StoreError } from "../store/index.js";
import { CronScheduler, type ScheduleSpec } from "./cron-scheduler.js";
import { parseCron } from "./cron-slots.js";
import { executeJob } from "./execute-job.js";
import { findJobDefinition, type JobName, type JobPayload, type JobRegistry } from "./job-definition.js";
import { emitter, type JobQueueListener } from "./job-events.js";
import { checkJobName, JobConfigError, type JobOptionOverrides, resolveJobOptions } from "./job-options.js";
import { parseJobPayload } from "./job-payload.js";
import type { EnqueueOptions, EnqueueResult, JobQueue } from "./job-queue.js";
import type { QueueBackend } from "./queue-backend.js";

/** A cron schedule for one registered job, with a payload typed for that job. */
export type ScheduleDefinition<R extends JobRegistry> = {
  [N in JobName<R>]: {
    /** Unique; the fire history is kept under this name. */
    name: string;
    /** 5 fields (minute precision) or 6 (with seconds), croner syntax. */
    cron: string;
    /** IANA zone the expression is read in; default the host's zone. */
    timezone?: string;
    job: N;
    payload: JobPayload<R, N>;
  };
}[JobName<R>];

export interface JobQueueOptions<R extends JobRegistry> {
  /** The state store's database (the scheduler and the run log live there). */
  db: StateDb;
  registry: R;
  schedules?: readonly ScheduleDefinition<R>[];
  /** Events (job outcomes, schedule fires, background errors). Default: errors to stderr. */
  onEvent?: JobQueueListener;
  /** How often schedules are checked. Default 1000 ms. */
  schedulerTickMs?: number;
  /** Time source for schedules, start-after times and the embedded queue's leases (tests). Default Date.now. */
  now?: () => number;
}

function asObject(payload: unknown): Record<string, unknown> {
  // parseJobPayload has already refused anything else.
  return payload as Record<string, unknown>;
}

/** Builds the typed `JobQueue` on top of an adapter's backend. Checks the registry and schedules first. */
export function createJobQueue<R extends JobRegistry>(backend: QueueBackend, options: JobQueueOptions<R>): JobQueue<R> {
  const { db, registry } = options;
  const emit = emitter(options.onEvent);
  const now = options.now ?? Date.now;
  for (const [name, definition] of Object.entries(registry)) {
    checkJobName(name);
    resolveJobOptions(name, definition);
  }
  const names = new Set<string>();
  const schedules: ScheduleSpec[] = (options.schedules ?? []).map((s) => {
    if (names.has(s.name)) throw new JobConfigError(`schedule "${s.name}": defined twice`);
    names.add(s.name);
    const definition = findJobDefinition(registry, s.job);
    if (!definition) throw new JobConfigError(`schedule "${s.name}": job "${s.job}" is not registered`);
    parseCron(s.name, s.cron, s.timezone);
    parseJobPayload(s.job, definition.payload, s.payload);
    return {
      name: s.name,
      cron: s.cron,
      job: s.job,
      payload: asObject(s.payload),
      ...(s.timezone === undefined ? {} : { timezone: s.timezone }),
    };
  });

  async function insert(
    name: string,
    payload: unknown,
    enqueue: EnqueueOptions,
    trx?: StateDb,
  ): Promise<EnqueueResult> {
    const definition = findJobDefinition(registry, name);
    if (!definition) throw new JobConfigError(`job "${name}" is not registered`);
    const parsed = parseJobPayload(name, definition.payload, payload);
    const overrides: JobOptionOverrides = {};
    if (enqueue.retryLimit !== undefined) overrides.retryLimit = enqueue.retryLimit;
    if (enqueue.backoff !== undefined) overrides.backoff = enqueue.backoff;
    if (enqueue.leaseSeconds !== undefined) overrides.leaseSeconds = enqueue.leaseSeconds;
    if (enqueue.priority !== undefined) overrides.priority = enqueue.priority;
    const { concurrency: _, ...resolved } = resolveJobOptions(name, definition, overrides);
    const singletonKey = enqueue.singletonKey ?? definition.singletonKey?.(parsed);
    if (singletonKey !== undefined && singletonKey.trim() === "") {
      throw new JobConfigError(`job "${name}": singleton key must not be empty`);
    }
    const start = enqueue.startAfter;
    const runAfter =
      start === undefined ? new Date(now()) : typeof start === "number" ? new Date(now() + start) : start;
    const id = await backend.insert(
      { name, payload: asObject(payload), options: resolved, singletonKey, runAfter },
      trx ?? enqueue.transaction,
    );
    if (id === undefined) return { queued: false, reason: "singleton", singletonKey: singletonKey ?? "" };
    return { queued: true, id };
  }

  const scheduler = new CronScheduler({
    db,
    schedules,
    now,
    tickMs: options.schedulerTickMs ?? 1000,
    emit,
    fire: (spec, _slot, trx) => insert(spec.job, spec.payload, {}, trx),
  });
  let started = false;

  return {
    backend: backend.kind,
    capabilities: backend.capabilities,
    enqueue<N extends JobName<R>>(name: N, payload: JobPayload<R, N>, enqueue: EnqueueOptions = {}) {
      return insert(name, payload, enqueue);
    },
    async start() {
      if (started) return;
      started = true;
      const workers = Object.entries(registry).map(([name, definition]) => ({
        name,
        concurrency: resolveJobOptions(name, definition).concurrency,
      }));
      await backend.startWorkers(workers, (job) => executeJob(db, registry, job));
      await scheduler.start();
    },
    async stop(stopOptions = {}) {
      await scheduler.stop();
      await backend.stop(stopOptions.timeoutMs ?? 30_000);
      started = false;
    },
    getJob(name, id) {
      return backend.getJob(name, id);
    },
    async retryDeadLetter(deadLetterId) {
      return inTransaction(db, async (trx) => {
        const letter = await findDeadLetter(trx, deadLetterId);
        if (!letter) throw new StoreError("not_found", `dead letter ${deadLetterId}: not found`);
        if (letter.resolution !== null) {
          throw new StoreError(
            "already_resolved",
            `dead letter ${deadLetterId}: already resolved (${letter.resolution})`,
          );
        }
        const result = await insert(letter.jobName, letter.payload, {}, trx);
        if (result.queued) {
          await resolveDeadLetter(trx, deadLetterId, { resolution: "retried", retryJobId: result.id });
        }
        return result;
      });
    },
  };
}
