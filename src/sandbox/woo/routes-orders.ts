import { createOrder, trashOrder, updateOrder } from "./order-workflow.js";
import { ordersLink, paginate } from "./paging.js";
import type { OrderRecord } from "./records.js";
import { createRefund } from "./refund-workflow.js";
import { renderNote, renderOrder, renderRefund } from "./render-order.js";
import type { RequestContext, RestResult, RouteDef } from "./rest-app.js";
import {
  BATCH_ARGS,
  FORCE_ARGS,
  NOTE_CREATE_ARGS,
  NOTE_LIST_ARGS,
  ORDER_LIST_ARGS,
  ORDER_READ_ARGS,
  ORDER_WRITE_ARGS,
  REFUND_CREATE_ARGS,
  REFUND_LIST_ARGS,
} from "./route-args.js";
import {
  argText,
  collectionResult,
  dateBounds,
  idParam,
  includeOrder,
  numberList,
  pageArgs,
  runBatch,
  sortBy,
  withinDates,
} from "./route-helpers.js";
import { refundError, WpError } from "./wp-error.js";
import { asBool, asInt, asText } from "./write-helpers.js";

/** `/orders`, `/orders/{id}/notes`, `/orders/{id}/refunds`, `/refunds`. */

const ID = ":id(^\\d+)";
const ORDER_ID = ":order_id(^\\d+)";

function dp(rc: RequestContext): number {
  return asInt(rc.args.dp, rc.site.priceDecimals);
}

function getOrder(rc: RequestContext, id: number, missingStatus = 404, message = "Invalid ID."): OrderRecord {
  const order = rc.store.orders.get(id);
  if (order === undefined) throw new WpError("woocommerce_rest_shop_order_invalid_id", message, missingStatus);
  return order;
}

function addressText(a: OrderRecord["billing"]): string[] {
  return [a.first_name, a.last_name, a.company, a.address_1, a.address_2, a.city, a.postcode, a.email ?? "", a.phone];
}

function searchMatches(order: OrderRecord, term: string): boolean {
  const needle = term.toLowerCase();
  const fields = [
    String(order.id),
    ...addressText(order.billing),
    ...addressText(order.shipping),
    order.paymentMethodTitle,
    order.transactionId,
    ...order.lineItems.map((i) => i.name),
  ];
  return fields.some((f) => typeof f === "string" && f.toLowerCase().includes(needle));
}

function listOrders(rc: RequestContext): RestResult {
  const a = rc.args;
  const statuses = (a.status as string[]).map((s) => s.replace(/^wc-/, ""));
  const any = statuses.includes("any");
  const include = numberList(a.include);
  const exclude = new Set(numberList(a.exclude));
  const parents = numberList(a.parent);
  const parentExclude = new Set(numberList(a.parent_exclude));
  const bounds = dateBounds(rc);
  const createdVia = Array.isArray(a.created_via) ? a.created_via.map(String) : null;
  const search = typeof a.search === "string" && a.search !== "" ? a.search : null;
  const matches: OrderRecord[] = [];
  for (const o of rc.store.orders.values()) {
    if (any ? ["trash", "auto-draft", "checkout-draft"].includes(o.status) : !statuses.includes(o.status)) continue;
    if (a.customer !== undefined && o.customerId !== a.customer) continue;
    if (a.product !== undefined && !o.lineItems.some((i) => i.productId === a.product || i.variationId === a.product)) {
      continue;
    }
    if (include.length > 0 && !include.includes(o.id)) continue;
    if (exclude.has(o.id)) continue;
    if (parents.length > 0 && !parents.includes(o.parentId)) continue;
    if (parentExclude.has(o.parentId)) continue;
    if (createdVia !== null && !createdVia.includes(o.createdVia)) continue;
    if (!withinDates(bounds, o.dateCreated, o.dateModified)) continue;
    if (search !== null && !searchMatches(o, search)) continue;
    matches.push(o);
  }
  const order = a.order === "asc" ? "asc" : "desc";
  const orderby = argText(rc, "orderby", "date");
  const key =
    orderby === "id"
      ? (o: OrderRecord) => o.id
      : orderby === "modified"
        ? (o: OrderRecord) => o.dateModified
        : orderby === "include"
          ? includeOrder<OrderRecord>(include)
          : (o: OrderRecord) => o.dateCreated;
  sortBy(matches, key, orderby === "include" ? "asc" : order);
  const { page, perPage, offset } = pageArgs(rc);
  const window = paginate(matches, page, perPage, offset);
  // HPOS quirk: a page past the end reports totals of 0 (recorded: orders_list_processing_beyond_end).
  const empty = window.items.length === 0;
  const total = empty ? 0 : window.total;
  const totalPages = empty ? 0 : window.totalPages;
  const env = rc.env(a.context === "edit" ? "edit" : "view", dp(rc));
  return {
    status: 200,
    body: window.items.map((o) => renderOrder(o, env)),
    headers: { "X-WP-Total": String(total), "X-WP-TotalPages": String(totalPages) },
    link: ordersLink({
      collectionUrl: `${rc.base}/wp-json/wc/v3/orders`,
      query: rc.query,
      page,
      totalPages,
      statuses: rc.query.has("status") ? statuses : null,
      pageHadItems: !empty,
    }),
  };
}

