import { createHash } from "node:crypto";
import { widthOf } from "../../counterpoint/column-widths.js";
import { refPrefixOf } from "../orders/order-ref.js";

const REF_WIDTH = widthOf("PS_DOC_HDR", "REF") ?? 50;

/**
 * PS_DOC_HDR.REF of the return document of one web refund: the store's prefix, the web order id, `R` and the refund
 * id (`WC shop.example.com 25R30`). It never equals an order's reference (those end in digits only after the prefix),
 * and is how a retry finds the return already written. A store key too long for both ids falls back to the hashed
 * prefix.
 */
export function refundRef(storeKey: string, wooOrderId: number, wooRefundId: number): string {
  const ids = `${wooOrderId}R${wooRefundId}`;
  const plain = `${refPrefixOf(storeKey)}${ids}`;
  if (plain.length <= REF_WIDTH) return plain;
  const hashed = `WC #${createHash("sha256").update(storeKey, "utf8").digest("hex").slice(0, 12)} ${ids}`;
  if (hashed.length > REF_WIDTH) throw new RangeError(`refund reference ${hashed} is longer than ${REF_WIDTH}`);
  return hashed;
}
