import { Agent, fetch } from "undici";
import { signOAuthUrl } from "../../woocommerce/oauth1.js";

/**
 * `cpwoo sandbox woo place-order`: creates an order over HTTP the way a shop's checkout would — the customer's saved
 * addresses or a guest's, products by SKU (refusing unknown ones, as checkout does), coupons, a shipping method, and
 * payment — so that the server computes totals, reduces stock and fires its webhooks.
 */

export class PlaceOrderError extends Error {}

export interface GuestBuyer {
  email: string;
  firstName: string;
  lastName: string;
  /** A business buying as a guest (billing and shipping company); default none. */
  company?: string;
  /** "1017 NW 13th Street, Gainesville, FL 32601[, US]". */
  address: string;
  phone: string;
}

export interface PlaceOrderInput {
  /** Where the server listens, e.g. `http://127.0.0.1:8089`. */
  url: string;
  /** The WordPress home URL OAuth signs (default: `url`). */
  siteUrl?: string;
  consumerKey: string;
  consumerSecret: string;
  /** Accept a self-signed certificate. */
  insecure?: boolean;
  customerId?: number;
  guest?: GuestBuyer;
  lines: ReadonlyArray<{ sku: string; quantity: number }>;
  coupons?: readonly string[];
  /** e.g. `{ methodId: "flat_rate", total: "7.95" }`. */
  shipping?: { methodId: string; total: string };
  paid: boolean;
  paymentMethod: string;
  paymentMethodTitle?: string;
}

export interface PlacedOrder {
  id: number;
  number: string;
  status: string;
  total: string;
  currency: string;
}

export const PAYMENT_METHOD_TITLES: Readonly<Record<string, string>> = {
  bacs: "Direct bank transfer",
  cheque: "Check payments",
  cod: "Cash on delivery",
  stripe: "Credit card (Stripe)",
  paypal: "PayPal",
};

const SHIPPING_TITLES: Readonly<Record<string, string>> = {
  flat_rate: "Flat rate",
  free_shipping: "Free shipping",
  local_pickup: "Local pickup",
};

/** `SKU:QTY` (the last colon splits, so SKUs may contain colons). */
export function parseLine(text: string): { sku: string; quantity: number } {
  const at = text.lastIndexOf(":");
  const sku = at < 0 ? text.trim() : text.slice(0, at).trim();
  const qty = at < 0 ? "1" : text.slice(at + 1).trim();
  if (sku === "") throw new PlaceOrderError(`--line "${text}": the SKU is empty (expected SKU:QTY)`);
  if (!/^[1-9]\d*$/.test(qty)) throw new PlaceOrderError(`--line "${text}": the quantity must be a whole number ≥ 1`);
  return { sku, quantity: Number(qty) };
}

/** `flat_rate:7.95`, `free_shipping`, `local_pickup:0`. */
export function parseShipping(text: string): { methodId: string; total: string } {
  const [method = "", amount = "0"] = text.split(":");
  if (!/^[a-z_]+$/.test(method)) throw new PlaceOrderError(`--shipping "${text}": expected METHOD[:AMOUNT]`);
  if (!/^\d+(\.\d{1,2})?$/.test(amount))
    throw new PlaceOrderError(`--shipping "${text}": "${amount}" is not an amount`);
  return { methodId: method, total: amount };
}

/** "1017 NW 13th Street, Gainesville, FL 32601[, US]" → WooCommerce address fields. */
export function parseAddress(text: string): Record<string, string> {
  const parts = text.split(",").map((p) => p.trim());
  let country = "US";
  const last = parts[parts.length - 1] ?? "";
  if (/^[A-Z]{2}$/.test(last) && parts.length >= 4) {
    country = last;
    parts.pop();
  }
  const stateZip = /^([A-Za-z]{2})\s+(\S+)$/.exec(parts.pop() ?? "");
  const city = parts.pop();
  if (stateZip === null || city === undefined || parts.length === 0) {
    throw new PlaceOrderError(`--address "${text}": expected "street, city, ST ZIP[, COUNTRY]"`);
  }
  return {
    address_1: parts.join(", "),
    address_2: "",
    city,
    state: (stateZip[1] as string).toUpperCase(),
    postcode: stateZip[2] as string,
    country,
  };
}

