import { type BatchInput, type BatchResult, runBatch } from "../batch.js";
import { collectAll, type PageOptions, paginate, type WooPage } from "../paging.js";
import { parseRecord, parseRecords } from "../parse-response.js";
import type { QueryParams } from "../request-url.js";
import { assertResourceId } from "../resource-id.js";
import { type Order, type OrderCreate, type OrderStatus, type OrderUpdate, orderSchema } from "../schemas/order.js";
import { type OrderNote, type OrderNoteCreate, orderNoteSchema } from "../schemas/order-note.js";
import { type Refund, type RefundCreate, refundSchema } from "../schemas/refund.js";
import type { WooTransport } from "../transport.js";

export interface OrderListQuery {
  /** One status or several (sent as a comma list). Default: WooCommerce's `any` (trashed orders excluded). */
  status?: OrderStatus | readonly OrderStatus[];
  /** Created after / before (the creation date). */
  after?: Date;
  before?: Date;
  modifiedAfter?: Date;
  modifiedBefore?: Date;
  orderby?: "date" | "id" | "modified" | "include" | "title" | "slug";
  order?: "asc" | "desc";
  customer?: number;
  product?: number;
  include?: readonly number[];
  exclude?: readonly number[];
  search?: string;
  /** Any other `GET /orders` parameter, passed as is. */
  extra?: QueryParams;
}

function orderQuery(query: OrderListQuery): QueryParams {
  return {
    ...query.extra,
    status: query.status,
    after: query.after,
    before: query.before,
    modified_after: query.modifiedAfter,
    modified_before: query.modifiedBefore,
    // Stable under concurrent changes, unlike WooCommerce's default (newest first).
    orderby: query.orderby ?? "id",
    order: query.order ?? "asc",
    customer: query.customer,
    product: query.product,
    include: query.include,
    exclude: query.exclude,
    search: query.search,
  };
}

/** `/orders`, their notes and refunds. */
export class OrdersApi {
  constructor(private readonly transport: WooTransport) {}

  /** Pages of orders. Dates are sent as UTC with `dates_are_gmt=true`. */
  pages(query: OrderListQuery = {}, options?: PageOptions): AsyncGenerator<WooPage<Order>, void, undefined> {
    return paginate(this.transport, { path: "/orders", query: orderQuery(query), name: "order" }, orderSchema, options);
  }

  /** Every order matching the query (all pages). */
  async list(query: OrderListQuery = {}): Promise<Order[]> {
    return collectAll(this.pages(query));
  }

  /** One page (1-based) of at most `perPage` (≤ 100) orders. */
  async page(query: OrderListQuery, page: number, perPage = 100): Promise<WooPage<Order>> {
    for await (const p of this.pages(query, { startPage: page, perPage })) return p;
    return { page, items: [], reportedTotal: undefined };
  }

  /**
   * For incremental sync: orders modified after `watermark` (a UTC instant), oldest change first
   * (`orderby=modified&order=asc&dates_are_gmt=true`). Keep the watermark from `date_modified_gmt`, overlap it a little,
   * and drop duplicates by id: orders that change while the walk runs move to the end and may be seen twice.
   */
  modifiedSince(
    watermark: Date,
    query: Omit<OrderListQuery, "modifiedAfter" | "orderby" | "order"> & { orderby?: "modified" | "id" } = {},
    options?: PageOptions,
  ): AsyncGenerator<WooPage<Order>, void, undefined> {
    return this.pages(
      { ...query, modifiedAfter: watermark, orderby: query.orderby ?? "modified", order: "asc" },
      options,
    );
  }

  async get(id: number): Promise<Order> {
    assertResourceId(id, "order");
    const path = `/orders/${id}`;
    const res = await this.transport.request({ method: "GET", path, resource: `order ${id}` });
    return parseRecord({ method: "GET", path }, orderSchema, res.body, `order ${id}`);
  }

  /** Creates an order (sandbox and tests; cpwoo's flows read orders, they do not create them). Not retried on 502/504. */
  async create(data: OrderCreate): Promise<Order> {
    const res = await this.transport.request({ method: "POST", path: "/orders", body: data, resource: "new order" });
    return parseRecord({ method: "POST", path: "/orders" }, orderSchema, res.body, "new order");
  }

  async update(id: number, data: OrderUpdate): Promise<Order> {
    assertResourceId(id, "order");
    const path = `/orders/${id}`;
    const res = await this.transport.request({ method: "PUT", path, body: data, resource: `order ${id}` });
    return parseRecord({ method: "PUT", path }, orderSchema, res.body, `order ${id}`);
  }

  /** Any number of creates, updates and deletes; see `runBatch` for how failures are reported. */
  async batch(input: BatchInput<OrderCreate, OrderUpdate & { id: number }>): Promise<BatchResult<Order>> {
    return runBatch(this.transport, { path: "/orders/batch", name: "order" }, input, orderSchema);
  }

  /** Notes of an order (not paginated; sorted by date only, same-second notes in no useful order). */
  async listNotes(orderId: number, type: "any" | "customer" | "internal" = "any"): Promise<OrderNote[]> {
    assertResourceId(orderId, "order");
    const path = `/orders/${orderId}/notes`;
    const resource = `notes of order ${orderId}`;
    const res = await this.transport.request({ method: "GET", path, query: { type }, resource });
    return parseRecords({ method: "GET", path, resource }, orderNoteSchema, res.body, "order note");
  }

  /** Adds a note. A POST: not repeated after a 502/504 or timeout (a second note would appear); see `WooOutcomeUnknownError`. */
  async createNote(orderId: number, note: OrderNoteCreate): Promise<OrderNote> {
    assertResourceId(orderId, "order");
    const path = `/orders/${orderId}/notes`;
    const resource = `note on order ${orderId}`;
    const res = await this.transport.request({ method: "POST", path, body: note, resource });
    return parseRecord({ method: "POST", path, resource }, orderNoteSchema, res.body, resource);
  }

  async listRefunds(orderId: number): Promise<Refund[]> {
    assertResourceId(orderId, "order");
    const resource = `refunds of order ${orderId}`;
    return collectAll(
      paginate(this.transport, { path: `/orders/${orderId}/refunds`, name: "refund", resource }, refundSchema),
    );
  }

  /**
   * Records a refund. `api_refund` must be stated (false: record only; true: ask the gateway to move money). Refund
   * errors come as HTTP 500 with a numeric `data`; they are mapped by code (`WooApiError.wooCode`) and never retried.
   */
  async createRefund(orderId: number, refund: RefundCreate): Promise<Refund> {
    assertResourceId(orderId, "order");
    const path = `/orders/${orderId}/refunds`;
    const resource = `refund on order ${orderId}`;
    const res = await this.transport.request({ method: "POST", path, body: refund, resource });
    return parseRecord({ method: "POST", path, resource }, refundSchema, res.body, resource);
  }
}
