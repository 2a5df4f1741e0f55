import { fromKysely, type JobResult, PgBoss } from "pg-boss";
import { abandonRuns, inTransaction, recordDeadLetter, type StateDb } from "../../store/index.js";
import { asError, type JobQueueEvent } from "../job-events.js";
import { JobConfigError } from "../job-options.js";
import type { JobSnapshot, QueueCapabilities } from "../job-queue.js";
import type { JobExecution, NewJob, QueueBackend, RunClaimedJob, WorkerSpec } from "../queue-backend.js";
import { deadLetterQueue, outputMessage, toSendOptions, toSnapshot } from "./pg-boss-mapping.js";

export interface PgBossBackendOptions {
  /** The state store (PostgreSQL): the run log and dead letters are written there. */
  db: StateDb;
  /** Connection string of the same database; pg-boss keeps its own pool. */
  connectionString: string;
  schema: string;
  jobNames: readonly string[];
  pollIntervalMs: number;
  superviseIntervalSeconds: number;
  maxConnections: number;
  emit: (event: JobQueueEvent) => void;
}

/**
 * Jobs in pg-boss (PostgreSQL, many workers on many machines), mapped onto pg-boss features:
 * - one `exclusive` queue per job name: at most one queued-or-active job per singleton key;
 * - retries: `retryLimit`, `retryDelay` + `retryBackoff` + `retryDelayMax` (the same formula as
 *   `retryDelayMs`, but in whole seconds: delays are rounded up to the second);
 * - lease: `expireInSeconds`. pg-boss's worker also stops waiting for a handler at that point; a dead
 *   worker's job is failed by pg-boss's supervisor, which runs every `superviseIntervalSeconds`;
 * - dead letters: a shared pg-boss dead-letter queue, drained by a worker into cpwoo's `dead_letters`
 *   table (so `job-dead` arrives a poll after the last failure);
 * - payload checks, the run log and cron stay in cpwoo's shared code (pg-boss's own scheduler is unused,
 *   so both adapters fire schedules the same way from the state database).
 * Differences from the embedded queue, all visible in `capabilities`: `stop()` fails jobs that outlast its
 * timeout (an attempt is used, backoff applies) instead of releasing them, and waits at least 1 s;
 * the adapter settles each attempt itself (fenced `complete`/`fail`), so events follow the stored outcome.
 */
/** Whether a fenced complete/fail changed the job (pg-boss types the response as `{}`). */
function settled(response: object): boolean {
  return Number((response as { affected?: unknown }).affected ?? 0) > 0;
}

export class PgBossBackend implements QueueBackend {
  readonly kind = "pg-boss";
  readonly capabilities: QueueCapabilities;
  readonly #options: PgBossBackendOptions;
  #boss: PgBoss | undefined;
  #ready: Promise<PgBoss> | undefined;

  constructor(options: PgBossBackendOptions) {
    if (options.pollIntervalMs < 500) throw new JobConfigError("pg-boss pollIntervalMs: at least 500 ms");
    this.#options = options;
    this.capabilities = {
      backoffResolutionMs: 1000,
      leaseCheckIntervalMs: options.superviseIntervalSeconds * 1000,
      releaseKeepsAttempt: false,
    };
  }

