import type { CounterpointDb } from "../../counterpoint/connect.js";
import {
  definedColumns,
  loadBasePrices,
  loadCustomers,
  loadItems,
  loadPriceBreaks,
  loadPriceGroups,
  loadPriceRules,
  readPricingStamps,
} from "../../counterpoint/pricing/price-rule-rows.js";
import { compilePricingData, type KnownColumns } from "./compile-pricing-data.js";
import { type FilterTable, filterColumns, parseFilter } from "./filter-parser.js";
import type { PricingData } from "./pricing-data.js";

export interface LoadedPricing {
  data: PricingData;
  /** The maintenance fingerprint read before loading (see readPricingStamps). */
  stamp: string;
  seconds: number;
}

/** Columns the readable filters name, per table, restricted to columns the definition knows. */
export function referencedColumns(texts: Iterable<[string | null, FilterTable]>, known: KnownColumns) {
  const wanted: Record<FilterTable, Set<string>> = { AR_CUST: new Set(), IM_ITEM: new Set() };
  for (const [text, table] of texts) {
    try {
      for (const [t, columns] of filterColumns(parseFilter(text), table))
        for (const c of columns) if (known[t].has(c)) wanted[t].add(c);
    } catch {
      // An unreadable filter is reported by compilePricingData; it needs no columns.
    }
  }
  return wanted;
}

/**
 * Reads groups, rules, breaks, base prices, and the customer and item columns the filters need, and compiles them.
 * The fingerprint is read first, so a change made during the load triggers another load at the next poll.
 */
export async function loadPricingData(db: CounterpointDb): Promise<LoadedPricing> {
  const started = performance.now();
  const stamp = await readPricingStamps(db);
  const [groups, rules, breaks] = await Promise.all([loadPriceGroups(db), loadPriceRules(db), loadPriceBreaks(db)]);
  const known: KnownColumns = { AR_CUST: definedColumns("AR_CUST"), IM_ITEM: definedColumns("IM_ITEM") };
  const texts: [string | null, FilterTable][] = [
    ...groups.map((g): [string | null, FilterTable] => [g.CUST_FILT, "AR_CUST"]),
    ...rules.flatMap((r): [string | null, FilterTable][] => [
      [r.CUST_FILT, "AR_CUST"],
      [r.ITEM_FILT, "IM_ITEM"],
    ]),
  ];
  const wanted = referencedColumns(texts, known);
  const [items, customers, prices] = await Promise.all([
    loadItems(db, wanted.IM_ITEM),
    loadCustomers(db, wanted.AR_CUST),
    loadBasePrices(db),
  ]);
  const data = compilePricingData({ groups, rules, breaks, items, customers, prices }, known);
  return { data, stamp, seconds: (performance.now() - started) / 1000 };
}
