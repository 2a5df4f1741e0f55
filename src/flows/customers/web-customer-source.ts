import type { Customer, Order } from "../../woocommerce/index.js";

/** The address fields cleaning reads (billing or shipping of a customer or an order). */
export interface SourceAddress {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  phone?: string | undefined;
  email?: string | null | undefined;
}

/** One web customer as the flow sees it: a registered customer, or a guest taken from an order. */
export interface WebCustomerSource {
  /** WooCommerce customer id; null for a guest. */
  wooId: number | null;
  /** The order a guest's data comes from (null for registered customers). */
  guestOrderId: number | null;
  email: string;
  firstName: string;
  lastName: string;
  username: string;
  role: string;
  billing: SourceAddress;
  shipping: SourceAddress;
  /** UTC, `YYYY-MM-DDTHH:MM:SS`; null when unknown. */
  registeredGmt: string | null;
  /** Orders seen for this customer in this run; null when not counted. */
  orderCount: number | null;
}

/** A label for messages: `customer 3` or `guest of order 26`. */
export function sourceLabel(source: Pick<WebCustomerSource, "wooId" | "guestOrderId">): string {
  return source.wooId !== null ? `customer ${source.wooId}` : `guest of order ${source.guestOrderId ?? "?"}`;
}

export function sourceFromCustomer(c: Customer): WebCustomerSource {
  return {
    wooId: c.id,
    guestOrderId: null,
    email: c.email !== "" ? c.email : (c.billing.email ?? ""),
    firstName: c.first_name,
    lastName: c.last_name,
    username: c.username,
    role: c.role,
    billing: c.billing,
    shipping: c.shipping,
    registeredGmt: c.date_created_gmt,
    orderCount: null,
  };
}

/** The customer of an order from its billing and shipping (guests, or a customer the list left out). */
export function sourceFromOrder(o: Order): WebCustomerSource {
  return {
    wooId: o.customer_id > 0 ? o.customer_id : null,
    guestOrderId: o.customer_id > 0 ? null : o.id,
    email: o.billing.email ?? "",
    firstName: o.billing.first_name,
    lastName: o.billing.last_name,
    username: "",
    role: o.customer_id > 0 ? "customer" : "guest",
    billing: o.billing,
    shipping: o.shipping,
    registeredGmt: null,
    orderCount: 1,
  };
}
