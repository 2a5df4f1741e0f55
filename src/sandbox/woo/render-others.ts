import { createHash } from "node:crypto";
import type { Address, CategoryRecord, CustomerRecord, WebhookRecord } from "./records.js";
import { ALLOW_ALL, dates, hrefs, type RenderEnv, selfLink } from "./render-env.js";

/** Customers, categories and webhooks as the wc/v3 routes return them. */

/** Customers list their address fields in another order than orders do (postcode and country before state). */
function customerAddress(a: Address, withEmail: boolean): Record<string, string> {
  const out: Record<string, string> = {
    first_name: a.first_name,
    last_name: a.last_name,
    company: a.company,
    address_1: a.address_1,
    address_2: a.address_2,
    city: a.city,
    postcode: a.postcode,
    country: a.country,
    state: a.state,
  };
  if (withEmail) out.email = a.email ?? "";
  out.phone = a.phone;
  return out;
}

/** Gravatar URL as WordPress 7 builds it: SHA-256 of the trimmed, lower-cased e-mail. */
export function avatarUrl(email: string): string {
  const hash = createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
  return `https://secure.gravatar.com/avatar/${hash}?s=96&d=mm&r=g`;
}

export function renderCustomer(c: CustomerRecord, env: RenderEnv): Record<string, unknown> {
  const [created, createdGmt] = dates(env, c.dateCreated);
  const [modified, modifiedGmt] = dates(env, c.dateModified);
  return {
    id: c.id,
    date_created: created,
    date_created_gmt: createdGmt,
    date_modified: modified,
    date_modified_gmt: modifiedGmt,
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    role: c.role,
    username: c.username,
    billing: customerAddress(c.billing, true),
    shipping: customerAddress(c.shipping, false),
    is_paying_customer: c.isPayingCustomer,
    avatar_url: avatarUrl(c.email),
    meta_data: c.metaData.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    _links: {
      self: selfLink(env, `/customers/${c.id}`, ALLOW_ALL),
      collection: hrefs(env, "/customers"),
    },
  };
}

export function renderCategory(c: CategoryRecord, env: RenderEnv): Record<string, unknown> {
  const links: Record<string, unknown> = {
    self: selfLink(env, `/products/categories/${c.id}`, ALLOW_ALL),
    collection: hrefs(env, "/products/categories"),
  };
  if (c.parent !== 0) links.up = hrefs(env, `/products/categories/${c.parent}`);
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    parent: c.parent,
    description: c.description,
    display: c.display,
    image: c.image,
    menu_order: c.menuOrder,
    count: env.catalog.categoryCount(c.id),
    _links: links,
  };
}

/** The WordPress actions behind each webhook topic (shown as `hooks`). */
export const WEBHOOK_TOPIC_HOOKS: Readonly<Record<string, readonly string[]>> = {
  "coupon.created": ["woocommerce_process_shop_coupon_meta", "woocommerce_new_coupon"],
  "coupon.updated": ["woocommerce_process_shop_coupon_meta", "woocommerce_update_coupon"],
  "coupon.deleted": ["wp_trash_post"],
  "coupon.restored": ["untrashed_post"],
  "customer.created": ["user_register", "woocommerce_created_customer", "woocommerce_new_customer"],
  "customer.updated": ["profile_update", "woocommerce_update_customer"],
  "customer.deleted": ["delete_user"],
  "order.created": ["woocommerce_new_order"],
  "order.updated": ["woocommerce_update_order", "woocommerce_order_refunded"],
  "order.deleted": ["wp_trash_post", "woocommerce_trash_order"],
  "order.restored": ["untrashed_post", "woocommerce_untrash_order"],
  "product.created": [
    "woocommerce_process_product_meta",
    "woocommerce_new_product",
    "woocommerce_new_product_variation",
  ],
  "product.updated": [
    "woocommerce_process_product_meta",
    "woocommerce_update_product",
    "woocommerce_update_product_variation",
  ],
  "product.deleted": ["wp_trash_post"],
  "product.restored": ["untrashed_post"],
  "product.published": ["woocommerce_product_published"],
};

export function webhookHooks(topic: string): string[] {
  const known = WEBHOOK_TOPIC_HOOKS[topic];
  if (known !== undefined) return [...known];
  if (topic.startsWith("action.")) return [topic.slice("action.".length)];
  return [];
}

export function renderWebhook(w: WebhookRecord, env: RenderEnv): Record<string, unknown> {
  const [created, createdGmt] = dates(env, w.dateCreated);
  const [modified, modifiedGmt] = dates(env, w.dateModified);
  const dot = w.topic.indexOf(".");
  const out: Record<string, unknown> = {
    id: w.id,
    name: w.name,
    status: w.status,
    topic: w.topic,
    resource: dot < 0 ? w.topic : w.topic.slice(0, dot),
    event: dot < 0 ? "" : w.topic.slice(dot + 1),
    hooks: webhookHooks(w.topic),
    delivery_url: w.deliveryUrl,
  };
  if (env.context === "edit") out.secret = w.secret;
  out.date_created = created;
  out.date_created_gmt = createdGmt;
  out.date_modified = modified;
  out.date_modified_gmt = modifiedGmt;
  out._links = {
    self: selfLink(env, `/webhooks/${w.id}`, ALLOW_ALL),
    collection: hrefs(env, "/webhooks"),
  };
  return out;
}
