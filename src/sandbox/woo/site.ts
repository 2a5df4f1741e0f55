import type { TaxLocation } from "./tax-rates.js";

/** The store settings the fake WooCommerce answers with (the recorded store's by default). */
export interface SiteSettings {
  /** WordPress's configured home URL without a trailing slash, e.g. `http://127.0.0.1:8089`. */
  siteUrl: string;
  timeZone: string;
  currency: string;
  /** As orders show it (`currency_symbol`). */
  currencySymbol: string;
  /** As `price_html` writes it. */
  currencySymbolHtml: string;
  priceDecimals: number;
  wcVersion: string;
  wpVersion: string;
  /** Taxes fall back to the shop's address when an order has neither a shipping nor a billing address. */
  storeAddress: TaxLocation;
  batchLimit: number;
}

export function recordedStoreSettings(siteUrl: string): SiteSettings {
  return {
    siteUrl: siteUrl.replace(/\/+$/, ""),
    timeZone: "America/New_York",
    currency: "USD",
    currencySymbol: "$",
    currencySymbolHtml: "&#36;",
    priceDecimals: 2,
    wcVersion: "11.0.1",
    wpVersion: "7.1",
    storeAddress: { country: "US", state: "FL", postcode: "32084", city: "St. Augustine" },
    batchLimit: 100,
  };
}

/**
 * The origin WordPress puts in links for one request: the configured host and port with the scheme of the request as
 * the server sees it (`is_ssl()`), never the Host header.
 */
export function publicBase(site: SiteSettings, https: boolean): string {
  return site.siteUrl.replace(/^https?:/, https ? "https:" : "http:");
}
