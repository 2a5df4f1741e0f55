import { Cron } from "croner";
import { listRuns, type StateDb } from "../store/index.js";
import { type HealthFacts, type JobFact, type OrderFact, type ProbeFact, waitingOrderStates } from "./health.js";

/** A reachability check (e.g. the doctor's WooCommerce and Counterpoint checks). */
export type ReachabilityProbe = () => Promise<{ ok: boolean; detail: string }>;

export interface HealthPorts {
  db: StateDb;
  now?: () => Date;
  probes?: { woocommerce?: ReachabilityProbe | undefined; counterpoint?: ReachabilityProbe | undefined };
  /** A probe slower than this is reported unreachable. Default 5 s. */
  probeTimeoutMs?: number;
  /** Runs read per job to count its failures in a row. Default 20. */
  runsPerJob?: number;
  /** Invalid and dead orders listed. Default 100. */
  problemOrderLimit?: number;
}

type OrderRow = {
  store_id: string;
  woo_order_id: number;
  woo_number: string | null;
  state: string;
  reason: string | null;
  created_at: string;
  updated_at: string;
};

const orderColumns = ["store_id", "woo_order_id", "woo_number", "state", "reason", "created_at", "updated_at"] as const;

function toOrderFact(row: OrderRow): OrderFact {
  return {
    storeId: row.store_id,
    wooOrderId: Number(row.woo_order_id),
    wooNumber: row.woo_number,
    state: row.state,
    reason: row.reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Milliseconds between two consecutive slots around `now` (a weekday-only cron gives its usual spacing). */
export function cronPeriodMs(expression: string, timezone: string | null, now: Date): number | undefined {
  try {
    const cron = timezone === null ? new Cron(expression) : new Cron(expression, { timezone });
    const [a, b] = cron.nextRuns(2, now);
    return a && b ? b.getTime() - a.getTime() : undefined;
  } catch {
    return undefined;
  }
}

async function withTimeout(probe: ReachabilityProbe, ms: number): Promise<ProbeFact> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeFact>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([
      probe().then(
        (r) => ({ ok: r.ok, detail: r.detail }),
        (err: unknown) => ({ ok: false, detail: err instanceof Error ? err.message : String(err) }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Order counts per state (also what the orders-by-state gauge shows). */
export async function countOrdersByState(db: StateDb): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("synced_orders")
    .select((eb) => ["state", eb.fn.countAll().as("n")])
    .groupBy("state")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

async function jobFacts(db: StateDb, now: Date, runsPerJob: number): Promise<JobFact[]> {
  const schedules = await db.selectFrom("job_schedules").selectAll().orderBy("name").execute();
  const ran = await db.selectFrom("run_log").select("job_name").distinct().execute();
  const successes = await db
    .selectFrom("run_log")
    .select((eb) => ["job_name", eb.fn.max("finished_at").as("last")])
    .where("status", "=", "succeeded")
    .groupBy("job_name")
    .execute();
  const lastSuccess = new Map(successes.map((r) => [r.job_name, r.last === null ? null : String(r.last)]));
  const history = new Map<string, Pick<JobFact, "lastRun" | "consecutiveFailures">>();
  const names = new Set([...schedules.map((s) => s.job_name), ...ran.map((r) => r.job_name)]);
  for (const job of names) {
    const runs = await listRuns(db, { jobName: job, limit: runsPerJob });
    const finished = runs.filter((r) => r.status !== "running");
    let failures = 0;
    for (const run of finished) {
      if (run.status === "succeeded") break;
      failures++;
    }
    const last = finished[0] ?? runs[0];
    history.set(job, {
      lastRun: last
        ? { status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, error: last.error }
        : null,
      consecutiveFailures: failures,
    });
  }
  const facts: JobFact[] = [];
  const scheduledJobs = new Set<string>();
  for (const s of schedules) {
    scheduledJobs.add(s.job_name);
    const periodMs = cronPeriodMs(s.cron, s.timezone, now);
    facts.push({
      job: s.job_name,
      schedule: periodMs === undefined ? null : { name: s.name, cron: s.cron, periodMs, registeredAt: s.registered_at },
      lastSuccessAt: lastSuccess.get(s.job_name) ?? null,
      ...(history.get(s.job_name) ?? { lastRun: null, consecutiveFailures: 0 }),
    });
  }
  for (const job of [...names].sort()) {
    if (scheduledJobs.has(job)) continue;
    facts.push({
      job,
      schedule: null,
      lastSuccessAt: lastSuccess.get(job) ?? null,
      ...(history.get(job) ?? { lastRun: null, consecutiveFailures: 0 }),
    });
  }
  return facts;
}

/**
 * Reads what health is judged from: order states, the oldest waiting order, invalid and dead orders, each job's
 * schedule and run history, and (when probes are given) whether WooCommerce and Counterpoint answer. Only reads.
 */
export async function gatherHealthFacts(ports: HealthPorts): Promise<HealthFacts> {
  const { db } = ports;
  const now = ports.now?.() ?? new Date();
  const timeoutMs = ports.probeTimeoutMs ?? 5_000;
  const woo = ports.probes?.woocommerce;
  const cp = ports.probes?.counterpoint;
  // Probes run while the state store is read.
  const probing = Promise.all([woo && withTimeout(woo, timeoutMs), cp && withTimeout(cp, timeoutMs)]);
  const ordersByState = await countOrdersByState(db);
  const oldest = await db
    .selectFrom("synced_orders")
    .select(orderColumns)
    .where("state", "in", [...waitingOrderStates])
    .orderBy("created_at")
    .orderBy("woo_order_id")
    .limit(1)
    .executeTakeFirst();
  const problems = await db
    .selectFrom("synced_orders")
    .select(orderColumns)
    .where("state", "in", ["invalid", "dead"])
    .orderBy("updated_at", "desc")
    .orderBy("woo_order_id", "desc")
    .limit(ports.problemOrderLimit ?? 100)
    .execute();
  const jobs = await jobFacts(db, now, ports.runsPerJob ?? 20);
  const [woocommerce, counterpoint] = await probing;
  return {
    now,
    oldestWaiting: oldest ? toOrderFact(oldest) : null,
    ordersByState,
    problemOrders: problems.map(toOrderFact),
    jobs,
    woocommerce,
    counterpoint,
  };
}
