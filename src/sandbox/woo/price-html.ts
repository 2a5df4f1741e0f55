import { money } from "../../money/index.js";
import type { SiteSettings } from "./site.js";

/** `price_html` as WooCommerce 11 renders it: plain, on sale (del/ins) and ranges for variable products. */

function formatNumber(amount: string, decimals: number): string {
  const fixed = money(amount).toFixed(decimals);
  const [whole = "0", fraction] = fixed.split(".");
  const negative = whole.startsWith("-");
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

function wcPrice(amount: string, site: SiteSettings, ariaHidden = false): string {
  const aria = ariaHidden ? ' aria-hidden="true"' : "";
  return (
    `<span class="woocommerce-Price-amount amount"${aria}><bdi><span class="woocommerce-Price-currencySymbol" ` +
    `translate="no">${site.currencySymbolHtml}</span>${formatNumber(amount, site.priceDecimals)}</bdi></span>`
  );
}

export function simplePriceHtml(price: string, regular: string, onSale: boolean, site: SiteSettings): string {
  if (price === "") return "";
  if (!onSale || regular === "") return wcPrice(price, site);
  const symbol = site.currencySymbolHtml === "&#36;" ? "&#036;" : site.currencySymbolHtml;
  return (
    `<del aria-hidden="true">${wcPrice(regular, site)}</del> <span class="screen-reader-text">Original price was: ` +
    `${symbol}${formatNumber(regular, site.priceDecimals)}.</span><ins aria-hidden="true">${wcPrice(price, site)}` +
    `</ins><span class="screen-reader-text">Current price is: ${symbol}${formatNumber(price, site.priceDecimals)}.` +
    "</span>"
  );
}

export function rangePriceHtml(min: string, max: string, site: SiteSettings): string {
  const d = site.priceDecimals;
  return (
    `${wcPrice(min, site, true)} <span aria-hidden="true">&ndash;</span> ${wcPrice(max, site, true)}` +
    `<span class="screen-reader-text">Price range: ${site.currencySymbolHtml}${formatNumber(min, d)} through ` +
    `${site.currencySymbolHtml}${formatNumber(max, d)}</span>`
  );
}
