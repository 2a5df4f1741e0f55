import type { SaleItem } from "../../counterpoint/documents/sale-item.js";
import { variationSku } from "../catalog/sku-mapping.js";
import { normalizeSku, type SkuSettings, skuForms } from "./sku-candidates.js";

export { skuCandidates } from "./sku-candidates.js";

type Cell = readonly [string, string, string];

/** An item read for SKU matching (cell null), with the cells (DIM_1..3_UPR) of a grid item. */
export interface SkuCandidateItem {
  item: SaleItem;
  cells: readonly Cell[];
}

export type SkuMatch = { item: SaleItem; matchedAs: string } | { item: null; reason: string };

/**
 * Decides which Counterpoint item or grid cell a web SKU names, among the items `skuCandidates` listed (keyed by
 * ITEM_NO). For each form of the SKU (as sent, then with a suffix stripped): a non-grid item whose ITEM_NO is that
 * form, else the one grid cell whose variation SKU (`variationSku`, with the catalog separator or `|`, or the full
 * `ITEM|D1|D2|D3`) is that form. A grid item named without a cell, or a form two cells share, is no match: nothing
 * is guessed.
 */
export function resolveSku(sku: string, items: ReadonlyMap<string, SkuCandidateItem>, settings: SkuSettings): SkuMatch {
  const norm = (s: string) => normalizeSku(s, settings);
  const byItemNo = new Map<string, SkuCandidateItem>();
  for (const [itemNo, candidate] of items) byItemNo.set(norm(itemNo), candidate);
  const separator = settings.catalog.skuSeparator;
  const reasons: string[] = [];
  for (const form of skuForms(sku, settings)) {
    const whole = byItemNo.get(form);
    if (whole !== undefined && !whole.item.isGrid) return { item: { ...whole.item, cell: null }, matchedAs: form };
    if (whole !== undefined) reasons.push(`"${form}" is a grid item: a sale names one of its cells`);
    const cells: Array<{ item: SaleItem; cell: Cell }> = [];
    for (const [itemNo, candidate] of items) {
      if (!candidate.item.isGrid) continue;
      for (const cell of candidate.cells) {
        const names = [
          variationSku(itemNo, cell, separator),
          variationSku(itemNo, cell, "|"),
          [itemNo, ...cell].join("|"),
        ].map(norm);
        if (names.includes(form)) cells.push({ item: candidate.item, cell });
      }
    }
    if (cells.length > 1) {
      const named = cells.map((c) => `${c.item.itemNo} (${c.cell.join(",")})`).join(", ");
      return { item: null, reason: `SKU "${form}" names more than one grid cell: ${named}` };
    }
    const only = cells[0];
    if (only !== undefined) return { item: { ...only.item, cell: only.cell }, matchedAs: form };
  }
  if (reasons.length > 0) return { item: null, reason: reasons.join("; ") };
  return { item: null, reason: `no Counterpoint item or grid cell has SKU "${sku.trim()}"` };
}

/** The item or cell a web SKU names (see `resolveSku`), or null when none does or the SKU is ambiguous. */
export function matchSku(
  sku: string,
  items: ReadonlyMap<string, SkuCandidateItem>,
  settings: SkuSettings,
): SaleItem | null {
  return resolveSku(sku, items, settings).item;
}
