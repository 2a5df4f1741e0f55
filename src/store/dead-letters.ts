import type { Selectable } from "kysely";
import { isoTime } from "./iso-time.js";
import { type StateDb, inTransaction } from "./state-db.js";
import type { DeadLettersTable } from "./state-tables.js";
import { StoreError } from "./store-error.js";

export const deadLetterResolutions = ["retried", "skipped", "rolled_back"] as const;
export type DeadLetterResolution = (typeof deadLetterResolutions)[number];

export interface DeadLetter {
  id: number;
  jobName: string;
  jobId: string | null;
  payload: unknown;
  error: string;
  attempts: number;
  createdAt: string;
  resolution: DeadLetterResolution | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  /** For `retried`: the id of the new job. */
  retryJobId: string | null;
}

function toDeadLetter(row: Selectable<DeadLettersTable>): DeadLetter {
  return {
    id: Number(row.id),
    jobName: row.job_name,
    jobId: row.job_id,
    payload: JSON.parse(row.payload) as unknown,
    error: row.error,
    attempts: Number(row.attempts),
    createdAt: row.created_at,
    resolution: row.resolution as DeadLetterResolution | null,
    resolvedAt: row.resolved_at,
    resolutionNote: row.resolution_note,
    retryJobId: row.retry_job_id,
  };
}

export interface NewDeadLetter {
  jobName: string;
  /** The failed job's id: recording the same job twice keeps the first row. */
  jobId?: string;
  payload: unknown;
  error: string;
  attempts: number;
  at?: Date;
  /**
   * Fold into an open (unresolved) dead letter of the same job and payload instead of adding one: a scheduled job
   * that fails every slot then keeps one letter, with its newest job id and error and the attempts summed.
   */
  collapse?: boolean;
}

/**
 * Keeps a job that exhausted its retries, with its payload and last error. Idempotent per job id; with `collapse`,
 * one open letter per job and payload (`inserted` false when folded in).
 */
export async function recordDeadLetter(db: StateDb, letter: NewDeadLetter): Promise<{ id: number; inserted: boolean }> {
  const payload = JSON.stringify(letter.payload ?? null);
  return inTransaction(db, async (trx) => {
    if (letter.jobId !== undefined) {
      const existing = await trx
        .selectFrom("dead_letters")
        .select("id")
        .where("job_id", "=", letter.jobId)
        .executeTakeFirst();
      if (existing) return { id: Number(existing.id), inserted: false };
    }
    if (letter.collapse) {
      const open = await trx
        .selectFrom("dead_letters")
        .select("id")
        .where("job_name", "=", letter.jobName)
        .where("payload", "=", payload)
        .where("resolution", "is", null)
        .orderBy("id")
        .limit(1)
        .executeTakeFirst();
      if (open) {
        await trx
          .updateTable("dead_letters")
          .set((eb) => ({
            ...(letter.jobId === undefined ? {} : { job_id: letter.jobId }),
            error: letter.error,
            attempts: eb("attempts", "+", letter.attempts),
          }))
          .where("id", "=", open.id)
          .execute();
        return { id: Number(open.id), inserted: false };
      }
    }
    const row = await trx
      .insertInto("dead_letters")
      .values({
        job_name: letter.jobName,
        job_id: letter.jobId ?? null,
        payload,
        error: letter.error,
        attempts: letter.attempts,
        created_at: isoTime(letter.at ?? new Date()),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), inserted: true };
  });
}

export async function findDeadLetter(db: StateDb, id: number): Promise<DeadLetter | undefined> {
  const row = await db.selectFrom("dead_letters").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toDeadLetter(row);
}

/** Dead letters, oldest first; by default only the unresolved ones. */
export async function listDeadLetters(
  db: StateDb,
  query: { includeResolved?: boolean; jobName?: string; limit?: number } = {},
): Promise<DeadLetter[]> {
  let q = db.selectFrom("dead_letters").selectAll();
  if (!query.includeResolved) q = q.where("resolution", "is", null);
  if (query.jobName !== undefined) q = q.where("job_name", "=", query.jobName);
  const rows = await q
    .orderBy("id")
    .limit(query.limit ?? 1000)
    .execute();
  return rows.map(toDeadLetter);
}

export interface DeadLetterResolutionInput {
  resolution: DeadLetterResolution;
  note?: string;
  retryJobId?: string;
  at?: Date;
}

/** Closes a dead letter (retried, skipped, rolled back). Refuses one that is already resolved. */
export async function resolveDeadLetter(
  db: StateDb,
  id: number,
  input: DeadLetterResolutionInput,
): Promise<DeadLetter> {
  const resolution: string = input.resolution;
  if (!(deadLetterResolutions as readonly string[]).includes(resolution)) {
    throw new StoreError("bad_value", `dead letter ${id}: unknown resolution "${resolution}"`);
  }
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable("dead_letters")
      .set({
        resolution: input.resolution,
        resolved_at: isoTime(input.at ?? new Date()),
        resolution_note: input.note ?? null,
        retry_job_id: input.retryJobId ?? null,
      })
      .where("id", "=", id)
      .where("resolution", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (row) return toDeadLetter(row);
    const existing = await trx.selectFrom("dead_letters").select("resolution").where("id", "=", id).executeTakeFirst();
    if (!existing) throw new StoreError("not_found", `dead letter ${id}: not found`);
    throw new StoreError("already_resolved", `dead letter ${id}: already resolved (${existing.resolution})`);
  });
}
