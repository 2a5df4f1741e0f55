import { money } from "../../money/index.js";
import type { ProductRecord } from "./records.js";
import { slugify } from "./text-format.js";
import type { WooStore } from "./woo-store.js";

/** What WooCommerce derives from a product's stored fields: sale state, active price, stock status, names. */

export function isOnSale(p: ProductRecord, now: number): boolean {
  if (p.salePrice === "") return false;
  if (p.regularPrice !== "" && !money(p.salePrice).lessThan(money(p.regularPrice))) return false;
  if (p.dateOnSaleFrom !== null && p.dateOnSaleFrom > now) return false;
  if (p.dateOnSaleTo !== null && p.dateOnSaleTo < now) return false;
  return true;
}

export function activePrice(p: ProductRecord, now: number): string {
  return isOnSale(p, now) ? p.salePrice : p.regularPrice;
}

/** With managed stock the status follows the quantity; otherwise it is whatever was set. */
export function derivedStockStatus(p: ProductRecord, parent?: ProductRecord): string {
  const managedBy = p.manageStock === "parent" ? parent : p.manageStock === true ? p : undefined;
  if (managedBy === undefined || managedBy.stockQuantity === null) return p.stockStatus;
  if (managedBy.stockQuantity > 0) return "instock";
  return p.backorders === "no" ? "outofstock" : "onbackorder";
}

/** The quantity WooCommerce shows: null unless managed; a variation managed by its parent shows the parent's. */
export function shownStockQuantity(p: ProductRecord, parent?: ProductRecord): number | null {
  if (p.manageStock === "parent") return parent?.stockQuantity ?? null;
  return p.manageStock === true ? p.stockQuantity : null;
}

/** "M" — the variation's attribute options as the variations endpoint names it. */
export function variationSummary(v: ProductRecord): string {
  return v.variationAttributes.map((a) => a.option).join(", ");
}

/** "Tarpon Performance Hoodie - M" — a variation's name as products, orders and notes show it. */
export function variationFullName(v: ProductRecord, parent: ProductRecord | undefined): string {
  if (parent === undefined) return v.name;
  const summary = variationSummary(v);
  return summary === "" ? parent.name : `${parent.name} - ${summary}`;
}

export function productDisplayName(p: ProductRecord, store: WooStore): string {
  return p.type === "variation" ? variationFullName(p, store.products.get(p.parentId)) : p.name;
}

/** The term slug of an attribute option ("M" → "m"), as order line meta and variation permalinks use it. */
export function optionSlug(option: string): string {
  return slugify(option);
}

export interface VariableFacts {
  price: string;
  minPrice: string;
  maxPrice: string;
  onSale: boolean;
  purchasable: boolean;
  stockStatus: string;
}

/** A variable parent has no price of its own: its price is the lowest active variation price. */
export function variableFacts(store: WooStore, parent: ProductRecord, now: number): VariableFacts {
  const prices: string[] = [];
  let onSale = false;
  let inStock = false;
  let backorder = false;
  for (const v of store.variationsOf(parent.id)) {
    if (v.status !== "publish") continue;
    const price = activePrice(v, now);
    if (price !== "") prices.push(price);
    if (isOnSale(v, now)) onSale = true;
    const status = derivedStockStatus(v, parent);
    if (status === "instock") inStock = true;
    if (status === "onbackorder") backorder = true;
  }
  prices.sort((a, b) => money(a).comparedTo(money(b)));
  const minPrice = prices[0] ?? "";
  const maxPrice = prices[prices.length - 1] ?? "";
  return {
    price: minPrice,
    minPrice,
    maxPrice,
    onSale,
    purchasable: prices.length > 0,
    stockStatus: inStock
      ? "instock"
      : backorder
        ? "onbackorder"
        : prices.length > 0
          ? "outofstock"
          : parent.stockStatus,
  };
}
