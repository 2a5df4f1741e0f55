import type {
  BatchItemError,
  BatchItemResult,
  Product,
  ProductWrite,
  Variation,
  VariationWrite,
  WooClient,
} from "../../woocommerce/index.js";
import { WooError } from "../../woocommerce/index.js";
import { stockHash } from "../inventory/stock-fields.js";
import { priceHash } from "../prices/price-fields.js";
import type { CatalogOp } from "./catalog-ops.js";

/** How one op ended. */
export type OpOutcome =
  | { op: CatalogOp; ok: true; id: number }
  | { op: CatalogOp; ok: false; reason: string; gone: boolean };

/** Codes meaning the mapped Woo id no longer exists (deleted on the web). */
const GONE_CODES = new Set(["woocommerce_rest_product_invalid_id", "woocommerce_rest_invalid_product_id"]);

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Would sending it again be sensible? A 5xx/429 or no answer at all; not a refusal of the data. */
function worthRetrying(error: BatchItemError): boolean {
  return error.status === null || error.status >= 500 || error.status === 429;
}

/** Whether a record read back already shows what the op wanted (stock and price, the parts that matter for selling). */
function alreadyApplied(op: CatalogOp, web: Product | Variation): boolean {
  const body = op.body as Record<string, unknown>;
  if ("stock_quantity" in body && stockHash(body as never) !== stockHash(web)) return false;
  if ("regular_price" in body && priceHash(body) !== priceHash(web)) return false;
  if ("status" in body && body.status !== web.status) return false;
  return true;
}

function stripForUpdate(body: ProductWrite | VariationWrite): ProductWrite & VariationWrite {
  const { sku: _sku, ...rest } = body as ProductWrite & { type?: unknown };
  const { type: _type, ...clean } = rest as ProductWrite & { type?: unknown };
  return clean as ProductWrite & VariationWrite;
}

/**
 * Settles the ops a batch reported as failed, one by one: an op whose outcome is unknown (a proxy 502/504, a timeout,
 * an unreadable answer) is first read back by SKU — a create found on the web is adopted, never sent twice, and a
 * write already visible is not repeated; transient failures are retried once on their own; a mapped id the store no
 * longer knows is reported as gone; any other refusal is reported with the store's reason.
 */
async function settleFailures(
  woo: WooClient,
  failures: Array<{ op: CatalogOp; error: BatchItemError }>,
): Promise<OpOutcome[]> {
  if (failures.length === 0) return [];
  const readBack = failures.filter((f) => f.error.readBack);
  const found = new Map<string, Product>();
  if (readBack.length > 0) {
    try {
      for (const p of await woo.products.bySku(readBack.map((f) => f.op.sku))) found.set(p.sku, p);
    } catch (err) {
      return failures.map((f) => ({ op: f.op, ok: false, reason: `read back failed: ${reasonOf(err)}`, gone: false }));
    }
  }
  const out: OpOutcome[] = [];
  for (const { op, error } of failures) {
    if (!error.readBack && GONE_CODES.has(error.code)) {
      out.push({
        op,
        ok: false,
        reason: `Woo ${op.target} ${op.id ?? ""} no longer exists (${error.code})`,
        gone: true,
      });
      continue;
    }
    if (!error.readBack && !worthRetrying(error)) {
      out.push({ op, ok: false, reason: `${error.code}: ${error.message}`, gone: false });
      continue;
    }
    try {
      const web = found.get(op.sku);
      if (web !== undefined) {
        const id = web.id;
        if (!alreadyApplied(op, web)) await sendOne(woo, { ...op, id, action: "update" });
        out.push({ op, ok: true, id });
      } else {
        out.push({ op, ok: true, id: await sendOne(woo, op) });
      }
    } catch (err) {
      out.push({ op, ok: false, reason: reasonOf(err), gone: false });
    }
  }
  return out;
}

