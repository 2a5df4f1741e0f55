import { stableHash } from "../../store/stable-hash.js";

/** The stock part of a product or variation write: always `manage_stock: true` (else WooCommerce ignores the quantity). */
export interface StockFields {
  manage_stock: true;
  stock_quantity: number;
  backorders: "no" | "notify" | "yes";
}

export function stockFields(quantity: number, backorders: StockFields["backorders"]): StockFields {
  if (!Number.isSafeInteger(quantity)) throw new RangeError(`stock_quantity must be a whole number, got ${quantity}`);
  return { manage_stock: true, stock_quantity: quantity, backorders };
}

/**
 * Hash of the stock a product or variation shows, from the fields cpwoo writes. Computed the same way from what we
 * push and from what a webhook or a read returns, so an echo of our own write hashes equal.
 */
export function stockHash(fields: { manage_stock: unknown; stock_quantity: unknown; backorders: unknown }): string {
  return stableHash({
    manage_stock: fields.manage_stock === true,
    stock_quantity: fields.stock_quantity ?? null,
    backorders: fields.backorders ?? "no",
  });
}
