import type { Settings } from "../../config/index.js";
import type { CounterpointDb } from "../../counterpoint/connect.js";
import {
  type CatalogChangeTable,
  type CatalogItemRow,
  countCatalogItems,
  readCatalogItemPage,
  readCatalogItems,
  readTableChanges,
  readEcCategories,
  readGridDimensions,
  readItemEcCategories,
  readMaintenanceMarks,
  readPriceRows,
  readStockRows,
} from "../../counterpoint/catalog/index.js";
import { cpDateTimeText } from "../../counterpoint/datetime.js";
import { getCursor, setCursor } from "../../store/cursors.js";
import type { PushedValue } from "../../store/pushed-hashes.js";
import { stableHash } from "../../store/stable-hash.js";
import type { StateDb } from "../../store/state-db.js";
import { MAX_BATCH_ITEMS, type Product, type WooClient } from "../../woocommerce/index.js";
import { loadWebPricing, type WebPricing } from "../prices/load-web-pricing.js";
import {
  saleMoments,
  scheduleKey,
  tierParties,
  type WebPriceContext,
  type WebPriceExtras,
  webPriceExtras,
} from "../prices/web-price-extras.js";
import { assembleCatalogItems, type CatalogItem } from "./catalog-item.js";
import { type CatalogOp, type CatalogPart, type CatalogSyncReport, emptyReport } from "./catalog-ops.js";
import { dropIdMaps, loadIdMapFor, loadPushedHashes, saveIdMaps, savePushedHashes } from "./catalog-state.js";
import { ensureWebCategories } from "./ensure-web-categories.js";
import { planItemOps } from "./plan-item-ops.js";
import { type OpOutcome, pushProductOps, pushVariationOps } from "./push-catalog-ops.js";
import { catalogCursorName, laterMark, resumeMarks, type TableMarks } from "./run-cursor.js";

/** A web product as far as SKU matching needs it. */
type WebRef = Pick<Product, "id" | "sku" | "type" | "parent_id">;

/** The adapters the catalog flows use; built by the app, never here. */
export interface CatalogPorts {
  cp: CounterpointDb;
  woo: WooClient;
  state: StateDb;
  /** Which web store the id maps, hashes and cursors belong to. */
  storeId: string;
  settings: Pick<Settings, "catalog" | "counterpoint" | "customers">;
}

export interface CatalogProgress {
  phase: "categories" | "items";
  done: number;
  /** Null when unknown. */
  total: number | null;
}

export interface CatalogSyncOptions {
  parts: readonly CatalogPart[];
  /** Every item, pushed whatever the hashes say, and the web catalog walked for SKUs Counterpoint lacks. */
  full?: boolean;
  /** Only these items (ITEM_NO = the product SKU). */
  skus?: readonly string[];
  /** Plan and report, write nothing (no web writes, no state). */
  dryRun?: boolean;
  onProgress?: (progress: CatalogProgress) => void;
  /** The moment promotions and contracts are evaluated at (default: the clock). */
  now?: Date;
}

const partTables: Record<CatalogPart, readonly CatalogChangeTable[]> = {
  product: [
    "IM_ITEM",
    "EC_ITEM_DESCR",
    "EC_CATEG_ITEM",
    "IM_GRID_DIM_1",
    "IM_GRID_DIM_2",
    "IM_GRID_DIM_3",
    "IM_INV_CELL",
  ],
  stock: ["IM_ITEM", "IM_INV", "IM_INV_CELL"],
  price: ["IM_ITEM", "IM_PRC"],
};

function minus(text: string, seconds: number): string {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  return cpDateTimeText(new Date(d.getTime() - seconds * 1000));
}

/** Pushed-hash kinds, per part. */
const KINDS = { product: "product", stock: "stock", price: "price", sale: "sale", tiers: "tiers" } as const;

/**
 * Counterpoint → WooCommerce for the chosen parts (product content, stock, prices). Reads only what changed since
 * the last run (maintenance timestamps, a cursor per part set), skips what the web already has (pushed hashes), and
 * sends the rest in batches of ≤100 per endpoint (variations through their parent's batch). Items are handled a page
 * at a time, so memory stays bounded whatever the catalog size.
 */
