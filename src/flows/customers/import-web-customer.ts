import type { Settings } from "../../config/index.js";
import type { CounterpointDb } from "../../counterpoint/connect.js";
import {
  type CpCustomer,
  custNosByEmail,
  customerTemplateRow,
  getCustomer,
  getCustomers,
  highestCustNumber,
  taxCodes,
} from "../../counterpoint/customers/customer-queries.js";
import {
  type CreatedCustomer,
  insertNewCustomer,
  isCustomerEmailTaken,
  updateCustomer,
} from "../../counterpoint/customers/customer-writer.js";
import { cpDateTimeText } from "../../counterpoint/datetime.js";
import { findCpKey, findCpKeys, mapId, type StateDb, StoreError } from "../../store/index.js";
import { taxCodeForAddress } from "../shared/tax-code-for-address.js";
import { type BotReason, botReasons } from "./bot-filter.js";
import { type CleanCustomer, cleanWebCustomer } from "./clean-customer.js";
import type { CleanWarning } from "./clean-warning.js";
import { customerChanges } from "./customer-changes.js";
import { type CustomerTemplate, creationNote, mapNewCustomer, templateColumns } from "./map-customer-rows.js";
import { findQuarantine, quarantineCustomer, quarantineKey } from "./state/quarantine.js";
import { skipCustomerNumbersTo, takeCustomerNumber } from "./state/customer-numbers.js";
import { tierForRole } from "./tier-role.js";
import { sourceLabel, type WebCustomerSource } from "./web-customer-source.js";

/** The adapters the customers flow works with (built by the app context, passed in). */
export interface CustomerPorts {
  cp: CounterpointDb;
  state: StateDb;
  settings: Settings;
  /** Key of the WooCommerce store in cpwoo's state (id maps, quarantine). */
  storeId: string;
  now?: () => Date;
}

export type ImportOutcome =
  | { kind: "invalid"; field: string; reason: string }
  | { kind: "quarantined"; reasons: BotReason[] }
  | { kind: "linked"; custNo: string; via: "map" | "email" | "run"; updated: string[] }
  | { kind: "created"; custNo: string; shipAdrsId: string | null; warnings: CleanWarning[] }
  | { kind: "would-create"; warnings: CleanWarning[] };

export interface ImportOptions {
  dryRun?: boolean;
  /** Apply the bot filter (off when resolving the customer of a paid order). */
  botFilter?: boolean;
  /** Apply the settings' update rule to customers already linked (default true). */
  applyUpdates?: boolean;
}

/**
 * One run's memory: customers created or linked in this run by e-mail (so two web accounts or guest orders with the
 * same e-mail become one Counterpoint customer), the template and the tax codes read once, and e-mails, id maps and
 * the customers they point at looked up in bulk ahead of time.
 */
export class CustomerRun {
  readonly byEmail = new Map<string, string>();
  private prefetched = new Set<string>();
  /** Web customer ids looked up in bulk: the CUST_NO their map points at (an existing customer), or null. */
  private readonly mappedIds = new Map<number, string | null>();
  /** AR_CUST rows read in bulk with the maps. */
  private readonly rows = new Map<string, CpCustomer>();
  private constructor(
    readonly ports: CustomerPorts,
    readonly template: CustomerTemplate,
    readonly taxCodes: readonly string[],
  ) {}

  static async open(ports: CustomerPorts): Promise<CustomerRun> {
    const s = ports.settings.customers;
    let template: CustomerTemplate = {};
    if (s.templateCustNo !== null) {
      const row = await customerTemplateRow(ports.cp, s.templateCustNo, templateColumns);
      if (row === undefined) {
        throw new Error(`customers.templateCustNo: template customer "${s.templateCustNo}" does not exist in AR_CUST`);
      }
      template = row;
    }
    return new CustomerRun(ports, template, await taxCodes(ports.cp));
  }

