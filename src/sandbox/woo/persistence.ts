import { existsSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import type {
  CategoryRecord,
  CouponRecord,
  CustomerRecord,
  NoteRecord,
  OrderRecord,
  ProductRecord,
  RefundRecord,
  TaxRateRecord,
  WebhookRecord,
} from "./records.js";
import { SEQUENCE_NAMES, type SequenceName, type WooStore } from "./woo-store.js";

/**
 * The sandbox's `--data` file: one JSON snapshot of every record and id sequence. Writes are atomic (temporary file,
 * then rename), debounced so that a burst of requests costs one write, capped so that steady traffic still saves,
 * and flushed on close.
 */

const FORMAT = "cpwoo-woo-sandbox";
const VERSION = 1;

export interface Snapshot {
  format: typeof FORMAT;
  version: number;
  savedAt: string;
  sequences: Record<SequenceName, number>;
  products: ProductRecord[];
  orders: OrderRecord[];
  refunds: RefundRecord[];
  notes: NoteRecord[];
  customers: CustomerRecord[];
  categories: CategoryRecord[];
  coupons: CouponRecord[];
  webhooks: WebhookRecord[];
  taxRates: TaxRateRecord[];
}

export function snapshotOf(store: WooStore): Snapshot {
  return {
    format: FORMAT,
    version: VERSION,
    savedAt: new Date().toISOString(),
    sequences: store.sequenceValues(),
    products: [...store.products.values()],
    orders: [...store.orders.values()],
    refunds: [...store.refunds.values()],
    notes: [...store.notes.values()],
    customers: [...store.customers.values()],
    categories: [...store.categories.values()],
    coupons: [...store.coupons.values()],
    webhooks: [...store.webhooks.values()],
    taxRates: store.taxRates,
  };
}

export function restoreSnapshot(store: WooStore, raw: unknown, file: string): void {
  const s = raw as Partial<Snapshot> | null;
  if (s === null || typeof s !== "object" || s.format !== FORMAT) {
    throw new Error(`${file} is not a cpwoo WooCommerce sandbox data file (format field is not "${FORMAT}")`);
  }
  if (s.version !== VERSION) throw new Error(`${file}: data file version ${String(s.version)} is not supported`);
  const arrays = [
    "products",
    "orders",
    "refunds",
    "notes",
    "customers",
    "categories",
    "coupons",
    "webhooks",
    "taxRates",
  ];
  for (const name of arrays) {
    if (!Array.isArray((s as Record<string, unknown>)[name])) throw new Error(`${file}: field "${name}" is not a list`);
  }
  const snap = s as Snapshot;
  for (const c of snap.categories) store.putCategory(c);
  const parentsFirst = [...snap.products].sort(
    (a, b) => Number(a.type === "variation") - Number(b.type === "variation"),
  );
  for (const p of parentsFirst) store.putProduct(p);
  for (const c of snap.customers) store.putCustomer(c);
  for (const c of snap.coupons) store.putCoupon(c);
  for (const r of snap.taxRates) store.putTaxRate(r);
  for (const o of snap.orders) store.putOrder(o);
  for (const r of snap.refunds) store.putRefund(r);
  for (const n of snap.notes) store.putNote(n);
  for (const w of snap.webhooks) store.putWebhook(w);
  for (const name of SEQUENCE_NAMES) {
    const value = snap.sequences?.[name];
    if (typeof value === "number") store.reserveId(name, value);
  }
}

/** Loads the file into the store; returns false when there is no file yet. */
export function loadDataFile(store: WooStore, file: string): boolean {
  if (!existsSync(file)) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  restoreSnapshot(store, parsed, file);
  return true;
}

export interface WriterOptions {
  /** Quiet time before a write (default 250 ms). */
  debounceMs?: number;
  /** Longest a change may wait while changes keep coming (default 2 s). */
  maxWaitMs?: number;
}

export class SnapshotWriter {
  private timer: NodeJS.Timeout | null = null;
  private firstDirtyAt: number | null = null;
  private writing: Promise<void> = Promise.resolve();
  private unsubscribe: () => void;
  /** How many times the file was written (tests check the debouncing with it). */
  writes = 0;

  constructor(
    private readonly store: WooStore,
    private readonly file: string,
    private readonly options: WriterOptions = {},
  ) {
    this.unsubscribe = store.onChange(() => this.schedule());
  }

  private schedule(): void {
    const now = Date.now();
    this.firstDirtyAt ??= now;
    if (this.timer !== null) clearTimeout(this.timer);
    const debounce = this.options.debounceMs ?? 250;
    const maxWait = this.options.maxWaitMs ?? 2000;
    const wait = Math.max(0, Math.min(debounce, this.firstDirtyAt + maxWait - now));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  /** Writes now if anything changed since the last write. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.firstDirtyAt === null) return this.writing;
    this.firstDirtyAt = null;
    const text = JSON.stringify(snapshotOf(this.store));
    const tmp = `${this.file}.tmp-${process.pid}`;
    this.writing = this.writing.then(async () => {
      await writeFile(tmp, text, "utf8");
      await rename(tmp, this.file);
      this.writes++;
    });
    return this.writing;
  }

  /** Forces a write even without changes (the first save of a fresh store). */
  markDirty(): void {
    this.firstDirtyAt ??= Date.now();
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.flush();
  }
}
