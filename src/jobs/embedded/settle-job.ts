import { abandonRuns, inTransaction, isoTime, recordDeadLetter, type StateDb } from "../../store/index.js";
import { retryDelayMs } from "../backoff.js";

/** Marks a claimed job completed. False when the claim was lost (lease expired, released). */
export async function completeJob(db: StateDb, id: string, token: string, now: Date): Promise<boolean> {
  const at = isoTime(now);
  const result = await db
    .updateTable("job_queue")
    .set({
      state: "completed",
      finished_at: at,
      updated_at: at,
      claim_token: null,
      lease_expires_at: null,
      last_error: null,
    })
    .where("id", "=", id)
    .where("claim_token", "=", token)
    .where("state", "=", "active")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type AttemptFailure =
  | { outcome: "retry"; name: string; attempt: number; retryAt: Date }
  | { outcome: "dead"; name: string; attempt: number; deadLetterId: number };

/**
 * Records a failed attempt of a claimed job: back to `retry` after the backoff delay while attempts remain,
 * else `failed` with a dead letter written in the same transaction. `final` skips the remaining retries
 * (a payload that no longer validates). Undefined when the claim was lost.
 */
export async function failJobAttempt(
  db: StateDb,
  failure: { id: string; token: string; error: string; now: Date; final?: boolean; random?: () => number },
): Promise<AttemptFailure | undefined> {
  const at = isoTime(failure.now);
  return inTransaction(db, async (trx) => {
    const job = await trx
      .selectFrom("job_queue")
      .selectAll()
      .where("id", "=", failure.id)
      .where("claim_token", "=", failure.token)
      .where("state", "=", "active")
      .executeTakeFirst();
    if (!job) return undefined;
    const attempt = Number(job.attempts);
    if (!failure.final && attempt <= Number(job.retry_limit)) {
      const delay = retryDelayMs(
        attempt,
        { baseMs: Number(job.backoff_base_ms), maxMs: Number(job.backoff_max_ms) },
        failure.random,
      );
      const retryAt = new Date(failure.now.getTime() + delay);
      await trx
        .updateTable("job_queue")
        .set({
          state: "retry",
          run_after: isoTime(retryAt),
          last_error: failure.error,
          claim_token: null,
          lease_expires_at: null,
          updated_at: at,
        })
        .where("id", "=", job.id)
        .execute();
      return { outcome: "retry", name: job.name, attempt, retryAt };
    }
    await trx
      .updateTable("job_queue")
      .set({
        state: "failed",
        last_error: failure.error,
        finished_at: at,
        claim_token: null,
        lease_expires_at: null,
        updated_at: at,
      })
      .where("id", "=", job.id)
      .execute();
    const letter = await recordDeadLetter(trx, {
      jobName: job.name,
      jobId: job.id,
      payload: JSON.parse(job.payload) as unknown,
      error: failure.error,
      attempts: attempt,
      at: failure.now,
      // The same work failing again (a scheduled job, slot after slot) keeps one open dead letter.
      collapse: true,
    });
    return { outcome: "dead", name: job.name, attempt, deadLetterId: letter.id };
  });
}

/**
 * Gives a claimed job back without using up its attempt (shutdown): it is runnable again at once.
 * False when the claim was already lost.
 */
export async function releaseJob(db: StateDb, id: string, token: string, now: Date): Promise<boolean> {
  const at = isoTime(now);
  return inTransaction(db, async (trx) => {
    const result = await trx
      .updateTable("job_queue")
      .set((eb) => ({
        state: eb.case().when("attempts", ">", 1).then("retry").else("created").end(),
        attempts: eb("attempts", "-", 1),
        run_after: at,
        claim_token: null,
        lease_expires_at: null,
        updated_at: at,
      }))
      .where("id", "=", id)
      .where("claim_token", "=", token)
      .where("state", "=", "active")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await abandonRuns(trx, id, { error: "released at shutdown before it finished", at: now });
    return true;
  });
}

/** Fails every active job whose lease ran out (its worker died or hangs); see `failJobAttempt`. */
export async function expireLeases(
  db: StateDb,
  now: Date,
  random?: () => number,
): Promise<Array<AttemptFailure & { id: string; error: string }>> {
  const expired = await db
    .selectFrom("job_queue")
    .select(["id", "claim_token", "lease_seconds"])
    .where("state", "=", "active")
    .where("lease_expires_at", "<=", isoTime(now))
    .execute();
  const results: Array<AttemptFailure & { id: string; error: string }> = [];
  for (const job of expired) {
    if (job.claim_token === null) continue;
    const error = `lease of ${job.lease_seconds} s expired: the worker died or hung`;
    const failed = await inTransaction(db, async (trx) => {
      await abandonRuns(trx, job.id, { error, at: now });
      return failJobAttempt(trx, {
        id: job.id,
        token: job.claim_token ?? "",
        error,
        now,
        ...(random ? { random } : {}),
      });
    });
    if (failed) results.push({ ...failed, id: job.id, error });
  }
  return results;
}
