import type { Customer, Order, WooClient } from "../../woocommerce/index.js";
import { sourceFromCustomer, sourceFromOrder, type WebCustomerSource } from "./web-customer-source.js";

export interface PulledCustomers {
  sources: WebCustomerSource[];
  /** Registered customers the list left out but orders named (fetched one by one). */
  fromOrdersOnly: number;
  guests: number;
}

/**
 * Every web customer (PREDECESSOR L14): `/customers?role=all` paged to the end, then every order paged to the end —
 * customers that orders name but the list left out are fetched by id, and guests (customer_id 0) become sources from
 * their latest order's billing and shipping, one per e-mail. Order counts are attached for the bot filter.
 */
export async function pullWebCustomers(woo: WooClient, options: { orders?: boolean } = {}): Promise<PulledCustomers> {
  const customers = new Map<number, Customer>();
  for await (const page of woo.customers.pages({ role: "all" })) for (const c of page.items) customers.set(c.id, c);
  const orderCounts = new Map<number, number>();
  const guests = new Map<string, Order>();
  const missing = new Set<number>();
  if (options.orders ?? true) {
    for await (const page of woo.orders.pages({})) {
      for (const o of page.items) {
        if (o.customer_id > 0) {
          orderCounts.set(o.customer_id, (orderCounts.get(o.customer_id) ?? 0) + 1);
          if (!customers.has(o.customer_id)) missing.add(o.customer_id);
        } else {
          const email = (o.billing.email ?? "").trim().toLowerCase();
          if (email !== "") guests.set(email, o); // ascending ids: the latest order wins
        }
      }
    }
  }
  for (const id of missing) {
    try {
      customers.set(id, await woo.customers.get(id));
    } catch {
      // A deleted account: its orders still carry the buyer, resolved when each order is imported.
    }
  }
  const sources: WebCustomerSource[] = [];
  for (const c of customers.values())
    sources.push({ ...sourceFromCustomer(c), orderCount: orderCounts.get(c.id) ?? 0 });
  for (const o of guests.values()) sources.push(sourceFromOrder(o));
  return { sources, fromOrdersOnly: missing.size, guests: guests.size };
}
