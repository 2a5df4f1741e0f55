import type { CatalogSettings } from "../../config/settings-catalog.js";
import type { CatalogItemRow } from "../../counterpoint/catalog/catalog-item-row.js";
import type { GridDimValue, PriceRow, StockRow } from "../../counterpoint/catalog/index.js";
import { availableQuantity, safetyBufferFor } from "../inventory/available-stock.js";
import { cellKey, productSku, variationSku } from "./sku-mapping.js";

/** One grid cell, as it becomes a variation. */
export interface CatalogCell {
  dims: [string, string, string];
  sku: string;
  /** Display value per used dimension, in dimension order. */
  options: Array<{ name: string; option: string }>;
  /** Available to sell (0 when the cell is inactive or not for the web). */
  quantity: number;
  /** The cell's own price, else the item's (decimal text), null when none. */
  price: string | null;
}

/** An item with everything the web needs: the unit the flows plan and push. */
export interface CatalogItem {
  row: CatalogItemRow;
  sku: string;
  /** E-commerce and active: should be sold on the web. */
  forSale: boolean;
  /** EC_CATEG ids. */
  categoryIds: string[];
  /** Simple items: available to sell. */
  quantity: number;
  price: string | null;
  /** Grid items: the attributes (name → options) and cells; null for simple items. */
  grid: { attributes: Array<{ name: string; options: string[] }>; cells: CatalogCell[] } | null;
}

export interface CatalogItemInputs {
  items: readonly CatalogItemRow[];
  dims: readonly GridDimValue[];
  stock: readonly StockRow[];
  prices: readonly PriceRow[];
  categories: ReadonlyMap<string, readonly string[]>;
}

function groupBy<T>(values: readonly T[], key: (v: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const v of values) {
    const k = key(v);
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}

/**
 * Puts the rows read from Counterpoint together into catalog items (pure). A gridded item (TRK_METH G) without cells
 * is treated as a simple item; a cell with no stock row at any chosen location has 0 available.
 */
export function assembleCatalogItems(input: CatalogItemInputs, settings: CatalogSettings): CatalogItem[] {
  const dimsByItem = groupBy(input.dims, (d) => d.itemNo);
  const stockByItem = groupBy(input.stock, (s) => s.itemNo);
  const pricesByItem = groupBy(input.prices, (p) => p.itemNo);
  const formula = settings.stock;
  return input.items.map((row) => {
    const forSale = row.isEcomm && row.stat === "A";
    const buffer = safetyBufferFor(settings.stock.safetyBuffer, row.itemNo, row.categCod);
    const stock = stockByItem.get(row.itemNo) ?? [];
    const prices = pricesByItem.get(row.itemNo) ?? [];
    const itemPriceRow = prices.find((p) => p.dims.every((d) => d === "*"));
    const fallback =
      settings.prices.level === "REG_PRC" ? row.regPrc : settings.prices.level === "PRC_1" ? row.prc1 : null;
    const itemPrice = itemPriceRow?.price ?? fallback;
    const totals = stock.filter((s) => s.dims.every((d) => d === "*"));
    const cellRows = stock.filter((s) => !s.dims.every((d) => d === "*"));
    const base: CatalogItem = {
      row,
      sku: productSku(row.itemNo),
      forSale,
      categoryIds: [...(input.categories.get(row.itemNo) ?? [])],
      quantity: availableQuantity(
        totals.map((t) => t.qty),
        formula,
        buffer,
      ),
      price: itemPrice,
      grid: null,
    };
    if (!row.gridded || cellRows.length === 0) return base;

    const labels = new Map<string, string>();
    const values: Array<Array<{ upr: string; label: string; seq: number }>> = [[], [], []];
    for (const d of dimsByItem.get(row.itemNo) ?? []) {
      if (d.upr === "*") continue;
      labels.set(`${d.dim}\u0000${d.upr}`, d.label);
      values[d.dim - 1]?.push({ upr: d.upr, label: d.label, seq: d.seq });
    }
    const cellsByKey = groupBy(cellRows, (c) => cellKey(c.dims));
    const cells: CatalogCell[] = [];
    for (const group of cellsByKey.values()) {
      const first = group[0];
      if (!first) continue;
      const dims = first.dims;
      const open = group.filter((c) => c.cellActive && c.cellEcomm);
      const cellPrice = prices.find((p) => cellKey(p.dims) === cellKey(dims))?.price ?? null;
      cells.push({
        dims,
        sku: variationSku(row.itemNo, dims, settings.skuSeparator),
        options: dims.flatMap((upr, i) => {
          const tag = row.dimTags[i];
          if (upr === "*" || tag === null || tag === undefined) return [];
          return [{ name: tag, option: labels.get(`${i + 1}\u0000${upr}`) ?? upr }];
        }),
        quantity:
          open.length === 0
            ? 0
            : availableQuantity(
                open.map((c) => c.qty),
                formula,
                buffer,
              ),
        price: cellPrice ?? itemPrice,
      });
    }
    cells.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    const attributes = row.dimTags.flatMap((tag, i) => {
      if (tag === null) return [];
      const list = [...(values[i] ?? [])].sort((a, b) => a.seq - b.seq).map((v) => v.label);
      const used = new Set(cells.flatMap((c) => c.options.filter((o) => o.name === tag).map((o) => o.option)));
      const options = list.filter((o) => used.has(o));
      return options.length === 0 ? [] : [{ name: tag, options }];
    });
    return { ...base, grid: { attributes, cells } };
  });
}
