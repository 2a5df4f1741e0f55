import { hostname } from "node:os";
import { releaseJob } from "../jobs/embedded/settle-job.js";
import { abandonRuns, finishRun, releaseWorkerClaims, type StateDb, workersHoldingClaims } from "../store/index.js";

/** This process as the run log's `owner` column names it. */
export function processOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/** Whether a process of this host with that pid is alive. Our own pid is a past incarnation (e.g. pid 1 in a container). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function deadPid(owner: string, host: string): boolean {
  if (!owner.startsWith(`${host}:`)) return false;
  const pid = Number(owner.slice(host.length + 1).split(":")[0]);
  return Number.isInteger(pid) && pid > 0 && !alive(pid);
}

export interface RecoverySummary {
  /** Runs closed as abandoned. */
  abandonedRuns: number;
  /** Embedded jobs given back to the queue at once (pg-boss jobs wait for their lease). */
  releasedJobs: number;
  /** Order claims of dead workers cleared. */
  releasedOrderClaims: number;
}

/**
 * Cleans up after processes of this host that died without stopping (SIGKILL, power loss): their `running` runs are
 * closed as abandoned, their embedded jobs go back to the queue without using an attempt, and their order claims are
 * cleared, so a restart picks the work up at once instead of after the leases. Other hosts' work is left to the
 * leases: only this host can tell that a pid is dead.
 */
export async function recoverDeadProcesses(db: StateDb, now = new Date()): Promise<RecoverySummary> {
  const host = hostname();
  const summary: RecoverySummary = { abandonedRuns: 0, releasedJobs: 0, releasedOrderClaims: 0 };
  const runs = await db
    .selectFrom("run_log")
    .select(["run_id", "job_id", "owner"])
    .where("status", "=", "running")
    .where("owner", "like", `${host}:%`)
    .execute();
  for (const run of runs) {
    if (run.owner === null || !deadPid(run.owner, host)) continue;
    const error = `the process that ran it (${run.owner}) died`;
    if (run.job_id === null) {
      if (await finishRun(db, run.run_id, { status: "abandoned", error, at: now })) summary.abandonedRuns++;
      continue;
    }
    const job = await db
      .selectFrom("job_queue")
      .select(["claim_token"])
      .where("id", "=", run.job_id)
      .where("state", "=", "active")
      .executeTakeFirst();
    if (job?.claim_token && (await releaseJob(db, run.job_id, job.claim_token, now))) summary.releasedJobs++;
    // releaseJob closed the run already; a pg-boss job's run is closed here and the job waits for its lease.
    await abandonRuns(db, run.job_id, { error, at: now });
    summary.abandonedRuns++;
  }
  for (const worker of await workersHoldingClaims(db, `${host}:`)) {
    if (deadPid(worker, host)) summary.releasedOrderClaims += await releaseWorkerClaims(db, worker);
  }
  return summary;
}
