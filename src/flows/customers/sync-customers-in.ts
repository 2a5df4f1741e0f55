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

/** Imports web customers already pulled (see `pullWebCustomers`) into Counterpoint, one at a time. */
export async function importWebCustomers(
  sources: readonly WebCustomerSource[],
  ports: CustomerPorts,
  options: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<InboundSummary> {
  const run = await CustomerRun.open(ports);
  await run.prefetchEmails(sources.map((s) => s.email || (s.billing.email ?? "")));
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
  // Registered customers first, so a guest with the same e-mail links to the account's customer.
  const ordered = [...sources].sort((a, b) => Number(a.wooId === null) - Number(b.wooId === null));
  for (const [i, source] of ordered.entries()) {
    const outcome = await importWebCustomer(source, run, { dryRun: options.dryRun ?? false });
    switch (outcome.kind) {
      case "created":
        summary.created++;
        break;
      case "linked":
        summary.linked++;
        if (outcome.updated.length > 0) summary.updated++;
        break;
      case "quarantined":
        summary.quarantined++;
        break;
      case "invalid":
        summary.invalid++;
        break;
      case "would-create":
        summary.wouldCreate++;
        break;
    }
    if (outcome.kind !== "linked" || outcome.updated.length > 0)
      summary.details.push({ who: sourceLabel(source), outcome });
    options.onProgress?.(i + 1, ordered.length);
  }
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
