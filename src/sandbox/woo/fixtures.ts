import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  categoriesOfProduct,
  categoryFromJson,
  couponFromJson,
  couponsOfOrder,
  customerFromJson,
  detectKind,
  type FixtureKind,
  modifiedOf,
  noteFromJson,
  orderFromJson,
  productFromJson,
  refundFromJson,
  refundStubsOfOrder,
  taxRateFromJson,
  taxRatesOfOrder,
  upLinkId,
  webhookFromJson,
} from "./fixture-mapping.js";
import type { ItemMeta, OrderRecord } from "./records.js";
import type { WooStore } from "./woo-store.js";
import { isObject } from "./write-helpers.js";

/**
 * Preloading the sandbox from WooCommerce JSON: a directory of files, each one object or an array of objects as the
 * wc/v3 routes return them. Recording files (`{kind, request, response}`, as in `../shared/woocommerce/recorded/`)
 * are accepted too: their response body is used, and a webhook delivery's body is a resource as well. Batch bodies
 * contribute their items; error bodies, empty arrays and unknown shapes are skipped and reported.
 *
 * Several versions of one object (the same order before and after a refund) are resolved by a policy: `latest`
 * (default: newest `date_modified_gmt`), `earliest`, or `first` seen. Pinned candidates always win.
 */

export interface FixtureDocument {
  source: string;
  body: unknown;
}

export interface FixtureCandidate {
  kind: FixtureKind;
  id: number;
  source: string;
  /** Order id for notes and refunds. */
  ownerId: number | null;
  modified: number | null;
  body: Record<string, unknown>;
  pinned?: boolean;
}

export interface FixtureSkip {
  source: string;
  reason: string;
}

export type VersionPolicy = "latest" | "earliest" | "first";

export interface FixtureReport {
  loaded: Record<FixtureKind, number>;
  skipped: FixtureSkip[];
}

/** Unwraps a recording file; anything else is taken as a WooCommerce body. */
export function documentsOfFile(source: string, parsed: unknown): FixtureDocument[] {
  if (isObject(parsed) && typeof parsed.kind === "string" && isObject(parsed.response) && isObject(parsed.request)) {
    if (parsed.kind === "webhook_delivery") {
      const raw = parsed.request.body;
      if (typeof raw === "string" && raw.trimStart().startsWith("{")) {
        try {
          return [{ source: `${source} (delivery body)`, body: JSON.parse(raw) }];
        } catch {
          return [{ source, body: null }];
        }
      }
      return [{ source, body: raw ?? null }];
    }
    return [{ source, body: parsed.response.body }];
  }
  return [{ source, body: parsed }];
}

export function readFixtureDirectory(dir: string): FixtureDocument[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const docs: FixtureDocument[] = [];
  for (const file of files) {
    const path = join(dir, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      docs.push({ source: file, body: { __invalid: e instanceof Error ? e.message : String(e) } });
      continue;
    }
    docs.push(...documentsOfFile(file, parsed));
  }
  return docs;
}

/** Every object the documents hold, with its kind; plus what was skipped and why. */
export function collectFixtures(docs: readonly FixtureDocument[]): {
  candidates: FixtureCandidate[];
  skipped: FixtureSkip[];
} {
  const candidates: FixtureCandidate[] = [];
  const skipped: FixtureSkip[] = [];
  const visit = (source: string, body: unknown, where: string): void => {
    if (Array.isArray(body)) {
      if (body.length === 0) skipped.push({ source, reason: `${where}empty array` });
      body.forEach((item, i) => visit(source, item, `${where}[${i}] `));
      return;
    }
    if (!isObject(body)) {
      skipped.push({ source, reason: `${where}not a JSON object (${body === null ? "null" : typeof body})` });
      return;
    }
    if (typeof body.__invalid === "string") {
      skipped.push({ source, reason: `invalid JSON: ${body.__invalid}` });
      return;
    }
    if (["create", "update", "delete"].some((k) => Array.isArray(body[k])) && !("id" in body)) {
      for (const k of ["create", "update", "delete"]) {
        const items = body[k];
        if (!Array.isArray(items)) continue;
        items.forEach((item, i) => {
          if (isObject(item) && isObject(item.error)) {
            skipped.push({ source, reason: `${where}${k}[${i}] is a per-item error (${String(item.error.code)})` });
          } else visit(source, item, `${where}${k}[${i}] `);
        });
      }
      return;
    }
    const kind = detectKind(body);
    if (kind === "error") {
      skipped.push({ source, reason: `${where}error body (${String(body.code)})` });
      return;
    }
    if (kind === null || typeof body.id !== "number") {
      skipped.push({
        source,
        reason: `${where}unrecognised object (keys: ${Object.keys(body).slice(0, 6).join(", ")})`,
      });
      return;
    }
    const ownerId = kind === "note" || kind === "refund" ? upLinkId(body, "orders") : null;
    if ((kind === "note" || kind === "refund") && ownerId === null) {
      skipped.push({ source, reason: `${where}${kind} ${body.id} without an order link` });
      return;
    }
    candidates.push({ kind, id: body.id, source, ownerId, modified: modifiedOf(body), body });
  };
  for (const doc of docs) visit(doc.source, doc.body, "");
  return { candidates, skipped };
}

