import type { CounterpointDb } from "../../counterpoint/connect.js";
import {
  definedColumns,
  loadBasePrices,
  loadItems,
  loadPriceBreaks,
  loadPriceGroups,
  loadPriceRules,
} from "../../counterpoint/pricing/price-rule-rows.js";
import { stableHash } from "../../store/stable-hash.js";
import { compilePricingData, type KnownColumns } from "../pricing/compile-pricing-data.js";
import type { FilterTable } from "../pricing/filter-parser.js";
import { referencedColumns } from "../pricing/load-pricing-data.js";
import type { PricingData } from "../pricing/pricing-data.js";

/** The price rules, compiled once per run; items and base prices are read a catalog page at a time. */
export interface WebPricing {
  /** Groups, rules and breaks (no items, customers or prices). */
  rules: PricingData;
  /** Hash of every group, rule and break row: any edit or delete changes it. */
  rulesHash: string;
  /** The rules plus these items and their base prices at every location, ready for the engine. */
  forItems(itemNos: readonly string[]): Promise<PricingData>;
}

/**
 * Loads the price rules the way the pricing service does, but not the whole item and customer tables: the catalog
 * prices a page of items at a time, and tier prices are computed for synthetic customers (see webPriceExtras).
 */
export async function loadWebPricing(db: CounterpointDb): Promise<WebPricing> {
  const [groups, rules, breaks] = await Promise.all([loadPriceGroups(db), loadPriceRules(db), loadPriceBreaks(db)]);
  const known: KnownColumns = { AR_CUST: definedColumns("AR_CUST"), IM_ITEM: definedColumns("IM_ITEM") };
  const compiled = compilePricingData({ groups, rules, breaks, items: [], customers: [], prices: [] }, known);
  const texts: [string | null, FilterTable][] = rules.map((r) => [r.ITEM_FILT, "IM_ITEM"]);
  const itemColumns = referencedColumns(texts, known).IM_ITEM;
  return {
    rules: compiled,
    rulesHash: stableHash({ groups, rules, breaks }),
    forItems: async (itemNos) => {
      if (itemNos.length === 0) return compiled;
      const [items, prices] = await Promise.all([loadItems(db, itemColumns, itemNos), loadBasePrices(db, itemNos)]);
      const page = compilePricingData({ groups: [], rules: [], breaks: [], items, customers: [], prices });
      return { ...compiled, items: page.items, prices: page.prices };
    },
  };
}
