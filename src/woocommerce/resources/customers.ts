import { type BatchInput, type BatchResult, runBatch } from "../batch.js";
import { collectAll, type PageOptions, paginate, type WooPage } from "../paging.js";
import { parseRecord } from "../parse-response.js";
import type { QueryParams } from "../request-url.js";
import { assertResourceId } from "../resource-id.js";
import {
  type Customer,
  type CustomerCreate,
  type CustomerUpdate,
  customerSchema,
  forbiddenCustomerUpdateKeys,
} from "../schemas/customer.js";
import type { WooTransport } from "../transport.js";

export interface CustomerListQuery {
  /** Default `all`: WooCommerce's own default (`customer`) hides users with other roles. */
  role?: string;
  /** Exact e-mail match. */
  email?: string;
  search?: string;
  include?: readonly number[];
  exclude?: readonly number[];
  orderby?: "id" | "include" | "name" | "registered_date";
  order?: "asc" | "desc";
  extra?: QueryParams;
}

function refuseLoginFields(data: object, where: string): void {
  for (const key of forbiddenCustomerUpdateKeys) {
    if (key in data) throw new TypeError(`${where}: cpwoo never changes a customer's ${key}`);
  }
}

/** `/customers`. There is no modified-date filter for customers. */
export class CustomersApi {
  constructor(private readonly transport: WooTransport) {}

  pages(query: CustomerListQuery = {}, options?: PageOptions): AsyncGenerator<WooPage<Customer>, void, undefined> {
    const q: QueryParams = {
      ...query.extra,
      role: query.role ?? "all",
      email: query.email,
      search: query.search,
      include: query.include,
      exclude: query.exclude,
      orderby: query.orderby ?? "id",
      order: query.order ?? "asc",
    };
    return paginate(this.transport, { path: "/customers", query: q, name: "customer" }, customerSchema, options);
  }

  async list(query: CustomerListQuery = {}): Promise<Customer[]> {
    return collectAll(this.pages(query));
  }

  async get(id: number): Promise<Customer> {
    assertResourceId(id, "customer");
    const path = `/customers/${id}`;
    const res = await this.transport.request({ method: "GET", path, resource: `customer ${id}` });
    return parseRecord({ method: "GET", path }, customerSchema, res.body, `customer ${id}`);
  }

  /** Creates a customer. Not repeated after a 502/504 or timeout: look the e-mail up before retrying. */
  async create(data: CustomerCreate): Promise<Customer> {
    const res = await this.transport.request({
      method: "POST",
      path: "/customers",
      body: data,
      resource: `new customer ${data.email}`,
    });
    return parseRecord({ method: "POST", path: "/customers" }, customerSchema, res.body, `new customer ${data.email}`);
  }

  /** Updates a customer. `password` and `username` are refused, by the type and at run time. */
  async update(id: number, data: CustomerUpdate): Promise<Customer> {
    assertResourceId(id, "customer");
    refuseLoginFields(data, `customer ${id} update`);
    const path = `/customers/${id}`;
    const res = await this.transport.request({ method: "PUT", path, body: data, resource: `customer ${id}` });
    return parseRecord({ method: "PUT", path }, customerSchema, res.body, `customer ${id}`);
  }

  async batch(input: BatchInput<CustomerCreate, CustomerUpdate & { id: number }>): Promise<BatchResult<Customer>> {
    (input.update ?? []).forEach((item, index) => refuseLoginFields(item, `customer batch update[${index}]`));
    return runBatch(this.transport, { path: "/customers/batch", name: "customer" }, input, customerSchema);
  }
}
