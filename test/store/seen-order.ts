import type { OrderSeen } from "../../src/store/index.js";

/** The store id the state-store tests record orders under. */
export const storeId = "main";

/** A web order as the intake sees it: paid, 10.00 USD, modified at one fixed time. */
export function seenOrder(wooOrderId: number, hash = `h${wooOrderId}`): OrderSeen & { payloadHash: string } {
  return {
    storeId,
    wooOrderId,
    wooNumber: String(wooOrderId),
    payloadHash: hash,
    wooModifiedGmt: "2025-03-01T10:00:00",
    total: "10.00",
    currency: "USD",
  };
}
