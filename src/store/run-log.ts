import { randomUUID } from "node:crypto";
import type { Selectable } from "kysely";
import { isoTime } from "./iso-time.js";
import type { StateDb } from "./state-db.js";
import type { RunLogTable } from "./state-tables.js";
import { StoreError } from "./store-error.js";

export const runStatuses = ["running", "succeeded", "failed", "abandoned"] as const;
export type RunStatus = (typeof runStatuses)[number];
export type RunCounts = Readonly<Record<string, number>>;

export interface RunRecord {
  runId: string;
  jobName: string;
  jobId: string | null;
  attempt: number | null;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  counts: RunCounts | null;
  error: string | null;
}

function toRunRecord(row: Selectable<RunLogTable>): RunRecord {
  const status = (runStatuses as readonly string[]).includes(row.status) ? (row.status as RunStatus) : "failed";
  return {
    runId: row.run_id,
    jobName: row.job_name,
    jobId: row.job_id,
    attempt: row.attempt === null ? null : Number(row.attempt),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status,
    counts: row.counts === null ? null : (JSON.parse(row.counts) as RunCounts),
    error: row.error,
  };
}

export interface StartRunInput {
  jobName: string;
  runId?: string;
  /** The queue job this run executes, if any, and which attempt it is. */
  jobId?: string;
  attempt?: number;
  at?: Date;
}

/** Writes a `running` row for a job run and returns its run id. Every job writes one (see finishRun). */
export async function startRun(db: StateDb, input: StartRunInput): Promise<string> {
  if (input.jobName.trim() === "") throw new StoreError("bad_value", "run log jobName: must not be empty");
  const runId = input.runId ?? randomUUID();
  await db
    .insertInto("run_log")
    .values({
      run_id: runId,
      job_name: input.jobName,
      job_id: input.jobId ?? null,
      attempt: input.attempt ?? null,
      started_at: isoTime(input.at ?? new Date()),
      status: "running",
    })
    .execute();
  return runId;
}

export interface FinishRunInput {
  status: "succeeded" | "failed" | "abandoned";
  counts?: RunCounts;
  error?: string;
  at?: Date;
}

/** Closes a running run. Returns false when the run is unknown or already finished (e.g. abandoned). */
export async function finishRun(db: StateDb, runId: string, input: FinishRunInput): Promise<boolean> {
  if (input.counts) {
    for (const [name, n] of Object.entries(input.counts)) {
      if (!Number.isFinite(n)) throw new StoreError("bad_value", `run ${runId} count "${name}": ${n} is not a number`);
    }
  }
  const result = await db
    .updateTable("run_log")
    .set({
      status: input.status,
      finished_at: isoTime(input.at ?? new Date()),
      counts: input.counts ? JSON.stringify(input.counts) : null,
      error: input.error ?? null,
    })
    .where("run_id", "=", runId)
    .where("status", "=", "running")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Marks still-running runs of a queue job as abandoned (its worker died or lost the lease); with
 * `beforeAttempt`, only earlier attempts. Returns how many rows changed.
 */
export async function abandonRuns(
  db: StateDb,
  jobId: string,
  options: { beforeAttempt?: number; error?: string; at?: Date } = {},
): Promise<number> {
  let q = db
    .updateTable("run_log")
    .set({
      status: "abandoned",
      finished_at: isoTime(options.at ?? new Date()),
      error: options.error ?? "the worker stopped before the run finished",
    })
    .where("job_id", "=", jobId)
    .where("status", "=", "running");
  if (options.beforeAttempt !== undefined) q = q.where("attempt", "<", options.beforeAttempt);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findRun(db: StateDb, runId: string): Promise<RunRecord | undefined> {
  const row = await db.selectFrom("run_log").selectAll().where("run_id", "=", runId).executeTakeFirst();
  return row && toRunRecord(row);
}

/** Recent runs, newest first. */
export async function listRuns(
  db: StateDb,
  query: { jobName?: string; jobId?: string; limit?: number } = {},
): Promise<RunRecord[]> {
  let q = db.selectFrom("run_log").selectAll();
  if (query.jobName !== undefined) q = q.where("job_name", "=", query.jobName);
  if (query.jobId !== undefined) q = q.where("job_id", "=", query.jobId);
  const rows = await q
    .orderBy("started_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit ?? 100)
    .execute();
  return rows.map(toRunRecord);
}

/** The newest run of every job name: what health checks look at. */
export async function latestRunPerJob(db: StateDb): Promise<RunRecord[]> {
  const rows = await db
    .selectFrom("run_log as r")
    .selectAll("r")
    .where("r.id", "in", (eb) =>
      eb
        .selectFrom("run_log")
        .select((e) => e.fn.max("id").as("id"))
        .groupBy("job_name"),
    )
    .orderBy("r.job_name")
    .execute();
  return rows.map(toRunRecord);
}
