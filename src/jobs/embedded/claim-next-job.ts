import type { Selectable } from "kysely";
import { inTransaction, isoTime, type JobQueueTable, type StateDb } from "../../store/index.js";

export type JobRow = Selectable<JobQueueTable>;

/**
 * Claims the next runnable job among `names` (highest priority, then first enqueued): marks it active, counts the
 * attempt, stamps the claim token and the lease expiry. The state check in the UPDATE makes the claim a
 * compare-and-set, so two workers never take the same job.
 */
export async function claimNextJob(
  db: StateDb,
  names: readonly string[],
  token: string,
  now: Date,
): Promise<JobRow | undefined> {
  if (names.length === 0) return undefined;
  const at = isoTime(now);
  return inTransaction(db, async (trx) => {
    const candidate = await trx
      .selectFrom("job_queue")
      .select(["id", "lease_seconds"])
      .where("state", "in", ["created", "retry"])
      .where("run_after", "<=", at)
      .where("name", "in", [...names])
      .orderBy("priority", "desc")
      .orderBy("seq")
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return undefined;
    return trx
      .updateTable("job_queue")
      .set((eb) => ({
        state: "active",
        attempts: eb("attempts", "+", 1),
        claim_token: token,
        started_at: at,
        lease_expires_at: isoTime(now.getTime() + Number(candidate.lease_seconds) * 1000),
        updated_at: at,
      }))
      .where("id", "=", candidate.id)
      .where("state", "in", ["created", "retry"])
      .returningAll()
      .executeTakeFirst();
  });
}
