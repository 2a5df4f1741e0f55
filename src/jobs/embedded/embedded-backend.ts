import { randomUUID } from "node:crypto";
import type { StateDb } from "../../store/index.js";
import { asError, type JobQueueEvent } from "../job-events.js";
import type { JobSnapshot, QueueCapabilities } from "../job-queue.js";
import type { JobExecution, NewJob, QueueBackend, RunClaimedJob, WorkerSpec } from "../queue-backend.js";
import { claimNextJob, type JobRow } from "./claim-next-job.js";
import { insertJob } from "./insert-job.js";
import { pruneCompletedJobs } from "./prune-jobs.js";
import { readJob } from "./read-job.js";
import { completeJob, expireLeases, failJobAttempt, releaseJob } from "./settle-job.js";

export interface EmbeddedBackendOptions {
  db: StateDb;
  /** How often idle workers look for due jobs and expired leases. */
  pollIntervalMs: number;
  now: () => number;
  emit: (event: JobQueueEvent) => void;
  random?: () => number;
}

/** Completed jobs are kept this long (as pg-boss does by default), then pruned. */
const completedRetentionMs = 7 * 24 * 3600_000;
const pruneEveryMs = 10 * 60_000;

interface InFlight {
  name: string;
  attempt: number;
  token: string;
  abort: AbortController;
  done: Promise<void>;
  released: boolean;
}

/**
 * The job queue inside the state database: one polling loop per process claims jobs with a
 * compare-and-set, runs them, and settles them fenced by the claim token, so a worker that lost its lease
 * can never overwrite the outcome of the attempt that replaced it.
 */
export class EmbeddedBackend implements QueueBackend {
  readonly kind = "embedded";
  readonly capabilities: QueueCapabilities;
  readonly #options: EmbeddedBackendOptions;
  readonly #inFlight = new Map<string, InFlight>();
  #workers: readonly WorkerSpec[] = [];
  #run: RunClaimedJob | undefined;
  #timer: NodeJS.Timeout | undefined;
  #pumping: Promise<void> | undefined;
  #pumpAgain = false;
  #running = false;
  #lastPrune = 0;

  constructor(options: EmbeddedBackendOptions) {
    this.#options = options;
    this.capabilities = {
      backoffResolutionMs: 1,
      leaseCheckIntervalMs: options.pollIntervalMs,
      releaseKeepsAttempt: true,
    };
  }

  async insert(job: NewJob, db?: StateDb): Promise<string | undefined> {
    const id = await insertJob(db ?? this.#options.db, job, new Date(this.#options.now()));
    // Inside a caller's transaction the row is not visible yet; the next poll will find it.
    if (id !== undefined && db === undefined) this.#wake();
    return id;
  }

  startWorkers(workers: readonly WorkerSpec[], run: RunClaimedJob): Promise<void> {
    this.#workers = workers;
    this.#run = run;
    this.#running = true;
    this.#wake();
    return Promise.resolve();
  }

  async stop(timeoutMs: number): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#pumping;
    const pending = [...this.#inFlight.values()];
    if (pending.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.allSettled(pending.map((p) => p.done)), deadline]);
      clearTimeout(timer);
    }
    for (const [id, job] of this.#inFlight) {
      job.released = true;
      job.abort.abort(new Error("the queue stopped before this job finished"));
      try {
        if (await releaseJob(this.#options.db, id, job.token, new Date(this.#options.now()))) {
          this.#options.emit({ type: "job-released", name: job.name, id, attempt: job.attempt });
        }
      } catch (err) {
        this.#options.emit({ type: "error", source: `releasing job ${id}`, error: asError(err) });
      }
    }
    this.#inFlight.clear();
  }

  getJob(name: string, id: string): Promise<JobSnapshot | undefined> {
    return readJob(this.#options.db, name, id);
  }

  #wake(): void {
    if (!this.#running) return;
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pumping = this.#pump().finally(() => {
      this.#pumping = undefined;
      if (!this.#running) return;
      if (this.#pumpAgain) {
        this.#pumpAgain = false;
        this.#wake();
      } else {
        this.#timer = setTimeout(() => this.#wake(), this.#options.pollIntervalMs);
      }
    });
  }

