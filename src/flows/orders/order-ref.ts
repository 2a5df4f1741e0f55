import { createHash } from "node:crypto";
import { widthOf } from "../../counterpoint/column-widths.js";

const REF_WIDTH = widthOf("PS_DOC_HDR", "REF") ?? 50;
// "WC " + key + " " + a Woo id of up to 20 digits must fit REF.
const PLAIN_KEY_MAX = REF_WIDTH - "WC ".length - " ".length - 20;
// Printable ASCII without space, `#` (marks a hashed key) and the T-SQL LIKE wildcards, so a prefix query stays literal.
const PLAIN_KEY = /^[!-~]+$/;
const LIKE_SPECIALS = /[%_[\]#^]/;

/**
 * The REF prefix of every document of one web store: `WC <storeKey> `, or `WC #<12 hex> ` (a hash of the key) when the
 * key is too long or holds characters a LIKE prefix or a Latin-1 column would not keep literally. The two forms never
 * overlap (a plain key never contains `#`), so the prefix is unique per store and stable.
 */
export function refPrefixOf(storeKey: string): string {
  const plain = storeKey.length <= PLAIN_KEY_MAX && PLAIN_KEY.test(storeKey) && !LIKE_SPECIALS.test(storeKey);
  if (plain) return `WC ${storeKey} `;
  return `WC #${createHash("sha256").update(storeKey, "utf8").digest("hex").slice(0, 12)} `;
}

/**
 * PS_DOC_HDR.REF of a web order's document: the store's prefix and the Woo order id (`WC shop.example.com 1234`).
 * The store comes first so that `refPrefixOf` lists a store's documents; at most 50 characters for any id.
 */
export function orderRef(storeKey: string, wooOrderId: number): string {
  return `${refPrefixOf(storeKey)}${wooOrderId}`;
}
