import { type Kysely, sql } from "kysely";
import { engineOf } from "../../counterpoint/dialect.js";
import type { WooClient } from "../../woocommerce/index.js";
import { type CustomerPorts, CustomerRun, type ImportOutcome, importWebCustomer } from "./import-web-customer.js";
import { pullWebCustomers } from "./pull-web-customers.js";
import { sourceLabel, type WebCustomerSource } from "./web-customer-source.js";

export interface InboundSummary {
  seen: number;
  created: number;
  linked: number;
  updated: number;
  quarantined: number;
  invalid: number;
  wouldCreate: number;
  guests: number;
  fromOrdersOnly: number;
  /** One line per customer that was not simply linked unchanged. */
  details: { who: string; outcome: ImportOutcome }[];
}

/** Creates between two statistics refreshes on PostgreSQL. */
const ANALYZE_EVERY = 1000;

/**
 * PostgreSQL plans by table statistics that autovacuum refreshes only every minute or so: during a bulk import the
 * tables grow from a few rows to thousands and lookups by key turn into scans. Refreshing the statistics of the tables
 * the import writes keeps every lookup an index lookup. SQL Server updates its statistics itself; SQLite needs none.
 * A failure (no privilege) is ignored: it only costs speed.
 */
async function refreshPlannerStatistics(ports: CustomerPorts): Promise<void> {
  const analyze = async (db: Kysely<never>, tables: readonly string[]) => {
    if (engineOf(db) !== "postgres") return;
    for (const table of tables) await sql`ANALYZE ${sql.table(table)}`.execute(db).catch(() => undefined);
  };
  await analyze(ports.cp as unknown as Kysely<never>, ["AR_CUST", "AR_SHIP_ADRS", "AR_CUST_NOTE"]);
  await analyze(ports.state as unknown as Kysely<never>, ["id_maps", "customer_quarantine"]);
}

const countKey = {
  created: "created",
  linked: "linked",
  quarantined: "quarantined",
  invalid: "invalid",
  "would-create": "wouldCreate",
} as const;

/** Imports web customers already pulled (see `pullWebCustomers`) into Counterpoint, one at a time. */
export async function importWebCustomers(
  sources: readonly WebCustomerSource[],
  ports: CustomerPorts,
  options: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<InboundSummary> {
  const run = await CustomerRun.open(ports);
  await run.prefetchEmails(sources.map((s) => s.email || (s.billing.email ?? "")));
  await run.prefetchMaps(sources.flatMap((s) => (s.wooId === null ? [] : [s.wooId])));
  const summary: InboundSummary = {
    seen: sources.length,
    created: 0,
    linked: 0,
    updated: 0,
    quarantined: 0,
    invalid: 0,
    wouldCreate: 0,
    guests: 0,
    fromOrdersOnly: 0,
    details: [],
  };
  // Records sharing an e-mail form one lane, handled in order (registered customers first, so a guest with the same
  // e-mail links to the account's customer); different lanes run side by side.
  const lanes = new Map<string, WebCustomerSource[]>();
  for (const [i, source] of sources.entries()) {
    const email = (source.email || (source.billing.email ?? "")).trim().toLowerCase();
    const key = email === "" ? `#${i}` : email;
    lanes.set(key, [...(lanes.get(key) ?? []), source]);
  }
  const queue = [...lanes.values()].map((lane) =>
    lane.sort((a, b) => Number(a.wooId === null) - Number(b.wooId === null)),
  );
  let done = 0;
  let next = 0;
  const record = (source: WebCustomerSource, outcome: ImportOutcome) => {
    summary[countKey[outcome.kind]]++;
    if (outcome.kind === "linked" && outcome.updated.length > 0) summary.updated++;
    if (outcome.kind !== "linked" || outcome.updated.length > 0)
      summary.details.push({ who: sourceLabel(source), outcome });
    options.onProgress?.(++done, sources.length);
  };
  let sinceAnalyze = 0;
  let analyzing = false;
  const worker = async () => {
    for (let lane = queue[next++]; lane !== undefined; lane = queue[next++]) {
      for (const source of lane) {
        const outcome = await importWebCustomer(source, run, { dryRun: options.dryRun ?? false });
        record(source, outcome);
        if (outcome.kind === "created" && ++sinceAnalyze >= ANALYZE_EVERY && !analyzing) {
          analyzing = true;
          sinceAnalyze = 0;
          await refreshPlannerStatistics(ports);
          analyzing = false;
        }
      }
    }
  };
  const width = Math.min(ports.settings.customers.concurrency, Math.max(1, queue.length));
  await Promise.all(Array.from({ length: width }, worker));
  return summary;
}

/** `cpwoo customers sync --direction in`: pull every web customer, then import them. */
export async function syncCustomersIn(
  woo: WooClient,
  ports: CustomerPorts,
  options: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<InboundSummary> {
  const pulled = await pullWebCustomers(woo);
  const summary = await importWebCustomers(pulled.sources, ports, options);
  return { ...summary, guests: pulled.guests, fromOrdersOnly: pulled.fromOrdersOnly };
}