  /** Starts pg-boss (installing or migrating its schema) and creates the queues, once. */
  #open(): Promise<PgBoss> {
    this.#ready ??= (async () => {
      const o = this.#options;
      const boss = new PgBoss({
        connectionString: o.connectionString,
        schema: o.schema,
        max: o.maxConnections,
        application_name: "cpwoo",
        schedule: false,
        supervise: true,
        superviseIntervalSeconds: o.superviseIntervalSeconds,
        monitorIntervalSeconds: o.superviseIntervalSeconds,
      });
      boss.on("error", (error) => o.emit({ type: "error", source: "pg-boss", error: asError(error) }));
      this.#boss = boss;
      try {
        await boss.start();
        await boss.createQueue(deadLetterQueue, {
          policy: "standard",
          retryLimit: 20,
          retryDelay: 5,
          retryBackoff: true,
          retryDelayMax: 600,
          retentionSeconds: 365 * 24 * 3600,
        });
        for (const name of o.jobNames) {
          await boss.createQueue(name, { policy: "exclusive", deadLetter: deadLetterQueue });
          const queue = await boss.getQueue(name);
          if (queue?.policy !== "exclusive") {
            throw new JobConfigError(
              `pg-boss queue "${name}" has policy "${queue?.policy}"; cpwoo needs "exclusive" (singleton keys)`,
            );
          }
        }
      } catch (err) {
        this.#ready = undefined;
        this.#boss = undefined;
        await boss.stop({ graceful: false }).catch(() => {});
        throw err;
      }
      return boss;
    })();
    return this.#ready;
  }

  async insert(job: NewJob, db?: StateDb): Promise<string | undefined> {
    const boss = await this.#open();
    const { options } = toSendOptions(job);
    if (db !== undefined) options.db = fromKysely(db);
    const id = await boss.send(job.name, job.payload, options);
    return id ?? undefined;
  }

  async startWorkers(workers: readonly WorkerSpec[], run: RunClaimedJob): Promise<void> {
    const boss = await this.#open();
    const pollingIntervalSeconds = this.#options.pollIntervalMs / 1000;
    for (const worker of workers) {
      await boss.work<
        Record<string, unknown>,
        unknown,
        {
          batchSize: 1;
          includeMetadata: true;
          perJobResults: true;
          localConcurrency: number;
          pollingIntervalSeconds: number;
        }
      >(
        worker.name,
        {
          batchSize: 1,
          includeMetadata: true,
          perJobResults: true,
          localConcurrency: worker.concurrency,
          pollingIntervalSeconds,
        },
        async (jobs) => {
          const results: JobResult[] = [];
          for (const job of jobs) results.push(await this.#runOne(boss, worker.name, job, run));
          return results;
        },
      );
    }
    await boss.work(deadLetterQueue, { batchSize: 10, includeMetadata: true, pollingIntervalSeconds }, async (jobs) => {
      try {
        for (const job of jobs) await this.#recordDeadLetter(job);
      } catch (err) {
        // pg-boss retries the batch; say why meanwhile.
        this.#options.emit({ type: "error", source: "recording dead letters", error: asError(err) });
        throw err;
      }
    });
  }

  /**
   * Runs one claimed job and settles it here, fenced to this attempt, so events are emitted after pg-boss
   * has stored the outcome; the disposition returned to pg-boss then finds nothing left to settle.
   */
  async #runOne(
    boss: PgBoss,
    name: string,
    job: { id: string; data: Record<string, unknown>; retryCount: number; retryLimit: number; signal: AbortSignal },
    run: RunClaimedJob,
  ): Promise<JobResult> {
    const emit = this.#options.emit;
    const started = Date.now();
    const attempt = job.retryCount + 1;
    const claim = { id: job.id, retryCount: job.retryCount };
    let execution: JobExecution;
    try {
      execution = await run({
        id: job.id,
        name,
        payload: job.data,
        attempt,
        maxAttempts: job.retryLimit + 1,
        signal: job.signal,
      });
    } catch (err) {
      execution = { status: "failed", error: asError(err).message };
    }
    const lostClaim = () =>
      emit({
        type: "error",
        source: `job ${name} ${job.id}`,
        error: new Error(`attempt ${attempt} finished after its lease expired; its result was discarded`),
      });
    if (execution.status === "completed") {
      const output = execution.counts ? { counts: execution.counts } : {};
      if (settled(await boss.complete(name, claim, output))) {
        emit({ type: "job-completed", name, id: job.id, attempt, durationMs: Date.now() - started });
      } else lostClaim();
      return { id: job.id, status: "completed", output };
    }
    const output = { message: execution.error };
    if (execution.status === "invalid") {
      // No public call fails a job terminally; pg-boss does it with this disposition once we return.
      emit({ type: "job-failed", name, id: job.id, attempt, error: execution.error, willRetry: false });
      return { id: job.id, status: "deadletter", output };
    }
    if (settled(await boss.fail(name, claim, output))) {
      const willRetry = job.retryCount < job.retryLimit;
      emit({ type: "job-failed", name, id: job.id, attempt, error: execution.error, willRetry });
    } else lostClaim();
    return { id: job.id, status: "failed", output };
  }

  async #recordDeadLetter(job: {
    id: string;
    data: unknown;
    sourceName: string | null;
    sourceId: string | null;
    sourceRetryCount: number | null;
    sourceOutput: object | null;
  }): Promise<void> {
    const jobName = job.sourceName ?? deadLetterQueue;
    const jobId = job.sourceId ?? job.id;
    const error = outputMessage(job.sourceOutput);
    const letter = await inTransaction(this.#options.db, async (trx) => {
      await abandonRuns(trx, jobId, { error });
      return recordDeadLetter(trx, {
        jobName,
        jobId,
        payload: job.data,
        error,
        attempts: (job.sourceRetryCount ?? 0) + 1,
        // The same work failing again (a scheduled job, slot after slot) keeps one open dead letter.
        collapse: true,
      });
    });
    if (letter.inserted) {
      this.#options.emit({ type: "job-dead", name: jobName, id: jobId, deadLetterId: letter.id, error });
    }
  }

  async stop(timeoutMs: number): Promise<void> {
    const ready = this.#ready;
    this.#ready = undefined;
    if (!ready) return;
    const boss = await ready.catch(() => undefined);
    this.#boss = undefined;
    // Waits for running handlers up to the timeout (pg-boss's minimum is 1 s), then fails the rest so they
    // are retried: that uses an attempt, unlike the embedded queue's release.
    await boss?.stop({ graceful: true, timeout: Math.max(1000, timeoutMs), close: true });
  }

  async getJob(name: string, id: string): Promise<JobSnapshot | undefined> {
    const boss = await this.#open();
    const [job] = await boss.findJobs<unknown>(name, { id });
    return job && toSnapshot(job);
  }
}