/** One candidate per kind and id, chosen by the policy (pinned candidates first). */
export function selectFixtures(candidates: readonly FixtureCandidate[], policy: VersionPolicy): FixtureCandidate[] {
  const chosen = new Map<string, { c: FixtureCandidate; order: number }>();
  candidates.forEach((c, order) => {
    const key = `${c.kind}:${c.id}`;
    const current = chosen.get(key);
    if (current === undefined) {
      chosen.set(key, { c, order });
      return;
    }
    const a = current.c;
    if (a.pinned === true && c.pinned !== true) return;
    if (c.pinned === true && a.pinned !== true) {
      chosen.set(key, { c, order });
      return;
    }
    if (policy === "first") return;
    const ma = a.modified ?? Number.NEGATIVE_INFINITY;
    const mc = c.modified ?? Number.NEGATIVE_INFINITY;
    const better = policy === "latest" ? mc >= ma : mc < ma;
    if (better) chosen.set(key, { c, order });
  });
  return [...chosen.values()].sort((x, y) => x.order - y.order).map((x) => x.c);
}

function reserveItemIds(
  store: WooStore,
  order: { lineItems: { id: number; meta: ItemMeta[] }[] },
  other: Array<{ id: number; meta: ItemMeta[] }>,
) {
  for (const item of [...order.lineItems, ...other]) {
    store.reserveId("orderItem", item.id);
    for (const m of item.meta) store.reserveId("itemMeta", m.id);
  }
}

function reserveOrderIds(store: WooStore, o: OrderRecord): void {
  reserveItemIds(store, o, [...o.taxLines, ...o.shippingLines, ...o.feeLines, ...o.couponLines]);
  for (const m of o.metaData) store.reserveId("orderMeta", m.id);
}

/** Puts the chosen objects into the store, in dependency order. */
export function applyFixtures(
  store: WooStore,
  selected: readonly FixtureCandidate[],
  options: { now: number; webhookSecret: string },
): FixtureReport {
  const loaded: Record<FixtureKind, number> = {
    product: 0,
    order: 0,
    refund: 0,
    note: 0,
    customer: 0,
    category: 0,
    coupon: 0,
    webhook: 0,
    taxRate: 0,
  };
  const skipped: FixtureSkip[] = [];
  const of = (kind: FixtureKind) => selected.filter((c) => c.kind === kind);
  const { now } = options;

  for (const c of of("category")) {
    store.putCategory(categoryFromJson(c.body));
    loaded.category++;
  }
  const products = of("product").sort(
    (a, b) => Number(a.body.type === "variation") - Number(b.body.type === "variation"),
  );
  for (const c of products) {
    for (const cat of categoriesOfProduct(c.body)) if (!store.categories.has(cat.id)) store.putCategory(cat);
    const p = productFromJson(c.body, now);
    for (const m of p.metaData) store.reserveId("postMeta", m.id);
    store.putProduct(p);
    loaded.product++;
  }
  for (const c of of("customer")) {
    const customer = customerFromJson(c.body, now);
    for (const m of customer.metaData) store.reserveId("userMeta", m.id);
    store.putCustomer(customer);
    loaded.customer++;
  }
  for (const c of of("taxRate")) {
    store.putTaxRate(taxRateFromJson(c.body));
    loaded.taxRate++;
  }
  for (const c of of("coupon")) {
    store.putCoupon(couponFromJson(c.body));
    loaded.coupon++;
  }
  const refundSummaries = new Map<number, number>();
  for (const c of of("order")) {
    const order = orderFromJson(c.body, now);
    reserveOrderIds(store, order);
    for (const coupon of couponsOfOrder(c.body))
      if (store.couponByCode(coupon.code) === undefined) store.putCoupon(coupon);
    for (const rate of taxRatesOfOrder(c.body))
      if (!store.taxRates.some((r) => r.id === rate.id)) store.putTaxRate(rate);
    store.putOrder(order);
    for (const stub of refundStubsOfOrder(c.body)) {
      refundSummaries.set(stub.id, order.id);
      store.putRefund(stub);
    }
    loaded.order++;
  }
  // An order's chosen version says which refunds exist; refund objects only add their detail.
  for (const c of of("refund")) {
    if (refundSummaries.get(c.id) !== c.ownerId) {
      skipped.push({
        source: c.source,
        reason: `refund ${c.id} is not listed by the chosen version of order ${c.ownerId}`,
      });
      continue;
    }
    const refund = refundFromJson(c.body, c.ownerId ?? 0, now);
    reserveItemIds(store, { lineItems: refund.lineItems }, [
      ...refund.taxLines,
      ...refund.shippingLines,
      ...refund.feeLines,
    ]);
    for (const m of refund.metaData) store.reserveId("orderMeta", m.id);
    store.putRefund(refund);
    loaded.refund++;
  }
  for (const c of of("note")) {
    if (c.ownerId === null || !store.orders.has(c.ownerId)) {
      skipped.push({ source: c.source, reason: `note ${c.id} belongs to order ${c.ownerId}, which is not loaded` });
      continue;
    }
    store.putNote(noteFromJson(c.body, c.ownerId, now));
    loaded.note++;
  }
  for (const c of of("webhook")) {
    store.putWebhook(webhookFromJson(c.body, options.webhookSecret, now));
    loaded.webhook++;
  }
  return { loaded, skipped };
}

/** Reads, selects and applies in one go (what `--fixtures DIR` does). */
export function loadFixtures(
  store: WooStore,
  docs: readonly FixtureDocument[],
  options: { now: number; webhookSecret: string; policy?: VersionPolicy },
): FixtureReport {
  const { candidates, skipped } = collectFixtures(docs);
  const report = applyFixtures(store, selectFixtures(candidates, options.policy ?? "latest"), options);
  return { loaded: report.loaded, skipped: [...skipped, ...report.skipped] };
}