async function request(input: PlaceOrderInput, method: string, path: string, body?: unknown): Promise<unknown> {
  const target = new URL(path, input.url);
  let url = target;
  const headers: Record<string, string> = { accept: "application/json" };
  if (target.protocol === "https:") {
    headers.authorization = `Basic ${Buffer.from(`${input.consumerKey}:${input.consumerSecret}`).toString("base64")}`;
  } else {
    // OAuth signs the site's configured home URL, which may differ from where we reach it.
    const site = new URL(path, input.siteUrl ?? input.url);
    const signed = signOAuthUrl({
      method,
      url: site,
      consumerKey: input.consumerKey,
      consumerSecret: input.consumerSecret,
    });
    url = new URL(`${signed.pathname}${signed.search}`, input.url);
  }
  if (body !== undefined) headers["content-type"] = "application/json";
  const dispatcher = input.insecure === true ? new Agent({ connect: { rejectUnauthorized: false } }) : undefined;
  try {
    const res = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(dispatcher === undefined ? {} : { dispatcher }),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new PlaceOrderError(`${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
    }
    if (res.status >= 300) {
      const err = parsed as { code?: string; message?: string };
      throw new PlaceOrderError(`${method} ${path}: HTTP ${res.status} ${err.code ?? ""}: ${err.message ?? text}`);
    }
    return parsed;
  } catch (e) {
    if (e instanceof PlaceOrderError) throw e;
    throw new PlaceOrderError(`${method} ${url.origin}${path}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await dispatcher?.close();
  }
}

export async function placeOrder(input: PlaceOrderInput): Promise<PlacedOrder> {
  if (input.lines.length === 0) throw new PlaceOrderError("give at least one --line SKU:QTY");
  if ((input.customerId === undefined) === (input.guest === undefined)) {
    throw new PlaceOrderError("give either --customer ID or --guest");
  }
  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const found = (await request(
    input,
    "GET",
    `/wp-json/wc/v3/products?per_page=100&sku=${encodeURIComponent(skus.join(","))}`,
  )) as Array<{
    sku: string;
    purchasable: boolean;
  }>;
  const missing = skus.filter((sku) => !found.some((p) => p.sku.toLowerCase() === sku.toLowerCase()));
  if (missing.length > 0) throw new PlaceOrderError(`no product has SKU ${missing.join(", ")}`);

  let billing: Record<string, unknown>;
  let shipping: Record<string, unknown>;
  if (input.customerId !== undefined) {
    const customer = (await request(input, "GET", `/wp-json/wc/v3/customers/${input.customerId}`)) as {
      billing: Record<string, unknown>;
      shipping: Record<string, unknown>;
    };
    billing = customer.billing;
    const hasShipping = typeof customer.shipping.address_1 === "string" && customer.shipping.address_1 !== "";
    shipping = hasShipping ? customer.shipping : { ...customer.billing };
    delete shipping.email;
  } else {
    const g = input.guest as GuestBuyer;
    const address = parseAddress(g.address);
    const person = {
      first_name: g.firstName,
      last_name: g.lastName,
      company: g.company ?? "",
      ...address,
      phone: g.phone,
    };
    billing = { ...person, email: g.email };
    shipping = person;
  }
  const body: Record<string, unknown> = {
    payment_method: input.paymentMethod,
    payment_method_title: input.paymentMethodTitle ?? PAYMENT_METHOD_TITLES[input.paymentMethod] ?? input.paymentMethod,
    set_paid: input.paid,
    created_via: "checkout",
    customer_id: input.customerId ?? 0,
    billing,
    shipping,
    line_items: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  };
  if (input.coupons !== undefined && input.coupons.length > 0)
    body.coupon_lines = input.coupons.map((code) => ({ code }));
  if (input.shipping !== undefined) {
    body.shipping_lines = [
      {
        method_id: input.shipping.methodId,
        method_title: SHIPPING_TITLES[input.shipping.methodId] ?? input.shipping.methodId,
        instance_id: "1",
        total: input.shipping.total,
      },
    ];
  }
  const order = (await request(input, "POST", "/wp-json/wc/v3/orders", body)) as PlacedOrder;
  return { id: order.id, number: order.number, status: order.status, total: order.total, currency: order.currency };
}
