import { isoTime, type StateDb } from "../../store/index.js";

/**
 * Deletes completed jobs finished before `before` (their run-log rows stay). Failed jobs are kept: their
 * dead letters point at them. Returns how many rows went.
 */
export async function pruneCompletedJobs(db: StateDb, before: Date): Promise<number> {
  const result = await db
    .deleteFrom("job_queue")
    .where("state", "=", "completed")
    .where("finished_at", "<", isoTime(before))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
