import { widthOf } from "../../counterpoint/column-widths.js";

/** The settings SKU matching reads (a full `Settings` fits). */
export interface SkuSettings {
  orders: { skus: { stripSuffixes: readonly string[]; upperCase: boolean } };
  catalog: { skuSeparator: string };
}

const ITEM_NO_WIDTH = widthOf("IM_ITEM", "ITEM_NO") ?? 20;

/** How SKUs are compared: trimmed, and upper-cased when the settings say so. */
export function normalizeSku(sku: string, settings: SkuSettings): string {
  const trimmed = sku.trim();
  return settings.orders.skus.upperCase ? trimmed.toUpperCase() : trimmed;
}

/** The SKU as sent, then with each configured suffix stripped (L15: `01-10251-PACKAGE` → `01-10251`), in that order. */
export function skuForms(sku: string, settings: SkuSettings): string[] {
  const base = normalizeSku(sku, settings);
  if (base === "") return [];
  const forms = [base];
  for (const raw of settings.orders.skus.stripSuffixes) {
    const suffix = normalizeSku(raw, settings);
    if (suffix !== "" && base.length > suffix.length && base.endsWith(suffix)) {
      const stripped = base.slice(0, -suffix.length);
      if (!forms.includes(stripped)) forms.push(stripped);
    }
  }
  return forms;
}

/**
 * The ITEM_NOs a web SKU may name, to read from Counterpoint before `matchSku` decides: each form of the SKU itself,
 * and every prefix ending before a catalog separator (the item of a grid cell, `PBO-HOOD` of `PBO-HOOD-M`) or before
 * the first `|` (`ITEM|D1|D2|D3`). Longer than ITEM_NO can be never names an item and is left out.
 */
export function skuCandidates(sku: string, settings: SkuSettings): string[] {
  const out = new Set<string>();
  const separator = settings.catalog.skuSeparator;
  for (const form of skuForms(sku, settings)) {
    out.add(form);
    const bar = form.indexOf("|");
    if (bar > 0) out.add(form.slice(0, bar));
    for (let at = form.indexOf(separator, 1); at > 0; at = form.indexOf(separator, at + 1)) out.add(form.slice(0, at));
  }
  return [...out].filter((c) => c !== "" && [...c].length <= ITEM_NO_WIDTH);
}
