import type { OpsSettings } from "../config/index.js";

export type HealthStatus = "healthy" | "warning" | "critical";

/** One line of the health report; `reason` says what was found (always, and why for every non-healthy line). */
export interface HealthLine {
  name: string;
  status: HealthStatus;
  reason: string;
}

export interface HealthReport {
  status: HealthStatus;
  checks: HealthLine[];
  at: string;
}

/** An order as health and alerts show it. */
export interface OrderFact {
  storeId: string;
  wooOrderId: number;
  wooNumber: string | null;
  state: string;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A job's recent history, and its schedule when it has one. */
export interface JobFact {
  job: string;
  /** Null for jobs that only run on demand (webhooks, retries). */
  schedule: { name: string; cron: string; periodMs: number; registeredAt: string } | null;
  lastSuccessAt: string | null;
  lastRun: { status: string; startedAt: string; finishedAt: string | null; error: string | null } | null;
  /** Failed or abandoned runs since the last success (running ones skipped). */
  consecutiveFailures: number;
}

export interface ProbeFact {
  ok: boolean;
  detail: string;
}

/** Everything health is judged from; gathered by `gatherHealthFacts`, or built by hand in tests. */
export interface HealthFacts {
  now: Date;
  /** The order waiting longest in received, staged, retrying or created (by when cpwoo first saw it). */
  oldestWaiting: OrderFact | null;
  /** Orders per state. */
  ordersByState: Readonly<Record<string, number>>;
  /** Newest invalid and dead orders (the alerts mail them). */
  problemOrders: readonly OrderFact[];
  jobs: readonly JobFact[];
  /** Absent when not probed. */
  woocommerce?: ProbeFact | undefined;
  counterpoint?: ProbeFact | undefined;
}

export type HealthThresholds = OpsSettings["health"];

/** States of an order cpwoo still has to finish. */
export const waitingOrderStates = ["received", "staged", "retrying", "created"] as const;

const rank: Record<HealthStatus, number> = { healthy: 0, warning: 1, critical: 2 };

/** 0 healthy, 1 warning, 2 critical: `cpwoo health`'s exit code. */
export function healthExitCode(status: HealthStatus): 0 | 1 | 2 {
  return rank[status] as 0 | 1 | 2;
}

export function worstStatus(statuses: readonly HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((worst, s) => (rank[s] > rank[worst] ? s : worst), "healthy");
}

/** "3 min", "2 h 5 min", "4 d 1 h". */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

function orderLabel(order: OrderFact): string {
  const number = order.wooNumber && order.wooNumber !== String(order.wooOrderId) ? ` (#${order.wooNumber})` : "";
  return `order ${order.wooOrderId}${number} of ${order.storeId}`;
}

function level(value: number, warning: number, critical: number): HealthStatus {
  if (value >= critical) return "critical";
  if (value >= warning) return "warning";
  return "healthy";
}

function waitingLine(facts: HealthFacts, t: HealthThresholds): HealthLine {
  const order = facts.oldestWaiting;
  const name = "orders waiting";
  if (!order) return { name, status: "healthy", reason: "no order is waiting" };
  const ageMs = facts.now.getTime() - Date.parse(order.createdAt);
  const status = level(ageMs, t.oldestWaitingWarningMinutes * 60_000, t.oldestWaitingCriticalMinutes * 60_000);
  const waiting = waitingOrderStates.reduce((n, s) => n + (facts.ordersByState[s] ?? 0), 0);
  const why = order.state === "retrying" && order.reason ? `, last error: ${order.reason}` : "";
  const limit =
    status === "critical"
      ? ` (critical after ${t.oldestWaitingCriticalMinutes} min)`
      : status === "warning"
        ? ` (warning after ${t.oldestWaitingWarningMinutes} min)`
        : "";
  return {
    name,
    status,
    reason: `${waiting} waiting; the oldest, ${orderLabel(order)}, is ${order.state} and waiting for ${formatDuration(ageMs)}${limit}${why}`,
  };
}

function countLine(facts: HealthFacts, state: "invalid" | "dead", warning: number, critical: number): HealthLine {
  const n = facts.ordersByState[state] ?? 0;
  const name = `orders ${state}`;
  const status = level(n, warning, critical);
  if (status === "healthy") return { name, status, reason: n === 0 ? `no ${state} order` : `${n} ${state}` };
  const newest = facts.problemOrders.find((o) => o.state === state);
  const action =
    state === "invalid"
      ? "fix the data named in the reason, then `cpwoo orders retry`"
      : "retries are exhausted: see `cpwoo orders show`, then retry or skip";
  const example = newest ? `; newest: ${orderLabel(newest)}${newest.reason ? `: ${newest.reason}` : ""}` : "";
  return {
    name,
    status,
    reason: `${n} ${state} order(s) (${status} at ${status === "critical" ? critical : warning})${example}; ${action}`,
  };
}

function jobLines(facts: HealthFacts, t: HealthThresholds): HealthLine[] {
  const lines: HealthLine[] = [];
  for (const job of facts.jobs) {
    const name = `job ${job.schedule?.name ?? job.job}`;
    const failing =
      job.consecutiveFailures > 0 && job.lastRun
        ? `; last ${job.consecutiveFailures} run(s) failed: ${job.lastRun.error ?? "no error text"}`
        : "";
    if (!job.schedule) {
      // On-demand jobs have no schedule to be late against; a string of failures still shows.
      if (job.consecutiveFailures >= t.jobFailuresWarning) {
        lines.push({ name, status: "warning", reason: `on-demand job${failing}` });
      }
      continue;
    }
    const { periodMs, cron } = job.schedule;
    const since = job.lastSuccessAt ?? job.schedule.registeredAt;
    const overdueMs = facts.now.getTime() - Date.parse(since);
    const graceMs = t.jobLateGraceMinutes * 60_000;
    const status = level(
      overdueMs,
      t.jobLateWarningPeriods * periodMs + graceMs,
      t.jobLateCriticalPeriods * periodMs + graceMs,
    );
    const every = `runs every ${formatDuration(periodMs)} (${cron})`;
    const last = job.lastSuccessAt
      ? `last success ${formatDuration(overdueMs)} ago`
      : `no success since it was scheduled ${formatDuration(overdueMs)} ago`;
    if (status === "healthy") {
      lines.push({
        name,
        status: job.consecutiveFailures >= t.jobFailuresWarning ? "warning" : "healthy",
        reason: `${every}; ${last}${failing}`,
      });
      continue;
    }
    const periods = Math.floor(overdueMs / periodMs);
    const never = job.lastRun ? "" : "; it never ran: is `cpwoo run` running?";
    lines.push({
      name,
      status,
      reason: `${every}; ${last} (${periods} periods, ${status} after ${status === "critical" ? t.jobLateCriticalPeriods : t.jobLateWarningPeriods} + ${t.jobLateGraceMinutes} min grace)${failing}${never}`,
    });
  }
  return lines;
}

function probeLine(name: string, fact: ProbeFact | undefined): HealthLine[] {
  if (!fact) return [];
  return [
    { name, status: fact.ok ? "healthy" : "critical", reason: fact.ok ? fact.detail : `unreachable: ${fact.detail}` },
  ];
}

/**
 * Judges the facts: every line healthy, warning or critical with its reason; the report is as bad as its worst line.
 * Pure: the same facts always give the same report.
 */
export function evaluateHealth(facts: HealthFacts, thresholds: HealthThresholds): HealthReport {
  const t = thresholds;
  const checks: HealthLine[] = [
    waitingLine(facts, t),
    countLine(facts, "invalid", t.invalidWarningCount, t.invalidCriticalCount),
    countLine(facts, "dead", t.deadWarningCount, t.deadCriticalCount),
    ...jobLines(facts, t),
    ...probeLine("woocommerce", facts.woocommerce),
    ...probeLine("counterpoint", facts.counterpoint),
  ];
  return { status: worstStatus(checks.map((c) => c.status)), checks, at: facts.now.toISOString() };
}
