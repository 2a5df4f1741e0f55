import type { CatalogSettings } from "../../config/settings-catalog.js";
import { stableHash } from "../../store/stable-hash.js";
import type { ProductWrite } from "../../woocommerce/schemas/product.js";
import { stockFields, stockHash } from "../inventory/stock-fields.js";
import { priceFields, priceHash } from "../prices/price-fields.js";
import { saleFields, saleHash } from "../prices/sale-fields.js";
import { tierHash, tierMeta } from "../prices/tier-meta.js";
import type { WebPriceExtras } from "../prices/web-price-extras.js";
import type { CatalogItem } from "./catalog-item.js";
import type { CatalogOp, CatalogPart } from "./catalog-ops.js";
import { contentHash, productContent, updatableContent } from "./product-content.js";

/** The hash a product carries in pushed_hashes (kind "product") while it is retired as a draft. */
export const RETIRED_DRAFT_HASH = stableHash({ retired: "draft" });

export interface PlanContext {
  storeId: string;
  settings: CatalogSettings;
  parts: ReadonlySet<CatalogPart>;
  /** Push even when the hash says the web already has it (`--full`: repairs drift made on the web). */
  force: boolean;
  categoryMap: ReadonlyMap<string, number>;
  /** ITEM_NO → Woo product id; cell SKU → Woo variation id. */
  productIds: ReadonlyMap<string, number>;
  variationIds: ReadonlyMap<string, number>;
  /** Stored hashes by kind, key → hash. */
  stored: {
    product: ReadonlyMap<string, string>;
    stock: ReadonlyMap<string, string>;
    price: ReadonlyMap<string, string>;
    sale: ReadonlyMap<string, string>;
    tiers: ReadonlyMap<string, string>;
  };
  /** Sale and tier prices per product/variation SKU, when the price part computed them; absent SKUs get neither. */
  extras?: ReadonlyMap<string, WebPriceExtras>;
}

export interface ItemPlan {
  ops: CatalogOp[];
  /** Records already as wanted. */
  unchanged: number;
}

/**
 * Decides, for one item, which web writes are needed (pure): creates for items not on the web yet, updates carrying
 * only the parts whose hash changed (or all, when forced), and retirement of items no longer for sale.
 */
export function planItemOps(item: CatalogItem, ctx: PlanContext): ItemPlan {
  const s = ctx.settings;
  const itemNo = item.row.itemNo;
  const productId = ctx.productIds.get(itemNo) ?? null;
  const pv = (kind: string, key: string, hash: string) => ({ storeId: ctx.storeId, kind, key, hash });
  const ops: CatalogOp[] = [];
  let unchanged = 0;

  if (!item.forSale) {
    if (productId === null) return { ops, unchanged };
    return retireOps(item, productId, ctx);
  }

  const content = productContent(item, ctx.categoryMap, s);
  const maintained = updatableContent(content, s);
  const cHash = contentHash(maintained);
  const stockOf = (qty: number) => stockFields(qty, s.stock.backorders);

  if (productId === null) {
    if (!ctx.parts.has("product")) return { ops, unchanged };
    const base: ProductWrite = { sku: item.sku, status: s.newProductStatus, ...content };
    if (item.grid === null) {
      const stock = stockOf(item.quantity);
      const price = priceFields(item.price, s.prices.decimals);
      const body: Record<string, unknown> = { ...base, type: "simple", ...stock, ...price };
      const hashes = [
        pv("product", itemNo, cHash),
        pv("stock", item.sku, stockHash(stock)),
        pv("price", item.sku, priceHash(price)),
      ];
      addChangedSaleAndTiers(ctx, item.sku, body, hashes);
      ops.push({ sku: item.sku, itemNo, target: "product", action: "create", id: null, parentId: null, body, hashes });
    } else {
      ops.push({
        sku: item.sku,
        itemNo,
        target: "product",
        action: "create",
        id: null,
        parentId: null,
        body: { ...base, type: "variable" },
        hashes: [pv("product", itemNo, cHash)],
        children: item.grid.cells.map((cell) => cellCreate(item, cell, null, ctx)),
      });
    }
    return { ops, unchanged };
  }

  // The product exists on the web.
  const productBody: Record<string, unknown> = {};
  const productHashes: CatalogOp["hashes"] = [];
  if (ctx.parts.has("product")) {
    const stored = ctx.stored.product.get(itemNo);
    if (ctx.force || stored !== cHash) {
      Object.assign(productBody, maintained);
      if (stored === RETIRED_DRAFT_HASH) productBody.status = s.newProductStatus;
      productHashes.push(pv("product", itemNo, cHash));
    }
  }
  if (item.grid === null) addChangedStockAndPrice(ctx, item.sku, item.quantity, item.price, productBody, productHashes);
  if (productHashes.length > 0) {
    ops.push({
      sku: item.sku,
      itemNo,
      target: "product",
      action: "update",
      id: productId,
      parentId: null,
      body: productBody,
      hashes: productHashes,
    });
  } else unchanged++;

  for (const cell of item.grid?.cells ?? []) {
    const variationId = ctx.variationIds.get(cell.sku) ?? null;
    if (variationId === null) {
      if (ctx.parts.has("product")) ops.push(cellCreate(item, cell, productId, ctx));
      continue;
    }
    const body: Record<string, unknown> = {};
    const hashes: CatalogOp["hashes"] = [];
    addChangedStockAndPrice(ctx, cell.sku, cell.quantity, cell.price, body, hashes);
    if (hashes.length === 0) {
      unchanged++;
      continue;
    }
    ops.push({
      sku: cell.sku,
      itemNo,
      target: "variation",
      action: "update",
      id: variationId,
      parentId: productId,
      body: body,
      hashes,
    });
  }
  return { ops, unchanged };
}