function noteAuthor(rc: RequestContext): string {
  return rc.store.customers.get(rc.user.userId)?.displayName ?? "admin";
}

export const orderRoutes: readonly RouteDef[] = [
  { method: "GET", path: "/orders", args: ORDER_LIST_ARGS, permission: "list", handler: listOrders },
  {
    method: "POST",
    path: "/orders",
    args: ORDER_WRITE_ARGS,
    permission: "create",
    handler: (rc) => {
      const order = createOrder(rc.workflow, rc.body, false);
      return { status: 201, body: renderOrder(order, rc.env("edit", dp(rc))) };
    },
  },
  {
    method: "POST",
    path: "/orders/batch",
    args: BATCH_ARGS,
    permission: "batch",
    handler: (rc) => {
      const env = rc.env("edit", dp(rc));
      return runBatch(rc, {
        postType: "shop_order",
        create: (item) => renderOrder(createOrder(rc.workflow, item, true), env),
        update: (item) => {
          const order = getOrder(rc, asInt(item.id), 400, "ID is invalid.");
          return renderOrder(updateOrder(rc.workflow, order, item, true), env);
        },
        delete: (id) => {
          const order = getOrder(rc, id);
          const body = renderOrder(order, env);
          rc.store.deleteOrder(id);
          return body;
        },
      });
    },
  },
  {
    method: "GET",
    path: `/orders/${ID}`,
    args: ORDER_READ_ARGS,
    permission: "read",
    handler: (rc) => {
      const order = getOrder(rc, idParam(rc));
      return { status: 200, body: renderOrder(order, rc.env(rc.args.context === "edit" ? "edit" : "view", dp(rc))) };
    },
  },
  ...(["POST", "PUT", "PATCH"] as const).map(
    (method): RouteDef => ({
      method,
      path: `/orders/${ID}`,
      args: ORDER_WRITE_ARGS,
      permission: "edit",
      handler: (rc) => {
        const order = getOrder(rc, idParam(rc), 400, "ID is invalid.");
        updateOrder(rc.workflow, order, rc.body, false);
        return { status: 200, body: renderOrder(order, rc.env("edit", dp(rc))) };
      },
    }),
  ),
  {
    method: "DELETE",
    path: `/orders/${ID}`,
    args: { ...FORCE_ARGS, ...ORDER_READ_ARGS },
    permission: "delete",
    handler: (rc) => {
      const order = getOrder(rc, idParam(rc));
      const body = renderOrder(order, rc.env("edit", dp(rc)));
      if (rc.args.force === true) {
        rc.store.deleteOrder(order.id);
      } else {
        if (order.status === "trash") {
          throw new WpError("woocommerce_rest_already_trashed", "The order has already been deleted.", 410);
        }
        trashOrder(rc.workflow, order);
      }
      return { status: 200, body };
    },
  },

  // Notes: not paginated, newest first.
  {
    method: "GET",
    path: `/orders/${ORDER_ID}/notes`,
    args: NOTE_LIST_ARGS,
    permission: "list",
    handler: (rc) => {
      const order = getOrder(rc, idParam(rc, "order_id"), 404, "Invalid order ID.");
      const type = argText(rc, "type", "any");
      const env = rc.env("view");
      const notes = rc.store
        .notesOf(order.id)
        .filter((n) => type === "any" || (type === "customer" ? n.customerNote : !n.customerNote));
      return { status: 200, body: notes.map((n) => renderNote(n, env)) };
    },
  },
  {
    method: "POST",
    path: `/orders/${ORDER_ID}/notes`,
    args: NOTE_CREATE_ARGS,
    permission: "create",
    handler: (rc) => {
      const order = getOrder(rc, idParam(rc, "order_id"), 404, "Invalid order ID.");
      const note = {
        id: rc.store.nextId("comment"),
        orderId: order.id,
        author: rc.args.added_by_user === true ? noteAuthor(rc) : "WooCommerce",
        dateCreated: rc.now,
        note: asText(rc.args.note),
        customerNote: rc.args.customer_note === true,
      };
      rc.store.putNote(note);
      return { status: 201, body: renderNote(note, rc.env("edit")) };
    },
  },
  {
    method: "GET",
    path: `/orders/${ORDER_ID}/notes/${ID}`,
    permission: "read",
    handler: (rc) => {
      const order = getOrder(rc, idParam(rc, "order_id"), 404, "Invalid order ID.");
      const note = rc.store.notes.get(idParam(rc));
      if (note === undefined || note.orderId !== order.id) {
        throw new WpError("woocommerce_rest_invalid_id", "Invalid resource ID.", 404);
      }
      return { status: 200, body: renderNote(note, rc.env("view")) };
    },
  },
  {
    method: "DELETE",
    path: `/orders/${ORDER_ID}/notes/${ID}`,
    args: FORCE_ARGS,
    permission: "delete",
    handler: (rc) => {
      const order = getOrder(rc, idParam(rc, "order_id"), 404, "Invalid order ID.");
      const note = rc.store.notes.get(idParam(rc));
      if (note === undefined || note.orderId !== order.id) {
        throw new WpError("woocommerce_rest_invalid_id", "Invalid resource ID.", 404);
      }
      if (rc.args.force !== true) {
        throw new WpError("woocommerce_rest_trash_not_supported", "The resource does not support trashing.", 501);
      }
      const body = renderNote(note, rc.env("edit"));
      rc.store.deleteNote(note.id);
      return { status: 200, body };
    },
  },

  // Refunds: errors are HTTP 500 with a numeric `data`.
  {
    method: "GET",
    path: `/orders/${ORDER_ID}/refunds`,
    args: REFUND_LIST_ARGS,
    permission: "list",
    handler: (rc) => {
      const orderId = idParam(rc, "order_id");
      if (!rc.store.orders.has(orderId))
        throw refundError("woocommerce_rest_invalid_order_id", "Invalid order ID.", 404);
      const env = rc.env("view", dp(rc));
      return collectionResult(rc, `/orders/${orderId}/refunds`, rc.store.refundsOf(orderId), (r) =>
        renderRefund(r, env),
      );
    },
  },
  {
    method: "POST",
    path: `/orders/${ORDER_ID}/refunds`,
    args: REFUND_CREATE_ARGS,
    permission: "create",
    handler: (rc) => {
      const order = rc.store.orders.get(idParam(rc, "order_id"));
      if (order === undefined) throw refundError("woocommerce_rest_invalid_order_id", "Invalid order ID.", 404);
      const refund = createRefund(rc.workflow, order, rc.body, rc.user.userId);
      return { status: 201, body: renderRefund(refund, rc.env("edit", dp(rc))) };
    },
  },
  {
    method: "GET",
    path: `/orders/${ORDER_ID}/refunds/${ID}`,
    args: ORDER_READ_ARGS,
    permission: "read",
    handler: (rc) => {
      const refund = rc.store.refunds.get(idParam(rc));
      if (refund === undefined || refund.orderId !== idParam(rc, "order_id")) {
        throw new WpError("woocommerce_rest_invalid_id", "Invalid resource ID.", 404);
      }
      return { status: 200, body: renderRefund(refund, rc.env("view", dp(rc))) };
    },
  },
  {
    method: "DELETE",
    path: `/orders/${ORDER_ID}/refunds/${ID}`,
    args: FORCE_ARGS,
    permission: "delete",
    handler: (rc) => {
      const refund = rc.store.refunds.get(idParam(rc));
      if (refund === undefined || refund.orderId !== idParam(rc, "order_id")) {
        throw new WpError("woocommerce_rest_invalid_id", "Invalid resource ID.", 404);
      }
      if (!asBool(rc.args.force)) {
        throw new WpError("woocommerce_rest_trash_not_supported", "Refunds do not support trashing.", 501);
      }
      const body = renderRefund(refund, rc.env("edit"));
      rc.store.deleteRefund(refund.id);
      return { status: 200, body };
    },
  },
  {
    method: "GET",
    path: "/refunds",
    args: REFUND_LIST_ARGS,
    permission: "list",
    handler: (rc) => {
      const env = rc.env("view", dp(rc));
      const all = sortBy(
        [...rc.store.refunds.values()],
        (r) => r.dateCreated,
        rc.args.order === "asc" ? "asc" : "desc",
      );
      return collectionResult(rc, "/refunds", all, (r) => renderRefund(r, env));
    },
  },
];
