import { type BatchInput, type BatchResult, runBatch } from "../batch.js";
import { collectAll, type PageOptions, paginate, type WooPage } from "../paging.js";
import { parseRecord } from "../parse-response.js";
import type { QueryParams } from "../request-url.js";
import {
  type ProductCategory,
  type ProductCategoryCreate,
  type ProductCategoryUpdate,
  productCategorySchema,
} from "../schemas/category.js";
import type { WooTransport } from "../transport.js";

export interface CategoryListQuery {
  search?: string;
  parent?: number;
  slug?: string;
  /** Default false: empty categories are listed too. */
  hideEmpty?: boolean;
  extra?: QueryParams;
}

/** `/products/categories`. */
export class CategoriesApi {
  constructor(private readonly transport: WooTransport) {}

  pages(
    query: CategoryListQuery = {},
    options?: PageOptions,
  ): AsyncGenerator<WooPage<ProductCategory>, void, undefined> {
    const q: QueryParams = {
      ...query.extra,
      search: query.search,
      parent: query.parent,
      slug: query.slug,
      hide_empty: query.hideEmpty ?? false,
      orderby: "id",
      order: "asc",
    };
    return paginate(
      this.transport,
      { path: "/products/categories", query: q, name: "category" },
      productCategorySchema,
      options,
    );
  }

  async list(query: CategoryListQuery = {}): Promise<ProductCategory[]> {
    return collectAll(this.pages(query));
  }

  /** Creates a category. A duplicate name gives `term_exists` with `data.resource_id` (the existing category). */
  async create(data: ProductCategoryCreate): Promise<ProductCategory> {
    const path = "/products/categories";
    const resource = `new category ${data.name}`;
    const res = await this.transport.request({ method: "POST", path, body: data, resource });
    return parseRecord({ method: "POST", path, resource }, productCategorySchema, res.body, resource);
  }

  async batch(input: BatchInput<ProductCategoryCreate, ProductCategoryUpdate>): Promise<BatchResult<ProductCategory>> {
    return runBatch(
      this.transport,
      { path: "/products/categories/batch", name: "category" },
      input,
      productCategorySchema,
    );
  }
}
