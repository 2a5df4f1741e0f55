import type { OpsSettings } from "../config/index.js";
import { isoTime, readAlertState, recordAlertMail, type StateDb, writeAlertState } from "../store/index.js";
import { formatDuration, type HealthFacts, type HealthReport, type OrderFact } from "./health.js";
import { createSmtpMailer, type Mailer } from "./mailer.js";
import { redactText } from "./redact-secrets.js";

export type AlertKind = "problem" | "update" | "reminder" | "recovery";

/** One thing that is wrong now, under a stable key (so it is mailed once per incident). */
export interface AlertProblem {
  key: string;
  title: string;
  details: string[];
}

/** What `evaluate` did. */
export interface AlertDecision {
  sent: AlertKind | null;
  /** Why nothing was sent, or why sending failed. */
  note?: string;
  subject?: string;
  problems: AlertProblem[];
}

/** The incident: problems since everything was last fine. Stored as JSON in `alert_state`. */
interface IncidentState {
  open: boolean;
  openedAt: string | null;
  lastMailAt: string | null;
  /** Problem keys already in a mail during this incident. */
  mailed: string[];
  /** Mailed problems that have cleared and not been reported yet. */
  recovered: { key: string; title: string }[];
  /** Titles of every problem seen during the incident (for the recovery mail). */
  seen: Record<string, string>;
  /** `updated_at` of the newest invalid or dead order already mailed. */
  orderWatermark: string | null;
  /** Mails sent in this incident. */
  mails: number;
}

const STATE_NAME = "incident";

const closedState = (watermark: string | null, lastMailAt: string | null): IncidentState => ({
  open: false,
  openedAt: null,
  lastMailAt,
  mailed: [],
  recovered: [],
  seen: {},
  orderWatermark: watermark,
  mails: 0,
});

export interface AlertManagerOptions {
  db: StateDb;
  alerts: OpsSettings["alerts"];
  /** A job whose last N runs failed is failing repeatedly (`ops.health.jobFailuresWarning`). */
  jobFailuresThreshold: number;
  /** Default: SMTP as `alerts.smtp` says. */
  mailer?: Mailer;
  now?: () => Date;
  /** Where send failures are reported (they never throw out of `evaluate`). */
  onError?: (error: Error) => void;
}

function orderLine(o: OrderFact): string {
  const number = o.wooNumber && o.wooNumber !== String(o.wooOrderId) ? ` (#${o.wooNumber})` : "";
  return `${o.state} ${o.storeId} order ${o.wooOrderId}${number} at ${o.updatedAt}${o.reason ? `: ${o.reason}` : ""}`;
}

/** The problems alerts care about in a report and its facts, each under a stable key. */
export function currentProblems(
  health: HealthReport,
  facts: HealthFacts,
  jobFailuresThreshold: number,
): AlertProblem[] {
  const problems: AlertProblem[] = [];
  if (health.status === "critical") {
    problems.push({
      key: "health:critical",
      title: "health is critical",
      details: health.checks.filter((c) => c.status === "critical").map((c) => `${c.name}: ${c.reason}`),
    });
  }
  for (const job of facts.jobs) {
    if (job.consecutiveFailures < jobFailuresThreshold) continue;
    problems.push({
      key: `job-failing:${job.job}`,
      title: `job ${job.job} is failing`,
      details: [`last ${job.consecutiveFailures} runs failed; last error: ${job.lastRun?.error ?? "(none recorded)"}`],
    });
  }
  for (const state of ["invalid", "dead"] as const) {
    const n = facts.ordersByState[state] ?? 0;
    if (n === 0) continue;
    problems.push({
      key: `orders:${state}`,
      title: `${n} ${state} order(s)`,
      details: facts.problemOrders
        .filter((o) => o.state === state)
        .slice(0, 10)
        .map(orderLine),
    });
  }
  return problems;
}