  async #pump(): Promise<void> {
    try {
      const now = () => new Date(this.#options.now());
      if (now().getTime() - this.#lastPrune > pruneEveryMs) {
        this.#lastPrune = now().getTime();
        await pruneCompletedJobs(this.#options.db, new Date(this.#lastPrune - completedRetentionMs));
      }
      for (const expired of await expireLeases(this.#options.db, now(), this.#options.random)) {
        this.#reportFailure(expired.id, expired.error, expired);
      }
      while (this.#running && this.#run) {
        const busy = new Map<string, number>();
        for (const job of this.#inFlight.values()) busy.set(job.name, (busy.get(job.name) ?? 0) + 1);
        const free = this.#workers.filter((w) => (busy.get(w.name) ?? 0) < w.concurrency).map((w) => w.name);
        const token = randomUUID();
        const row = await claimNextJob(this.#options.db, free, token, now());
        if (!row) break;
        this.#launch(row, token, this.#run);
      }
    } catch (err) {
      this.#options.emit({ type: "error", source: "embedded queue poll", error: asError(err) });
    }
  }

  #launch(row: JobRow, token: string, run: RunClaimedJob): void {
    const abort = new AbortController();
    const attempt = Number(row.attempts);
    const started = this.#options.now();
    const leaseMs = row.lease_expires_at ? Date.parse(row.lease_expires_at) - started : 0;
    const leaseTimer = setTimeout(() => abort.abort(new Error("the job's lease expired")), Math.max(0, leaseMs));
    leaseTimer.unref();
    const entry: InFlight = { name: row.name, attempt, token, abort, released: false, done: Promise.resolve() };
    entry.done = (async () => {
      let execution: JobExecution;
      try {
        execution = await run({
          id: row.id,
          name: row.name,
          payload: JSON.parse(row.payload) as unknown,
          attempt,
          maxAttempts: Number(row.retry_limit) + 1,
          signal: abort.signal,
        });
      } catch (err) {
        // The run log itself failed (e.g. the database went away): count it as a failed attempt.
        execution = { status: "failed", error: asError(err).message };
      }
      if (entry.released) return;
      await this.#settle(row, token, execution, this.#options.now() - started);
    })()
      .catch((err: unknown) => this.#options.emit({ type: "error", source: `job ${row.id}`, error: asError(err) }))
      .finally(() => {
        clearTimeout(leaseTimer);
        if (this.#inFlight.get(row.id)?.token === token) this.#inFlight.delete(row.id);
        this.#wake();
      });
    this.#inFlight.set(row.id, entry);
  }

  async #settle(row: JobRow, token: string, execution: JobExecution, durationMs: number): Promise<void> {
    const now = new Date(this.#options.now());
    const attempt = Number(row.attempts);
    if (execution.status === "completed") {
      if (await completeJob(this.#options.db, row.id, token, now)) {
        this.#options.emit({ type: "job-completed", name: row.name, id: row.id, attempt, durationMs });
      } else {
        this.#lostClaim(row);
      }
      return;
    }
    const failed = await failJobAttempt(this.#options.db, {
      id: row.id,
      token,
      error: execution.error,
      now,
      final: execution.status === "invalid",
      ...(this.#options.random ? { random: this.#options.random } : {}),
    });
    if (failed) this.#reportFailure(row.id, execution.error, failed);
    else this.#lostClaim(row);
  }

  #reportFailure(
    id: string,
    error: string,
    failed:
      | { outcome: "retry"; name: string; attempt: number; retryAt: Date }
      | { outcome: "dead"; name: string; attempt: number; deadLetterId: number },
  ): void {
    const base = { type: "job-failed" as const, name: failed.name, id, attempt: failed.attempt, error };
    if (failed.outcome === "retry") {
      this.#options.emit({ ...base, willRetry: true, retryAt: failed.retryAt });
    } else {
      this.#options.emit({ ...base, willRetry: false });
      this.#options.emit({ type: "job-dead", name: failed.name, id, deadLetterId: failed.deadLetterId, error });
    }
  }

  #lostClaim(row: JobRow): void {
    this.#options.emit({
      type: "error",
      source: `job ${row.name} ${row.id}`,
      error: new Error(`attempt ${row.attempts} finished after its lease expired; its result was discarded`),
    });
  }
}