/** One op on its own (the per-item retry). Returns the record's id. */
async function sendOne(woo: WooClient, op: CatalogOp): Promise<number> {
  if (op.target === "product") {
    if (op.id === null) return (await woo.products.create(op.body)).id;
    return (await woo.products.update(op.id, stripForUpdate(op.body))).id;
  }
  if (op.parentId === null) throw new Error(`variation ${op.sku}: parent product id unknown`);
  if (op.id !== null) return (await woo.variations.update(op.parentId, op.id, stripForUpdate(op.body))).id;
  const result = await woo.variations.batch(op.parentId, { create: [op.body as VariationWrite] });
  const first = result.create[0];
  if (first === undefined) throw new Error(`variation ${op.sku}: the store sent no result`);
  if (!first.ok) throw new Error(`${first.error.code}: ${first.error.message}`);
  return first.id;
}

function collect<T>(
  ops: readonly CatalogOp[],
  results: ReadonlyArray<BatchItemResult<T>>,
  outcomes: OpOutcome[],
  failures: Array<{ op: CatalogOp; error: BatchItemError }>,
): void {
  ops.forEach((op, i) => {
    const r = results[i];
    if (r === undefined) {
      failures.push({
        op,
        error: { code: "cpwoo_batch_missing_result", message: "no result", status: null, readBack: true },
      });
    } else if (r.ok) outcomes.push({ op, ok: true, id: r.id });
    else failures.push({ op, error: r.error });
  });
}

/** Product creates and updates through `/products/batch` (≤100 items per request). */
export async function pushProductOps(woo: WooClient, ops: readonly CatalogOp[]): Promise<OpOutcome[]> {
  const creates = ops.filter((o) => o.id === null);
  const updates = ops.filter((o) => o.id !== null);
  if (creates.length + updates.length === 0) return [];
  const outcomes: OpOutcome[] = [];
  const failures: Array<{ op: CatalogOp; error: BatchItemError }> = [];
  try {
    const result = await woo.products.batch({
      create: creates.map((o) => o.body as ProductWrite),
      update: updates.map((o) => ({ ...stripForUpdate(o.body), id: o.id as number })),
    });
    collect(creates, result.create, outcomes, failures);
    collect(updates, result.update, outcomes, failures);
  } catch (err) {
    if (!(err instanceof WooError)) throw err;
    return ops.map((op) => ({ op, ok: false, reason: reasonOf(err), gone: false }));
  }
  return [...outcomes, ...(await settleFailures(woo, failures))];
}

/** Variation creates and updates, one `/products/{parent}/variations/batch` per parent (in parallel). */
export async function pushVariationOps(woo: WooClient, ops: readonly CatalogOp[]): Promise<OpOutcome[]> {
  const byParent = new Map<number, CatalogOp[]>();
  const outcomes: OpOutcome[] = [];
  for (const op of ops) {
    if (op.parentId === null) {
      outcomes.push({ op, ok: false, reason: "parent product was not created", gone: false });
      continue;
    }
    byParent.set(op.parentId, [...(byParent.get(op.parentId) ?? []), op]);
  }
  const settled = await Promise.all(
    [...byParent.entries()].map(async ([parentId, group]) => {
      const creates = group.filter((o) => o.id === null);
      const updates = group.filter((o) => o.id !== null);
      const done: OpOutcome[] = [];
      const failures: Array<{ op: CatalogOp; error: BatchItemError }> = [];
      try {
        const result = await woo.variations.batch(parentId, {
          create: creates.map((o) => o.body as VariationWrite),
          update: updates.map((o) => ({ ...stripForUpdate(o.body), id: o.id as number })),
        });
        collect(creates, result.create, done, failures);
        collect(updates, result.update, done, failures);
      } catch (err) {
        if (!(err instanceof WooError)) throw err;
        return group.map((op): OpOutcome => ({ op, ok: false, reason: reasonOf(err), gone: false }));
      }
      return [...done, ...(await settleFailures(woo, failures))];
    }),
  );
  return [...outcomes, ...settled.flat()];
}
