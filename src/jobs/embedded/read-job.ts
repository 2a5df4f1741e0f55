import { parseIsoTime, type StateDb } from "../../store/index.js";
import type { JobSnapshot, JobState } from "../job-queue.js";

export async function readJob(db: StateDb, name: string, id: string): Promise<JobSnapshot | undefined> {
  const row = await db
    .selectFrom("job_queue")
    .selectAll()
    .where("id", "=", id)
    .where("name", "=", name)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    state: row.state as JobState,
    payload: JSON.parse(row.payload) as unknown,
    attempts: Number(row.attempts),
    retryLimit: Number(row.retry_limit),
    priority: Number(row.priority),
    singletonKey: row.singleton_key,
    runAfter: parseIsoTime(row.run_after),
    createdAt: parseIsoTime(row.created_at),
    lastError: row.last_error,
  };
}