/**
 * Adds the stock and price fields of one product or variation to `body` when their hash differs from what was last
 * pushed (or always, when forced), with the hashes to record once the write succeeds.
 */
function addChangedStockAndPrice(
  ctx: PlanContext,
  sku: string,
  quantity: CatalogItem["quantity"],
  price: CatalogItem["price"],
  body: Record<string, unknown>,
  hashes: CatalogOp["hashes"],
): void {
  const parts: [kind: "stock" | "price", fields: object, hash: string][] = [];
  if (ctx.parts.has("stock")) {
    const stock = stockFields(quantity, ctx.settings.stock.backorders);
    parts.push(["stock", stock, stockHash(stock)]);
  }
  if (ctx.parts.has("price")) {
    const fields = priceFields(price, ctx.settings.prices.decimals);
    parts.push(["price", fields, priceHash(fields)]);
  }
  for (const [kind, fields, hash] of parts) {
    if (ctx.force || ctx.stored[kind].get(sku) !== hash) {
      Object.assign(body, fields);
      hashes.push({ storeId: ctx.storeId, kind, key: sku, hash });
    }
  }
  addChangedSaleAndTiers(ctx, sku, body, hashes);
}

/**
 * Adds the sale fields and the tier-price meta of one product or variation when they changed. A promotion's sale is
 * always cpwoo's to write; without one, a sale is cleared only when cpwoo set it (a stored sale hash other than "no
 * sale"), unless settings make Counterpoint the owner of every web sale. Tier meta is written once there are tier
 * prices, and emptied when they go.
 */
function addChangedSaleAndTiers(
  ctx: PlanContext,
  sku: string,
  body: Record<string, unknown>,
  hashes: CatalogOp["hashes"],
): void {
  const extras = ctx.extras?.get(sku);
  if (extras === undefined || !ctx.parts.has("price")) return;
  const p = ctx.settings.prices;
  const sale = saleFields(extras.sale);
  const sHash = saleHash(sale);
  const storedSale = ctx.stored.sale.get(sku);
  const sendSale =
    extras.sale !== null || p.saleOwner === "counterpoint"
      ? ctx.force || storedSale !== sHash
      : storedSale !== undefined && storedSale !== sHash;
  if (sendSale) {
    Object.assign(body, sale);
    hashes.push({ storeId: ctx.storeId, kind: "sale", key: sku, hash: sHash });
  }
  if (!p.tierPrices.enabled) return;
  const meta = tierMeta(p.tierPrices.metaKey, extras.tiers);
  const tHash = tierHash(meta);
  const storedTiers = ctx.stored.tiers.get(sku);
  const sendTiers =
    meta.value === "" ? storedTiers !== undefined && storedTiers !== tHash : ctx.force || storedTiers !== tHash;
  if (sendTiers) {
    body.meta_data = [meta];
    hashes.push({ storeId: ctx.storeId, kind: "tiers", key: sku, hash: tHash });
  }
}

function cellCreate(
  item: CatalogItem,
  cell: NonNullable<CatalogItem["grid"]>["cells"][number],
  parentId: number | null,
  ctx: PlanContext,
): CatalogOp {
  const stock = stockFields(cell.quantity, ctx.settings.stock.backorders);
  const price = priceFields(cell.price, ctx.settings.prices.decimals);
  const pv = (kind: string, hash: string) => ({ storeId: ctx.storeId, kind, key: cell.sku, hash });
  const body: Record<string, unknown> = { sku: cell.sku, attributes: cell.options, ...stock, ...price };
  const hashes = [pv("stock", stockHash(stock)), pv("price", priceHash(price))];
  addChangedSaleAndTiers(ctx, cell.sku, body, hashes);
  return {
    sku: cell.sku,
    itemNo: item.row.itemNo,
    target: "variation",
    action: "create",
    id: null,
    parentId,
    body,
    hashes,
  };
}

/** An item no longer for sale: out of stock (every cell of a grid), or the product set to draft. Nothing is deleted. */
function retireOps(item: CatalogItem, productId: number, ctx: PlanContext): ItemPlan {
  const s = ctx.settings;
  const itemNo = item.row.itemNo;
  const ops: CatalogOp[] = [];
  let unchanged = 0;
  if (s.retiredItems === "draft") {
    if (!ctx.force && ctx.stored.product.get(itemNo) === RETIRED_DRAFT_HASH) return { ops, unchanged: 1 };
    ops.push({
      sku: item.sku,
      itemNo,
      target: "product",
      action: "retire",
      id: productId,
      parentId: null,
      body: { status: "draft" },
      hashes: [{ storeId: ctx.storeId, kind: "product", key: itemNo, hash: RETIRED_DRAFT_HASH }],
    });
    return { ops, unchanged };
  }
  const zero = stockFields(0, "no");
  const h = stockHash(zero);
  const targets =
    item.grid === null
      ? [{ sku: item.sku, id: productId, target: "product" as const, parentId: null }]
      : item.grid.cells.flatMap((c) => {
          const id = ctx.variationIds.get(c.sku);
          return id === undefined ? [] : [{ sku: c.sku, id, target: "variation" as const, parentId: productId }];
        });
  for (const t of targets) {
    if (!ctx.force && ctx.stored.stock.get(t.sku) === h) {
      unchanged++;
      continue;
    }
    ops.push({
      sku: t.sku,
      itemNo,
      target: t.target,
      action: "retire",
      id: t.id,
      parentId: t.parentId,
      body: { ...zero },
      hashes: [{ storeId: ctx.storeId, kind: "stock", key: t.sku, hash: h }],
    });
  }
  return { ops, unchanged };
}