export async function syncCatalog(ports: CatalogPorts, options: CatalogSyncOptions): Promise<CatalogSyncReport> {
  const started = performance.now();
  const s = ports.settings.catalog;
  const parts = [...new Set(options.parts)].sort();
  const partSet = new Set(parts);
  const full = options.full === true;
  const dryRun = options.dryRun === true;
  const report = emptyReport(parts, full, dryRun);
  const cursorName = catalogCursorName(ports.storeId, parts);
  const tables = [...new Set(parts.flatMap((p) => partTables[p]))];

  // Sale and tier prices depend on the price rules and on the clock (a promotion starts or ends with no row changing),
  // so a change of either, or of the settings that shape them, re-reads every item; the pushed hashes still keep
  // unchanged prices off the wire.
  const pricing = partSet.has("price") ? await webPricingFor(ports, options.now ?? new Date()) : null;
  const rulesCursorName = `catalog-price-rules:${ports.storeId}`;
  const rulesChanged =
    pricing !== null && (await getCursor(ports.state, rulesCursorName))?.value !== pricing.fingerprint;

  let categoryMap = new Map<string, number>();
  if (partSet.has("product")) {
    options.onProgress?.({ phase: "categories", done: 0, total: null });
    const cats = await ensureWebCategories(
      ports.woo,
      ports.state,
      ports.storeId,
      await readEcCategories(ports.cp),
      dryRun,
    );
    categoryMap = cats.map;
    report.categoriesCreated = cats.created;
    report.failed.push(...cats.failed.map((f) => ({ sku: f.key, reason: f.reason })));
  }

  // Mappings are loaded a page at a time (see processPage): a delta run of a few items never reads them all.
  const productIds = new Map<string, number>();
  const variationIds = new Map<string, number>();
  const newMaps = {
    product: [] as Array<{ cpKey: string; wooId: number }>,
    variation: [] as Array<{ cpKey: string; wooId: number }>,
  };
  const gone = { product: [] as string[], variation: [] as string[] };

  // The web catalog, walked once when a full run reconciles or when too many SKUs are unmapped to ask one by one.
  // Only what matching needs is kept: whole products would hold hundreds of MB for a large store.
  let webCatalog: Map<string, WebRef> | null = null;
  const walkWeb = async () => {
    if (webCatalog === null) {
      webCatalog = new Map();
      for await (const page of ports.woo.products.pages({ status: "any" })) {
        for (const p of page.items) {
          if (p.sku !== "") webCatalog.set(p.sku, { id: p.id, sku: p.sku, type: p.type, parent_id: p.parent_id });
        }
      }
    }
    return webCatalog;
  };
  // Which items to look at: a cursorless first pass reads everything, so the web catalog is listed once (one GET per
  // 100 web products) rather than asked for SKU by SKU.
  const cursor =
    options.skus === undefined && !full ? await resumeMarks(ports.state, ports.storeId, parts, tables) : undefined;
  // A pass over every item resumes next time from the marks read before it; a delta run takes them from its change
  // scan (below). Runs for chosen SKUs move no cursor.
  let nextMarks: TableMarks | null =
    options.skus === undefined && (cursor === undefined || rulesChanged)
      ? Object.fromEntries(await readMaintenanceMarks(ports.cp, tables))
      : null;
  if (partSet.has("product") && options.skus === undefined && (full || cursor === undefined)) await walkWeb();
  // Every SKU Counterpoint has, for the full run's report of web products without an item; other runs keep none.
  const reconcile = full && partSet.has("product") && options.skus === undefined;
  const seenSkus = new Set<string>();

  const findOnWeb = async (skus: string[]): Promise<Map<string, WebRef>> => {
    const out = new Map<string, WebRef>();
    if (skus.length === 0) return out;
    if (webCatalog !== null || skus.length > s.listCatalogAbove) {
      const web = await walkWeb();
      for (const sku of skus) {
        const p = web.get(sku);
        if (p) out.set(sku, p);
      }
      // A SKU that is a variation on the web is not in the list: its create is refused (product_invalid_sku) and
      // reported, never matched by guessing.
      return out;
    }
    for (const p of await ports.woo.products.bySku(skus)) out.set(p.sku, p);
    return out;
  };

  /** `last`: no page follows, so product writes waiting for a full batch go now, alongside this page's. */
  const processPage = async (rows: CatalogItemRow[], last: boolean) => {
    report.itemsRead += rows.length;
    const itemNos = rows.map((r) => r.itemNo);
    const gridNos = rows.filter((r) => r.gridded).map((r) => r.itemNo);
    const qtyColumns = [...s.stock.add, ...s.stock.subtract];
    const [dims, stock, prices, categories] = [
      await readGridDimensions(ports.cp, gridNos),
      await readStockRows(ports.cp, itemNos, ports.settings.counterpoint.stockLocations, qtyColumns),
      await readPriceRows(ports.cp, itemNos, ports.settings.counterpoint.priceLocation, s.prices.level),
      await readItemEcCategories(ports.cp, itemNos),
    ];
    const items = assembleCatalogItems({ items: rows, dims, stock, prices, categories }, s);
    const extras = pricing === null ? undefined : await pricing.extrasFor(items);
    if (reconcile) {
      for (const i of items) {
        seenSkus.add(i.sku);
        for (const c of i.grid?.cells ?? []) seenSkus.add(c.sku);
      }
    }
    productIds.clear();
    variationIds.clear();
    await loadIdMapFor(ports.state, ports.storeId, "product", itemNos, productIds);
    await loadIdMapFor(
      ports.state,
      ports.storeId,
      "variation",
      items.flatMap((i) => i.grid?.cells.map((c) => c.sku) ?? []),
      variationIds,
    );
    const relevant = items.filter((i) => i.forSale || productIds.has(i.row.itemNo));
    await resolveIds(relevant);
    await savePage(relevant, extras, last);
  };

  /** Links items (and grid cells) not mapped yet to web records with the same SKU; conflicts are reported. */
  const resolveIds = async (items: CatalogItem[]) => {
    const unmapped = items.filter((i) => i.forSale && !productIds.has(i.row.itemNo));
    const found = await findOnWeb(unmapped.map((i) => i.sku));
    const conflicts = new Set<string>();
    for (const item of unmapped) {
      const web = found.get(item.sku);
      if (web === undefined) {
        if (!partSet.has("product"))
          report.missing.push({ sku: item.sku, side: "web", detail: "not on the web yet: run cpwoo catalog sync" });
        continue;
      }
      const wanted = item.grid === null ? "simple" : "variable";
      if (web.type !== wanted) {
        conflicts.add(item.sku);
        report.failed.push({
          sku: item.sku,
          reason: `on the web as a ${web.type}${web.type === "variation" ? ` of product ${web.parent_id}` : ""} (id ${web.id}), but a ${wanted === "simple" ? "simple" : "grid"} item in Counterpoint: not changed`,
        });
        continue;
      }
      productIds.set(item.row.itemNo, web.id);
      newMaps.product.push({ cpKey: item.row.itemNo, wooId: web.id });
    }
    const cellSkus: Array<{ sku: string; parentId: number }> = [];
    for (const item of items) {
      const parentId = productIds.get(item.row.itemNo);
      if (parentId === undefined || !item.forSale) continue;
      for (const c of item.grid?.cells ?? []) if (!variationIds.has(c.sku)) cellSkus.push({ sku: c.sku, parentId });
    }
    if (cellSkus.length > 0) {
      const web = new Map<string, Product>();
      for (const p of await ports.woo.products.bySku(cellSkus.map((c) => c.sku))) web.set(p.sku, p);
      for (const c of cellSkus) {
        const v = web.get(c.sku);
        if (v === undefined) continue;
        if (v.type !== "variation" || v.parent_id !== c.parentId) {
          report.failed.push({
            sku: c.sku,
            reason: `on the web as ${v.type} ${v.id}${v.parent_id ? ` of product ${v.parent_id}` : ""}, not a variation of product ${c.parentId}: not changed`,
          });
          conflicts.add(c.sku);
          continue;
        }
        variationIds.set(c.sku, v.id);
        newMaps.variation.push({ cpKey: c.sku, wooId: v.id });
      }
    }
    for (const sku of conflicts) blocked.add(sku);
  };
  const blocked = new Set<string>();

  const savePage = async (
    items: CatalogItem[],
    extras: ReadonlyMap<string, WebPriceExtras> | undefined,
    last: boolean,
  ) => {
    const keys = { product: [] as string[], sku: [] as string[] };
    for (const i of items) {
      keys.product.push(i.row.itemNo);
      keys.sku.push(i.sku, ...(i.grid?.cells.map((c) => c.sku) ?? []));
    }
    const stored = {
      product: await loadPushedHashes(ports.state, ports.storeId, KINDS.product, keys.product),
      stock: await loadPushedHashes(ports.state, ports.storeId, KINDS.stock, keys.sku),
      price: await loadPushedHashes(ports.state, ports.storeId, KINDS.price, keys.sku),
      sale: await loadPushedHashes(ports.state, ports.storeId, KINDS.sale, keys.sku),
      tiers: await loadPushedHashes(ports.state, ports.storeId, KINDS.tiers, keys.sku),
    };
    const ops: CatalogOp[] = [];
    for (const item of items) {
      if (blocked.has(item.sku)) continue;
      try {
        const plan = planItemOps(item, {
          storeId: ports.storeId,
          settings: s,
          parts: partSet,
          force: full,
          categoryMap,
          productIds,
          variationIds,
          stored,
          ...(extras === undefined ? {} : { extras }),
        });
        report.unchanged += plan.unchanged;
        ops.push(...plan.ops.filter((o) => !blocked.has(o.sku)));
      } catch (err) {
        report.failed.push({ sku: item.sku, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    if (dryRun) {
      for (const op of ops) {
        count(op);
        for (const child of op.children ?? []) count(child);
      }
      return;
    }
    pendingProducts.push(...ops.filter((o) => o.target === "product"));
    await push(
      ops.filter((o) => o.target === "variation"),
      last,
    );
  };

  // Product writes wait for a full batch across pages, so a run makes ⌈writes/100⌉ product requests, not one partial
  // batch per page; `flush` sends the rest at the end. Variations go at once: each parent's cells are in one page.
  const pendingProducts: CatalogOp[] = [];
  const push = async (variationOps: CatalogOp[], flush: boolean) => {
    const ready = flush ? pendingProducts.length : pendingProducts.length - (pendingProducts.length % MAX_BATCH_ITEMS);
    const productOutcomes = await pushProductOps(ports.woo, pendingProducts.splice(0, ready));
    for (const outcome of productOutcomes) {
      const children = outcome.op.children ?? [];
      if (outcome.ok) {
        for (const child of children) variationOps.push({ ...child, parentId: outcome.id });
      } else {
        for (const child of children) report.failed.push({ sku: child.sku, reason: `parent ${outcome.op.sku} failed` });
      }
    }
    const variationOutcomes = await pushVariationOps(ports.woo, variationOps);
    const hashes: PushedValue[] = [];
    for (const outcome of [...productOutcomes, ...variationOutcomes]) settle(outcome, hashes);
    await saveIdMaps(ports.state, ports.storeId, "product", newMaps.product.splice(0));
    await saveIdMaps(ports.state, ports.storeId, "variation", newMaps.variation.splice(0));
    await dropIdMaps(ports.state, ports.storeId, "product", gone.product.splice(0));
    await dropIdMaps(ports.state, ports.storeId, "variation", gone.variation.splice(0));
    await savePushedHashes(ports.state, hashes);
  };

  const count = (op: CatalogOp) => {
    if (op.action === "create") report.created++;
    else if (op.action === "retire") report.retired++;
    else report.updated++;
  };

  const settle = (outcome: OpOutcome, hashes: PushedValue[]) => {
    const op = outcome.op;
    if (!outcome.ok) {
      report.failed.push({ sku: op.sku, reason: outcome.reason });
      if (outcome.gone) {
        report.missing.push({ sku: op.sku, side: "web", detail: `${outcome.reason}; the mapping was dropped` });
        if (op.target === "product") {
          gone.product.push(op.itemNo);
          productIds.delete(op.itemNo);
        } else {
          gone.variation.push(op.sku);
          variationIds.delete(op.sku);
        }
      }
      return;
    }
    count(op);
    if (op.id === null) {
      if (op.target === "product") {
        productIds.set(op.itemNo, outcome.id);
        newMaps.product.push({ cpKey: op.itemNo, wooId: outcome.id });
      } else {
        variationIds.set(op.sku, outcome.id);
        newMaps.variation.push({ cpKey: op.sku, wooId: outcome.id });
      }
    }
    hashes.push(...op.hashes);
  };

  if (options.skus !== undefined) {
    const rows = await readCatalogItems(ports.cp, options.skus);
    const known = new Set(rows.map((r) => r.itemNo));
    for (const sku of options.skus)
      if (!known.has(sku)) report.missing.push({ sku, side: "counterpoint", detail: "no item with this ITEM_NO" });
    for (let i = 0; i < rows.length; i += s.pageSize) {
      await processPage(rows.slice(i, i + s.pageSize), i + s.pageSize >= rows.length);
    }
  } else if (cursor === undefined || rulesChanged) {
    const total = await countCatalogItems(ports.cp);
    let after: string | null = null;
    for (;;) {
      const rows = await readCatalogItemPage(ports.cp, after, s.pageSize);
      if (rows.length === 0) break;
      await processPage(rows, rows.length < s.pageSize);
      options.onProgress?.({ phase: "items", done: report.itemsRead, total });
      after = rows[rows.length - 1]?.itemNo ?? null;
      if (rows.length < s.pageSize) break;
    }
  } else {
    const changed = new Set<string>();
    const marks: TableMarks = {};
    for (const table of tables) {
      const mark = cursor[table];
      const found = await readTableChanges(
        ports.cp,
        table,
        mark === null || mark === undefined ? "1900-01-01T00:00:00.000" : minus(mark, s.cursorOverlapSeconds),
      );
      for (const n of found.itemNos) changed.add(n);
      marks[table] = laterMark(found.mark, mark);
    }
    nextMarks = marks;
    const list = [...changed].sort();
    for (let i = 0; i < list.length; i += s.pageSize) {
      await processPage(await readCatalogItems(ports.cp, list.slice(i, i + s.pageSize)), i + s.pageSize >= list.length);
      options.onProgress?.({ phase: "items", done: report.itemsRead, total: list.length });
    }
  }

  if (!dryRun && pendingProducts.length > 0) await push([], true);

  if (reconcile && webCatalog !== null) {
    for (const [sku, p] of webCatalog as Map<string, WebRef>) {
      if (!seenSkus.has(sku)) {
        report.missing.push({
          sku,
          side: "counterpoint",
          detail: `web ${p.type} product ${p.id} has no Counterpoint item with this SKU (not matched by guessing)`,
        });
      }
    }
  }

  if (!dryRun && nextMarks !== null) {
    const nextCursor = JSON.stringify(nextMarks);
    await setCursor(ports.state, cursorName, nextCursor);
    if (pricing !== null) await setCursor(ports.state, rulesCursorName, pricing.fingerprint);
    report.cursor = nextCursor;
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

interface RunPricing {
  /** Rules, schedule and settings: when it differs from the last run's, every item is re-priced. */
  fingerprint: string;
  /** Sale and tier prices of a page's products and variations, by SKU. */
  extrasFor(items: readonly CatalogItem[]): Promise<Map<string, WebPriceExtras>>;
}

/** The price rules loaded once for the run, and the per-page evaluation of sale and tier prices. */
async function webPricingFor(ports: CatalogPorts, now: Date): Promise<RunPricing> {
  const p = ports.settings.catalog.prices;
  const push = ports.settings.customers.push;
  const web: WebPricing = await loadWebPricing(ports.cp);
  const sales = saleMoments(web.rules, now, p.saleHorizonDays);
  const tiers = p.tierPrices.enabled ? tierParties(push.roles, push.roleColumn, push.defaultRole) : [];
  const fingerprint = stableHash({
    rules: web.rulesHash,
    schedule: scheduleKey(web.rules, sales.now, sales.moments),
    prices: p,
    location: ports.settings.counterpoint.priceLocation,
    tiers: tiers.map((t) => [t.role, t.party.row]),
  });
  return {
    fingerprint,
    extrasFor: async (items) => {
      const out = new Map<string, WebPriceExtras>();
      const priced = items.filter((i) => i.forSale);
      if (priced.length === 0) return out;
      const ctx: WebPriceContext = {
        data: await web.forItems(priced.map((i) => i.row.itemNo)),
        now: sales.now,
        moments: sales.moments,
        promotions: sales.promotions,
        tiers,
        location: ports.settings.counterpoint.priceLocation,
        level: p.level,
        decimals: p.decimals,
      };
      for (const item of priced) {
        if (item.grid === null) out.set(item.sku, webPriceExtras(ctx, item.row.itemNo, item.price));
        for (const cell of item.grid?.cells ?? []) out.set(cell.sku, webPriceExtras(ctx, item.row.itemNo, cell.price));
      }
      return out;
    },
  };
}
