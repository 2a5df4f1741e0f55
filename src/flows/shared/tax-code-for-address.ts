import type { TaxCodeMap } from "../../config/index.js";

export interface TaxAddress {
  country: string;
  state: string;
  zip: string;
  /** When the caller knows it (WooCommerce addresses carry none). */
  county?: string | undefined;
}

export type TaxCodeChoice =
  | { code: string; matchedBy: "zip" | "county" | "state" | "fallback" }
  | { code: null; reason: string };

/**
 * The Counterpoint tax code for an address, from the configured map: the longest ZIP prefix, then county, then state,
 * then the fallback. A mapped code is only returned when it exists in AR_TAX_COD (`existing`: the codes read from
 * Counterpoint), in Counterpoint's own spelling (compared case-insensitively, trailing spaces kept as stored): a code
 * is never invented. Pure; used by the customers and the orders flows.
 */
export function taxCodeForAddress(address: TaxAddress, map: TaxCodeMap, existing: readonly string[]): TaxCodeChoice {
  const byUpper = new Map<string, string>();
  for (const c of existing) byUpper.set(c.toUpperCase(), c);
  byUpper.forEach((value, key) => {
    const trimmed = key.trimEnd();
    if (!byUpper.has(trimmed)) byUpper.set(trimmed, value);
  });
  const resolve = (wanted: string, matchedBy: "zip" | "county" | "state" | "fallback"): TaxCodeChoice => {
    const found = byUpper.get(wanted.toUpperCase()) ?? byUpper.get(wanted.toUpperCase().trimEnd());
    return found === undefined
      ? { code: null, reason: `tax code "${wanted}" (by ${matchedBy}) does not exist in AR_TAX_COD` }
      : { code: found, matchedBy };
  };
  const domestic = address.country === "" || address.country.toUpperCase() === "US";
  if (domestic) {
    const zip = address.zip.replace(/\D/g, "").slice(0, 5);
    for (let len = zip.length; len >= 1; len--) {
      const code = map.byZip[zip.slice(0, len)];
      if (code !== undefined) return resolve(code, "zip");
    }
    if (address.county !== undefined && address.county.trim() !== "") {
      const wanted = address.county.trim().toUpperCase();
      for (const [county, code] of Object.entries(map.byCounty)) {
        if (county.trim().toUpperCase() === wanted) return resolve(code, "county");
      }
    }
    const state = address.state.trim().toUpperCase();
    for (const [key, code] of Object.entries(map.byState)) {
      if (key.toUpperCase() === state) return resolve(code, "state");
    }
  }
  if (map.fallback !== null) return resolve(map.fallback, "fallback");
  return { code: null, reason: `no tax code is mapped for ${[address.zip, address.state, address.country].join(" ")}` };
}
