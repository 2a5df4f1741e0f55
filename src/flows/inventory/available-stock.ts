import type { CatalogSettings } from "../../config/settings-catalog.js";
import { money, ZERO } from "../../money/index.js";

/** The quantities of one item (or grid cell) at one location: column → decimal text. */
export type LocationQuantities = Readonly<Record<string, string>>;

/**
 * What the web may sell: for each chosen location, Σ `add` columns − Σ `subtract` columns, counted as 0 when negative
 * (a location that is short cannot lend stock to the others), summed, minus the safety buffer, rounded down to a
 * whole unit and never below 0. The default (on hand − committed − on sales orders) is what the predecessor lacked:
 * it pushed on hand summed over every location and oversold (PREDECESSOR B22).
 */
export function availableQuantity(
  perLocation: readonly LocationQuantities[],
  formula: Pick<CatalogSettings["stock"], "add" | "subtract">,
  buffer: number,
): number {
  let total = ZERO;
  for (const q of perLocation) {
    let here = ZERO;
    for (const c of formula.add) here = here.plus(money(q[c] ?? "0"));
    for (const c of formula.subtract) here = here.minus(money(q[c] ?? "0"));
    if (here.greaterThan(0)) total = total.plus(here);
  }
  const net = total.minus(buffer).floor();
  return net.greaterThan(0) ? net.toNumber() : 0;
}

/** The safety buffer of an item: per ITEM_NO, else per CATEG_COD, else the default. */
export function safetyBufferFor(
  settings: CatalogSettings["stock"]["safetyBuffer"],
  itemNo: string,
  categCod: string | null,
): number {
  return settings.byItem[itemNo] ?? (categCod === null ? undefined : settings.byCategory[categCod]) ?? settings.default;
}
