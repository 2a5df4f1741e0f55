import { createCustomer, updateCustomer } from "./customer-writes.js";
import type { CustomerRecord } from "./records.js";
import { renderCustomer } from "./render-others.js";
import type { RequestContext, RestResult, RouteDef } from "./rest-app.js";
import {
  BATCH_ARGS,
  CUSTOMER_CREATE_ARGS,
  CUSTOMER_DELETE_ARGS,
  CUSTOMER_LIST_ARGS,
  CUSTOMER_WRITE_ARGS,
  SINGLE_READ_ARGS,
} from "./route-args.js";
import {
  argText,
  collectionResult,
  idParam,
  includeOrder,
  numberList,
  runBatch,
  type SortKey,
  sortBy,
} from "./route-helpers.js";
import { WpError } from "./wp-error.js";
import { asInt } from "./write-helpers.js";

/** `/customers`: WordPress users, `role=customer` unless asked otherwise, no modified-date filter. */

const ID = ":id(^\\d+)";

function getCustomer(rc: RequestContext, id: number): CustomerRecord {
  const c = rc.store.customers.get(id);
  if (c === undefined) throw new WpError("wc_user_invalid_id", "Invalid user ID.", 404);
  return c;
}

function listCustomers(rc: RequestContext): RestResult {
  const a = rc.args;
  const include = numberList(a.include);
  const exclude = new Set(numberList(a.exclude));
  const role = argText(rc, "role", "customer");
  const email = typeof a.email === "string" && a.email !== "" ? a.email.toLowerCase() : null;
  const search = typeof a.search === "string" && a.search !== "" ? a.search.replace(/\*/g, "").toLowerCase() : null;
  const all = [...rc.store.customers.values()].filter((c) => {
    if (role !== "all" && c.role !== role) return false;
    if (include.length > 0 && !include.includes(c.id)) return false;
    if (exclude.has(c.id)) return false;
    if (email !== null && c.email.toLowerCase() !== email) return false;
    if (search !== null && ![c.email, c.username, c.displayName].some((f) => f.toLowerCase().includes(search))) {
      return false;
    }
    return true;
  });
  const orderby = argText(rc, "orderby", "name");
  const key: SortKey<CustomerRecord> =
    orderby === "id"
      ? (c) => c.id
      : orderby === "registered_date"
        ? (c) => c.dateCreated
        : orderby === "include"
          ? includeOrder<CustomerRecord>(include)
          : (c) => c.displayName.toLowerCase();
  sortBy(all, key, orderby === "include" ? "asc" : a.order === "desc" ? "desc" : "asc");
  const env = rc.env(a.context === "edit" ? "edit" : "view");
  return collectionResult(rc, "/customers", all, (c) => renderCustomer(c, env));
}

function deleteCustomer(rc: RequestContext, c: CustomerRecord, force: boolean): unknown {
  if (!force) {
    throw new WpError("woocommerce_rest_trash_not_supported", "Customers do not support trashing.", 501);
  }
  const body = renderCustomer(c, rc.env("edit"));
  rc.store.deleteCustomer(c.id);
  rc.events.push({ resource: "customer", event: "deleted", id: c.id });
  return body;
}

export const customerRoutes: readonly RouteDef[] = [
  { method: "GET", path: "/customers", args: CUSTOMER_LIST_ARGS, permission: "list", handler: listCustomers },
  {
    method: "POST",
    path: "/customers",
    args: CUSTOMER_CREATE_ARGS,
    permission: "create",
    handler: (rc) => ({ status: 201, body: renderCustomer(createCustomer(rc.workflow, rc.body), rc.env("edit")) }),
  },
  {
    method: "POST",
    path: "/customers/batch",
    args: BATCH_ARGS,
    permission: "batch",
    handler: (rc) => {
      const env = rc.env("edit");
      return runBatch(rc, {
        postType: "customer",
        create: (item) => renderCustomer(createCustomer(rc.workflow, item), env),
        update: (item) => renderCustomer(updateCustomer(rc.workflow, getCustomer(rc, asInt(item.id)), item), env),
        delete: (id) => deleteCustomer(rc, getCustomer(rc, id), true),
      });
    },
  },
  {
    method: "GET",
    path: `/customers/${ID}`,
    args: SINGLE_READ_ARGS,
    permission: "read",
    handler: (rc) => ({
      status: 200,
      body: renderCustomer(getCustomer(rc, idParam(rc)), rc.env(rc.args.context === "edit" ? "edit" : "view")),
    }),
  },
  ...(["POST", "PUT", "PATCH"] as const).map(
    (method): RouteDef => ({
      method,
      path: `/customers/${ID}`,
      args: CUSTOMER_WRITE_ARGS,
      permission: "edit",
      handler: (rc) => ({
        status: 200,
        body: renderCustomer(updateCustomer(rc.workflow, getCustomer(rc, idParam(rc)), rc.body), rc.env("edit")),
      }),
    }),
  ),
  {
    method: "DELETE",
    path: `/customers/${ID}`,
    args: CUSTOMER_DELETE_ARGS,
    permission: "delete",
    handler: (rc) => ({ status: 200, body: deleteCustomer(rc, getCustomer(rc, idParam(rc)), rc.args.force === true) }),
  },
];