/**
 * Decides which alert mails to send, and sends them. Problems are grouped into an incident that lasts until
 * everything is fine again: its first problems are mailed at once; problems and invalid or dead orders that come up
 * later are gathered and mailed at most once per `groupWindowMinutes`; a reminder goes after `remindAfterHours`;
 * the recovery is mailed when the last problem clears. What was mailed is kept in the state store and claimed with
 * compare-and-set, so restarts and several processes never mail the same thing twice.
 */
export class AlertManager {
  readonly #options: AlertManagerOptions;
  #mailer: Mailer | undefined;

  constructor(options: AlertManagerOptions) {
    this.#options = options;
    this.#mailer = options.mailer;
  }

  get enabled(): boolean {
    return (
      this.#options.alerts.to.length > 0 && (this.#mailer !== undefined || this.#options.alerts.smtp.host !== undefined)
    );
  }

  async evaluate(health: HealthReport, facts: HealthFacts): Promise<AlertDecision> {
    const { alerts } = this.#options;
    const problems = currentProblems(health, facts, this.#options.jobFailuresThreshold);
    if (!this.enabled)
      return { sent: null, note: "alerts are off (set ops.alerts.to and ops.alerts.smtp.host)", problems };
    const now = this.#options.now?.() ?? new Date();
    const stored = await readAlertState(this.#options.db, STATE_NAME);
    const before: IncidentState = stored ? (JSON.parse(stored.state) as IncidentState) : closedState(null, null);
    const plan = decide(before, problems, facts, now, alerts);
    if (!plan.mail) {
      if (JSON.stringify(plan.next) !== JSON.stringify(before)) {
        await writeAlertState(this.#options.db, STATE_NAME, stored?.version, JSON.stringify(plan.next), now);
      }
      return { sent: null, note: plan.note, problems };
    }
    const claimed = await writeAlertState(
      this.#options.db,
      STATE_NAME,
      stored?.version,
      JSON.stringify(plan.next),
      now,
    );
    if (!claimed) return { sent: null, note: "another process decided first", problems };
    const from = alerts.from ?? alerts.to[0] ?? "";
    const subject = `${alerts.subjectPrefix} ${plan.mail.subject}`.trim();
    const text = redactText(plan.mail.text);
    try {
      this.#mailer ??= createSmtpMailer(alerts.smtp);
      await this.#mailer.send({ from, to: alerts.to, subject, text });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      // Give the decision back so the next evaluation tries again.
      await writeAlertState(this.#options.db, STATE_NAME, (stored?.version ?? 0) + 1, JSON.stringify(before), now);
      await recordAlertMail(this.#options.db, {
        at: isoTime(now),
        kind: plan.mail.kind,
        subject,
        recipients: [...alerts.to],
        sent: false,
        error: redactText(error.message),
      });
      this.#options.onError?.(error);
      return { sent: null, note: `sending failed: ${redactText(error.message)}`, subject, problems };
    }
    await recordAlertMail(this.#options.db, {
      at: isoTime(now),
      kind: plan.mail.kind,
      subject,
      recipients: [...alerts.to],
      sent: true,
      error: null,
    });
    return { sent: plan.mail.kind, subject, problems };
  }

  close(): void {
    this.#mailer?.close();
  }
}

interface Plan {
  next: IncidentState;
  mail?: { kind: AlertKind; subject: string; text: string };
  note: string;
}

function newestUpdate(orders: readonly OrderFact[], watermark: string | null): string | null {
  return orders.reduce<string | null>((max, o) => (max === null || o.updatedAt > max ? o.updatedAt : max), watermark);
}

/** The pure part: given what was mailed and what is wrong now, what to mail (if anything) and the state after. */
function decide(
  before: IncidentState,
  problems: readonly AlertProblem[],
  facts: HealthFacts,
  now: Date,
  alerts: OpsSettings["alerts"],
): Plan {
  const at = isoTime(now);
  const keys = new Set(problems.map((p) => p.key));
  const newOrders = facts.problemOrders.filter(
    (o) => before.orderWatermark === null || o.updatedAt > before.orderWatermark,
  );
  if (!before.open && problems.length === 0) return { next: before, note: "all fine" };

  const state: IncidentState = before.open
    ? { ...before, mailed: [...before.mailed], recovered: [...before.recovered], seen: { ...before.seen } }
    : { ...closedState(before.orderWatermark, before.lastMailAt), open: true, openedAt: at };
  for (const p of problems) state.seen[p.key] ??= p.title;
  // Mailed problems that cleared since the last look.
  for (const key of state.mailed.filter((k) => !keys.has(k))) {
    state.recovered.push({ key, title: state.seen[key] ?? key });
  }
  state.mailed = state.mailed.filter((k) => keys.has(k));

  const sinceMail = state.lastMailAt === null ? Number.POSITIVE_INFINITY : now.getTime() - Date.parse(state.lastMailAt);
  const windowOpen = sinceMail >= alerts.groupWindowMinutes * 60_000;
  const openedFor = state.openedAt === null ? "" : formatDuration(now.getTime() - Date.parse(state.openedAt));

  if (problems.length === 0) {
    const wasMailed = state.mails > 0;
    const next = closedState(
      newestUpdate(facts.problemOrders, state.orderWatermark),
      wasMailed ? at : state.lastMailAt,
    );
    if (!wasMailed) return { next, note: "the incident cleared before it was mailed" };
    const text = [
      `Everything is fine again after ${openedFor}.`,
      "",
      "Recovered:",
      ...state.recovered.map((r) => `  - ${r.title}`),
      "",
      "Seen during the incident:",
      ...Object.values(state.seen).map((t) => `  - ${t}`),
    ].join("\n");
    return { next, mail: { kind: "recovery", subject: `recovered after ${openedFor}`, text }, note: "recovered" };
  }

  const fresh = problems.filter((p) => !state.mailed.includes(p.key));
  const remindMs = alerts.remindAfterHours * 3_600_000;
  let kind: AlertKind | undefined;
  if ((fresh.length > 0 || newOrders.length > 0 || state.recovered.length > 0) && windowOpen) {
    kind = state.mails === 0 ? "problem" : "update";
  } else if (remindMs > 0 && state.mailed.length > 0 && sinceMail >= remindMs) {
    kind = "reminder";
  }
  if (kind === undefined) {
    const waiting = fresh.length > 0 || newOrders.length > 0 || state.recovered.length > 0;
    return { next: state, note: waiting ? "grouped: waiting for the group window" : "already mailed" };
  }

  const text = [
    kind === "reminder" ? `Still open after ${openedFor}:` : "Open problems:",
    ...problems.flatMap((p) => [
      `  - ${p.title}${fresh.includes(p) && kind === "update" ? " (new)" : ""}`,
      ...p.details.map((d) => `      ${d}`),
    ]),
    ...(newOrders.length > 0
      ? [
          "",
          `New invalid or dead orders (${newOrders.length}):`,
          ...newOrders.slice(0, 20).map((o) => `  - ${orderLine(o)}`),
        ]
      : []),
    ...(state.recovered.length > 0
      ? ["", "Recovered since the last mail:", ...state.recovered.map((r) => `  - ${r.title}`)]
      : []),
    "",
    `Health: ${facts.now.toISOString()}`,
    "Run `cpwoo health` for the current state; see docs/operations.md.",
  ].join("\n");
  const head = problems[0]?.title ?? "problem";
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : "";
  const subject =
    kind === "problem"
      ? `${head}${more}`
      : kind === "reminder"
        ? `still open after ${openedFor}: ${head}${more}`
        : `update: ${head}${more}`;
  state.mailed = problems.map((p) => p.key);
  state.recovered = [];
  state.lastMailAt = at;
  state.mails += 1;
  state.orderWatermark = newestUpdate(newOrders, state.orderWatermark);
  return { next: state, mail: { kind, subject, text }, note: kind };
}
