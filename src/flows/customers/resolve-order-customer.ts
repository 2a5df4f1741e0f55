import type { Order } from "../../woocommerce/index.js";
import { type CustomerPorts, CustomerRun, importWebCustomer } from "./import-web-customer.js";
import { sourceFromOrder } from "./web-customer-source.js";

export type ResolvedOrderCustomer =
  | {
      kind: "resolved";
      custNo: string;
      /** How it was found: id map, e-mail in AR_CUST, or created now (guests too). */
      via: "map" | "email" | "created";
      /** The ship-to created with a new customer (its shipping address differed from billing), else null. */
      shipAdrsId: string | null;
    }
  | {
      kind: "invalid";
      /** The order field at fault, e.g. `billing.email`. */
      field: string;
      reason: string;
    };

/** CUST_NO shown by a dry run for a customer that would be created. */
export const NEW_CUSTOMER_PLACEHOLDER = "(new)";

/**
 * The Counterpoint customer of a web order, resolved afresh on every attempt (never cached on the order): by the id
 * map of `customer_id`, else by the billing e-mail in AR_CUST (case-insensitive), else created from the order's
 * billing and shipping — guests included — with the same cleaning, numbering and tax-code choice as the customers
 * sync. A paid order is never held by the bot filter. Returns `invalid` naming the field when the order cannot
 * identify a customer (no or bad billing e-mail).
 */
export async function resolveOrderCustomer(
  order: Order,
  ports: CustomerPorts,
  run?: CustomerRun,
  options: { dryRun?: boolean } = {},
): Promise<ResolvedOrderCustomer> {
  const customerRun = run ?? (await CustomerRun.open(ports));
  const outcome = await importWebCustomer(sourceFromOrder(order), customerRun, {
    botFilter: false,
    applyUpdates: false,
    dryRun: options.dryRun ?? false,
  });
  switch (outcome.kind) {
    case "invalid":
      return {
        kind: "invalid",
        field: outcome.field === "email" ? "billing.email" : outcome.field,
        reason: outcome.reason,
      };
    case "created":
      return { kind: "resolved", custNo: outcome.custNo, via: "created", shipAdrsId: outcome.shipAdrsId };
    case "would-create":
      // Dry run: the customer would be created; nothing was written.
      return { kind: "resolved", custNo: NEW_CUSTOMER_PLACEHOLDER, via: "created", shipAdrsId: null };
    case "linked":
      return {
        kind: "resolved",
        custNo: outcome.custNo,
        via: outcome.via === "map" ? "map" : "email",
        shipAdrsId: null,
      };
    default:
      // botFilter is off: no other outcome is possible.
      throw new Error(`order ${order.id}: unexpected customer outcome ${outcome.kind}`);
  }
}
