import { randomInt } from "node:crypto";
import type { WorkflowContext } from "./order-workflow.js";
import type { CustomerRecord } from "./records.js";
import { sanitizeUsername } from "./text-format.js";
import { WpError } from "./wp-error.js";
import { asText, emptyAddress, has, type Input, mergeAddress, mergeMeta } from "./write-helpers.js";

/**
 * Customers (WordPress users with the `customer` role) as WooCommerce's REST controller creates and updates them:
 * e-mails are unique, the username comes from the e-mail's local part when none is given, and a user created without
 * a password carries WordPress's `default_password_nag` meta.
 */

const EMAIL_EXISTS =
  'An account is already registered with your email address. <a href="#" class="showlogin">Please log in.</a>';

function deriveUsername(ctx: WorkflowContext, email: string): string {
  const local = sanitizeUsername(email.split("@")[0] ?? "");
  const domain = sanitizeUsername((email.split("@")[1] ?? "").split(".")[0] ?? "");
  let base = local !== "" ? local : domain || "customer";
  if (ctx.store.customerByUsername(base) === undefined) return base;
  for (;;) {
    const candidate = `${base}-${String(randomInt(0, 10_000)).padStart(4, "0")}`;
    if (ctx.store.customerByUsername(candidate) === undefined) return candidate;
    base = base.slice(0, 50);
  }
}

export function createCustomer(ctx: WorkflowContext, input: Input): CustomerRecord {
  const { store } = ctx;
  const email = asText(input.email).trim();
  if (store.customerByEmail(email) !== undefined) {
    throw new WpError("registration-error-email-exists", EMAIL_EXISTS, 400);
  }
  let username = asText(input.username).trim();
  if (username !== "") {
    if (store.customerByUsername(username) !== undefined) {
      throw new WpError(
        "registration-error-username-exists",
        "An account is already registered with that username. Please choose another.",
        400,
      );
    }
  } else {
    username = deriveUsername(ctx, email);
  }
  const id = store.nextId("user");
  const customer: CustomerRecord = {
    id,
    dateCreated: ctx.now,
    dateModified: ctx.now,
    email,
    firstName: asText(input.first_name),
    lastName: asText(input.last_name),
    role: "customer",
    username,
    displayName: username,
    billing: mergeAddress(emptyAddress(true), input.billing, true),
    shipping: mergeAddress(emptyAddress(false), input.shipping, false),
    isPayingCustomer: false,
    metaData: [],
  };
  if (asText(input.password) === "") {
    customer.metaData.push({ id: store.nextId("userMeta"), key: "default_password_nag", value: "1" });
  }
  customer.metaData = mergeMeta(customer.metaData, input.meta_data, () => store.nextId("userMeta"));
  store.putCustomer(customer);
  ctx.events.push({ resource: "customer", event: "created", id });
  return customer;
}

export function updateCustomer(ctx: WorkflowContext, customer: CustomerRecord, input: Input): CustomerRecord {
  const { store } = ctx;
  if (has(input, "username") && asText(input.username) !== customer.username) {
    throw new WpError("woocommerce_rest_customer_invalid_argument", "Username isn't editable.", 400);
  }
  if (has(input, "email")) {
    const email = asText(input.email).trim();
    const holder = store.customerByEmail(email);
    if (holder !== undefined && holder.id !== customer.id) {
      throw new WpError("registration-error-email-exists", EMAIL_EXISTS, 400);
    }
    customer.email = email;
  }
  if (has(input, "first_name")) customer.firstName = asText(input.first_name);
  if (has(input, "last_name")) customer.lastName = asText(input.last_name);
  if (has(input, "billing")) customer.billing = mergeAddress(customer.billing, input.billing, true);
  if (has(input, "shipping")) customer.shipping = mergeAddress(customer.shipping, input.shipping, false);
  if (has(input, "meta_data")) {
    customer.metaData = mergeMeta(customer.metaData, input.meta_data, () => store.nextId("userMeta"));
  }
  customer.dateModified = ctx.now;
  store.putCustomer(customer);
  ctx.events.push({ resource: "customer", event: "updated", id: customer.id });
  return customer;
}
