import { findPushedHash } from "../../store/pushed-hashes.js";
import type { StateDb } from "../../store/state-db.js";
import type { LastPushed } from "./own-echo.js";

/** What cpwoo last pushed for a SKU (product or variation), for `isOwnEcho` in the webhook receiver. */
export async function readLastPushed(db: StateDb, storeId: string, sku: string): Promise<LastPushed> {
  const [stock, price] = await Promise.all([
    findPushedHash(db, storeId, "stock", sku),
    findPushedHash(db, storeId, "price", sku),
  ]);
  return { stock: stock?.hash, price: price?.hash };
}
