import { stockHash } from "../inventory/stock-fields.js";
import { priceHash } from "../prices/price-fields.js";

/** Hashes of what cpwoo last pushed for one SKU (pushed_hashes kinds "stock" and "price"). */
export interface LastPushed {
  stock?: string | undefined;
  price?: string | undefined;
}

/** The fields of a `product.updated` payload (a product or a variation) that cpwoo's writes set. */
export interface WebhookProductFields {
  manage_stock?: unknown;
  stock_quantity?: unknown;
  backorders?: unknown;
  regular_price?: unknown;
}

/**
 * Whether a `product.updated` delivery only shows what cpwoo itself last pushed for this SKU (our own write echoed
 * back), so the receiver can drop it instead of looping. False when nothing was pushed yet, or when the stock or
 * price the web shows differs from our last push (an order, or an edit on the web: real news).
 */
export function isOwnEcho(webhookProduct: WebhookProductFields, lastPushed: LastPushed): boolean {
  if (lastPushed.stock === undefined && lastPushed.price === undefined) return false;
  if (
    lastPushed.stock !== undefined &&
    stockHash({
      manage_stock: webhookProduct.manage_stock,
      stock_quantity: webhookProduct.stock_quantity,
      backorders: webhookProduct.backorders,
    }) !== lastPushed.stock
  )
    return false;
  if (lastPushed.price !== undefined && priceHash({ regular_price: webhookProduct.regular_price }) !== lastPushed.price)
    return false;
  return true;
}
