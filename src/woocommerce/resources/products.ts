import { type BatchInput, type BatchResult, runBatch } from "../batch.js";
import { collectAll, type PageOptions, paginate, type WooPage } from "../paging.js";
import { parseRecord } from "../parse-response.js";
import type { QueryParams } from "../request-url.js";
import { assertResourceId } from "../resource-id.js";
import { type Product, type ProductUpdate, type ProductWrite, productSchema } from "../schemas/product.js";
import type { WooTransport } from "../transport.js";

export interface ProductListQuery {
  status?: "any" | "draft" | "pending" | "private" | "publish" | "future" | "trash";
  type?: "simple" | "grouped" | "external" | "variable";
  /** Exact SKUs (comma list); matches variations too. */
  sku?: string | readonly string[];
  category?: number;
  include?: readonly number[];
  exclude?: readonly number[];
  modifiedAfter?: Date;
  modifiedBefore?: Date;
  search?: string;
  orderby?: "date" | "id" | "include" | "title" | "slug" | "modified" | "menu_order";
  order?: "asc" | "desc";
  extra?: QueryParams;
}

/** SKUs per `?sku=` request, to keep URLs well under common 8 KB limits. */
const SKUS_PER_REQUEST = 50;

/** `/products`. Writes to variations must go through `VariationsApi` (`/products/batch` refuses variation ids). */
export class ProductsApi {
  constructor(private readonly transport: WooTransport) {}

  pages(query: ProductListQuery = {}, options?: PageOptions): AsyncGenerator<WooPage<Product>, void, undefined> {
    const q: QueryParams = {
      ...query.extra,
      status: query.status,
      type: query.type,
      sku: query.sku,
      category: query.category,
      include: query.include,
      exclude: query.exclude,
      modified_after: query.modifiedAfter,
      modified_before: query.modifiedBefore,
      search: query.search,
      orderby: query.orderby ?? "id",
      order: query.order ?? "asc",
    };
    return paginate(this.transport, { path: "/products", query: q, name: "product" }, productSchema, options);
  }

  async list(query: ProductListQuery = {}): Promise<Product[]> {
    return collectAll(this.pages(query));
  }

  /** A product by id; a variation id returns the variation (`type: "variation"`). */
  async get(id: number): Promise<Product> {
    assertResourceId(id, "product");
    const path = `/products/${id}`;
    const res = await this.transport.request({ method: "GET", path, resource: `product ${id}` });
    return parseRecord({ method: "GET", path }, productSchema, res.body, `product ${id}`);
  }

  /**
   * Products and variations with exactly these SKUs (`?sku=a,b`, in requests of 50). Variations come back as
   * `type: "variation"` with `parent_id`. SKUs not found are simply absent. A SKU containing a comma cannot be asked for.
   */
  async bySku(skus: string | readonly string[]): Promise<Product[]> {
    const wanted = [...new Set(typeof skus === "string" ? [skus] : skus)].filter((s) => s !== "");
    const groups: string[][] = [];
    for (let i = 0; i < wanted.length; i += SKUS_PER_REQUEST) groups.push(wanted.slice(i, i + SKUS_PER_REQUEST));
    const found = await Promise.all(groups.map((group) => this.list({ sku: group, status: "any" })));
    return found.flat();
  }

  /** Creates a product. Not repeated after a 502/504 or timeout: look the SKU up before retrying. */
  async create(data: ProductWrite): Promise<Product> {
    const resource = `new product${data.sku ? ` ${data.sku}` : ""}`;
    const res = await this.transport.request({ method: "POST", path: "/products", body: data, resource });
    return parseRecord({ method: "POST", path: "/products" }, productSchema, res.body, resource);
  }

  async update(id: number, data: ProductWrite): Promise<Product> {
    assertResourceId(id, "product");
    const path = `/products/${id}`;
    const res = await this.transport.request({ method: "PUT", path, body: data, resource: `product ${id}` });
    return parseRecord({ method: "PUT", path }, productSchema, res.body, `product ${id}`);
  }

  async batch(input: BatchInput<ProductWrite, ProductUpdate>): Promise<BatchResult<Product>> {
    return runBatch(this.transport, { path: "/products/batch", name: "product" }, input, productSchema);
  }
}
