import type { TaxRateRecord } from "./records.js";

/**
 * The recorded store's tax table ("Palmetto Bay Outfitters", recorded/README.md): Florida's 6 % state rate, and the
 * St. Johns County 1 % surtax for six ZIP codes at priority 2. Both also tax shipping. This is data: fixtures and
 * snapshots replace it.
 */
export const RECORDED_STORE_TAX_RATES: readonly TaxRateRecord[] = [
  {
    id: 1,
    country: "US",
    state: "FL",
    postcodes: [],
    cities: [],
    rate: "6.0000",
    name: "FL State Sales Tax",
    priority: 1,
    compound: false,
    shipping: true,
    order: 0,
    taxClass: "",
  },
  {
    id: 2,
    country: "US",
    state: "FL",
    postcodes: ["32080", "32082", "32084", "32086", "32092", "32095"],
    cities: [],
    rate: "1.0000",
    name: "St. Johns County Surtax",
    priority: 2,
    compound: false,
    shipping: true,
    order: 1,
    taxClass: "",
  },
];

export interface TaxLocation {
  country: string;
  state: string;
  postcode: string;
  city: string;
}

/**
 * The rates that apply at a location, as WooCommerce picks them: a rate matches when its country, state, postcodes
 * and cities are empty or contain the location; per priority only the first matching rate (by table order) applies.
 */
export function matchingTaxRates(
  rates: readonly TaxRateRecord[],
  location: TaxLocation,
  taxClass = "",
): TaxRateRecord[] {
  const sorted = [...rates].sort((a, b) => a.priority - b.priority || a.order - b.order || a.id - b.id);
  const chosen = new Map<number, TaxRateRecord>();
  for (const rate of sorted) {
    if (chosen.has(rate.priority)) continue;
    if (rate.taxClass !== taxClass) continue;
    if (rate.country !== "" && rate.country.toUpperCase() !== location.country.toUpperCase()) continue;
    if (rate.state !== "" && rate.state.toUpperCase() !== location.state.toUpperCase()) continue;
    if (rate.postcodes.length > 0 && !rate.postcodes.some((p) => postcodeMatches(p, location.postcode))) continue;
    if (rate.cities.length > 0 && !rate.cities.some((c) => c.toUpperCase() === location.city.trim().toUpperCase())) {
      continue;
    }
    chosen.set(rate.priority, rate);
  }
  return [...chosen.values()];
}

function postcodeMatches(pattern: string, postcode: string): boolean {
  const code = postcode.trim().toUpperCase().replace(/\s+/g, "");
  const p = pattern.trim().toUpperCase().replace(/\s+/g, "");
  if (p.endsWith("*")) return code.startsWith(p.slice(0, -1));
  const range = /^(\d+)\.\.\.(\d+)$/.exec(p);
  if (range !== null && /^\d+$/.test(code)) {
    const n = Number(code);
    return n >= Number(range[1]) && n <= Number(range[2]);
  }
  return p === code;
}

/** `US-FL-FL STATE SALES TAX-1`: country, state, name (or "TAX") and priority, upper case, empty parts dropped. */
export function taxRateCode(rate: TaxRateRecord): string {
  return [rate.country, rate.state, rate.name === "" ? "TAX" : rate.name, String(rate.priority)]
    .filter((part) => part !== "")
    .join("-")
    .toUpperCase();
}