  /** Looks up many e-mails in AR_CUST at once (a sync run calls this before importing). */
  async prefetchEmails(emails: readonly string[]): Promise<void> {
    const wanted = emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== "" && !this.prefetched.has(e));
    const found = await custNosByEmail(this.ports.cp, wanted);
    for (const e of wanted) this.prefetched.add(e);
    for (const [email, custNo] of found) if (!this.byEmail.has(email)) this.byEmail.set(email, custNo);
  }

  /**
   * Looks up many web customers' id maps at once, and reads the customers they point at in one more statement (an
   * order batch calls this, instead of two look-ups per order).
   */
  async prefetchMaps(wooIds: readonly number[]): Promise<void> {
    const wanted = [...new Set(wooIds)].filter((id) => Number.isSafeInteger(id) && id > 0 && !this.mappedIds.has(id));
    if (wanted.length === 0) return;
    const keys = await findCpKeys(this.ports.state, this.ports.storeId, "customer", wanted);
    const customers = await getCustomers(this.ports.cp, [...keys.values()]);
    for (const [custNo, row] of customers) this.rows.set(custNo, row);
    for (const id of wanted) {
      const custNo = keys.get(id);
      this.mappedIds.set(id, custNo !== undefined && customers.has(custNo) ? custNo : null);
    }
  }

  /** The existing customer a web customer id is mapped to: from the bulk look-up, else looked up now. */
  async mappedCustNo(wooId: number): Promise<string | undefined> {
    const known = this.mappedIds.get(wooId);
    if (known !== undefined) return known ?? undefined;
    const custNo = await findCpKey(this.ports.state, this.ports.storeId, "customer", wooId);
    return custNo !== undefined && (await this.customer(custNo)) !== undefined ? custNo : undefined;
  }

  /** A map this run made: later orders of the same web customer find it. */
  rememberMap(wooId: number, custNo: string): void {
    this.mappedIds.set(wooId, custNo);
  }

  /** A customer's row: as read in bulk by this run, else read now. */
  async customer(custNo: string): Promise<CpCustomer | undefined> {
    return this.rows.get(custNo) ?? getCustomer(this.ports.cp, custNo);
  }

  /** CUST_NO of an e-mail: this run's memory, else AR_CUST (case-insensitive). Re-read unless prefetched. */
  async custNoOfEmail(email: string): Promise<{ custNo: string; via: "run" | "email" } | undefined> {
    const known = this.byEmail.get(email);
    if (known !== undefined) return { custNo: known, via: this.prefetched.has(email) ? "email" : "run" };
    if (this.prefetched.has(email)) return undefined;
    const found = (await custNosByEmail(this.ports.cp, [email])).get(email);
    return found === undefined ? undefined : { custNo: found, via: "email" };
  }

  private formatCustNo(n: number): string {
    const { prefix, padTo } = this.ports.settings.customers.numbering;
    return `${prefix}${String(n).padStart(padTo, "0")}`;
  }

  /** Creates the Counterpoint customer of a cleaned web customer. */
  async create(
    clean: CleanCustomer,
    source: WebCustomerSource,
  ): Promise<{ created: CreatedCustomer; warnings: CleanWarning[] }> {
    const { settings, cp, state } = this.ports;
    const numbering = settings.customers.numbering;
    const a = clean.address;
    const tax = taxCodeForAddress(
      { country: a.country, state: a.state, zip: a.zip },
      settings.customers.taxCodes,
      this.taxCodes,
    );
    const now = cpDateTimeText((this.ports.now ?? (() => new Date()))());
    const rows = mapNewCustomer(clean, {
      settings: settings.customers,
      storeId: settings.counterpoint.store,
      user: settings.counterpoint.user,
      template: this.template,
      taxCode: tax.code,
      tierCode: tierForRole(source.role, settings.customers.push),
      now,
    });
    const warnings = tax.code === null ? [...rows.warnings, { field: "TAX_COD", message: tax.reason }] : rows.warnings;
    const shipTaxCode =
      clean.shipTo === null
        ? null
        : taxCodeForAddress(
            { country: clean.shipTo.country, state: clean.shipTo.state, zip: clean.shipTo.zip },
            settings.customers.taxCodes,
            this.taxCodes,
          ).code;
    const note = creationNote(sourceLabel(source), warnings);
    const seed = async () => Math.max(numbering.start, (await highestCustNumber(cp, numbering.prefix)) + 1);
    let last = 0;
    const created = await insertNewCustomer(
      cp,
      {
        customer: rows.customer,
        shipTo: rows.shipTo === null ? null : { ...rows.shipTo, TAX_COD: shipTaxCode ?? rows.customer.TAX_COD ?? null },
        note: { note: note.note, text: note.text, user: settings.counterpoint.user, at: now },
      },
      async () => {
        last = await takeCustomerNumber(state, numbering.prefix, seed);
        return this.formatCustNo(last);
      },
      50,
      clean.email,
    );
    if (created.skipped.length > 0) await skipCustomerNumbersTo(state, numbering.prefix, last);
    this.byEmail.set(clean.email, created.custNo);
    return { created, warnings };
  }
}

async function linkWooId(run: CustomerRun, wooId: number | null, custNo: string): Promise<void> {
  if (wooId === null) return;
  const ports = run.ports;
  try {
    await mapId(ports.state, { storeId: ports.storeId, kind: "customer", wooId, cpKey: custNo });
    run.rememberMap(wooId, custNo);
  } catch (err) {
    // Another web account with the same e-mail already owns the link: the customer is still resolved.
    if (!(err instanceof StoreError && err.code === "id_map_conflict")) throw err;
  }
}

async function applyChanges(
  run: CustomerRun,
  custNo: string,
  clean: CleanCustomer,
  dryRun: boolean,
): Promise<string[]> {
  const existing = await getCustomer(run.ports.cp, custNo);
  if (existing === undefined) return [];
  const changes = customerChanges(existing, clean, run.ports.settings.customers.updates);
  if (changes.fields.length > 0 && !dryRun) await updateCustomer(run.ports.cp, custNo, changes.patch);
  return changes.fields;
}

/**
 * Brings one web customer into Counterpoint: clean it; find its customer by id map, else by e-mail (this run's
 * memory, then AR_CUST, case-insensitive), linking the Woo id so it is found by map next time; else quarantine it if
 * the bot filter says so (unless an operator released it); else create it and map it. Linked customers get the
 * settings' update rule applied. Never creates a second customer for an e-mail it has seen.
 */
export async function importWebCustomer(
  source: WebCustomerSource,
  run: CustomerRun,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const { ports } = run;
  const dryRun = options.dryRun ?? false;
  const cleaned = cleanWebCustomer(source, ports.settings.customers);
  if (!cleaned.ok) {
    // In a sync the record is held in quarantine with its reason, so an operator sees it; an order gets `invalid`.
    if ((options.botFilter ?? true) && !dryRun) {
      const email = (source.email || (source.billing.email ?? "")).trim().toLowerCase();
      const reasons: BotReason[] = [{ code: "invalid_data", detail: `${cleaned.field}: ${cleaned.reason}` }];
      const key = source.wooId !== null ? `customer:${source.wooId}` : `guest-order:${source.guestOrderId ?? 0}`;
      await quarantineCustomer(ports.state, { storeId: ports.storeId, key, source, email, reasons });
    }
    return { kind: "invalid", field: cleaned.field, reason: cleaned.reason };
  }
  const clean = cleaned.customer;
  const updates = options.applyUpdates ?? true;

  if (source.wooId !== null) {
    const mapped = await run.mappedCustNo(source.wooId);
    if (mapped !== undefined) {
      run.byEmail.set(clean.email, run.byEmail.get(clean.email) ?? mapped);
      const updated = updates ? await applyChanges(run, mapped, clean, dryRun) : [];
      return { kind: "linked", custNo: mapped, via: "map", updated };
    }
  }
  const byEmail = await run.custNoOfEmail(clean.email);
  if (byEmail !== undefined) {
    if (!dryRun) await linkWooId(run, source.wooId, byEmail.custNo);
    run.byEmail.set(clean.email, byEmail.custNo);
    const updated = updates && byEmail.via === "email" ? await applyChanges(run, byEmail.custNo, clean, dryRun) : [];
    return { kind: "linked", custNo: byEmail.custNo, via: byEmail.via, updated };
  }

  if (options.botFilter ?? true) {
    const reasons = botReasons(source, clean.email, ports.settings.customers);
    if (reasons.length > 0) {
      const key = quarantineKey(source, clean.email);
      const held = await findQuarantine(ports.state, ports.storeId, key);
      if (held?.state !== "released") {
        if (!dryRun) {
          await quarantineCustomer(ports.state, { storeId: ports.storeId, key, source, email: clean.email, reasons });
        }
        return { kind: "quarantined", reasons };
      }
    }
  }
  if (dryRun) {
    run.byEmail.set(clean.email, "(new)");
    return { kind: "would-create", warnings: clean.warnings };
  }
  let made: Awaited<ReturnType<CustomerRun["create"]>>;
  try {
    made = await run.create(clean, source);
  } catch (error) {
    // Another worker created this shopper's customer a moment ago (the create checks the e-mail under a lock): use it.
    const custNo = isCustomerEmailTaken(error)
      ? (await custNosByEmail(ports.cp, [clean.email])).get(clean.email)
      : undefined;
    if (custNo === undefined) throw error;
    await linkWooId(run, source.wooId, custNo);
    run.byEmail.set(clean.email, custNo);
    return { kind: "linked", custNo, via: "email", updated: [] };
  }
  const { created, warnings } = made;
  await linkWooId(run, source.wooId, created.custNo);
  return { kind: "created", custNo: created.custNo, shipAdrsId: created.shipAdrsId, warnings };
}
