import { type BatchInput, type BatchResult, runBatch } from "../batch.js";
import { collectAll, type PageOptions, paginate, type WooPage } from "../paging.js";
import { parseRecord } from "../parse-response.js";
import type { QueryParams } from "../request-url.js";
import { assertResourceId } from "../resource-id.js";
import { type Variation, type VariationUpdate, type VariationWrite, variationSchema } from "../schemas/variation.js";
import type { WooTransport } from "../transport.js";

export interface VariationListQuery {
  sku?: string | readonly string[];
  include?: readonly number[];
  extra?: QueryParams;
}

/** `/products/{parent}/variations`: the only route that writes variations. */
export class VariationsApi {
  constructor(private readonly transport: WooTransport) {}

  async *pages(
    parentId: number,
    query: VariationListQuery = {},
    options?: PageOptions,
  ): AsyncGenerator<WooPage<Variation>, void, undefined> {
    assertResourceId(parentId, "parent product");
    const q: QueryParams = { ...query.extra, sku: query.sku, include: query.include, orderby: "id", order: "asc" };
    yield* paginate(
      this.transport,
      {
        path: `/products/${parentId}/variations`,
        query: q,
        name: "variation",
        resource: `variations of product ${parentId}`,
      },
      variationSchema,
      options,
    );
  }

  async list(parentId: number, query: VariationListQuery = {}): Promise<Variation[]> {
    return collectAll(this.pages(parentId, query));
  }

  async get(parentId: number, id: number): Promise<Variation> {
    assertResourceId(parentId, "parent product");
    assertResourceId(id, "variation");
    const path = `/products/${parentId}/variations/${id}`;
    const resource = `variation ${id} of product ${parentId}`;
    const res = await this.transport.request({ method: "GET", path, resource });
    return parseRecord({ method: "GET", path, resource }, variationSchema, res.body, resource);
  }

  async update(parentId: number, id: number, data: VariationWrite): Promise<Variation> {
    assertResourceId(parentId, "parent product");
    assertResourceId(id, "variation");
    const path = `/products/${parentId}/variations/${id}`;
    const resource = `variation ${id} of product ${parentId}`;
    const res = await this.transport.request({ method: "PUT", path, body: data, resource });
    return parseRecord({ method: "PUT", path, resource }, variationSchema, res.body, resource);
  }

  async batch(parentId: number, input: BatchInput<VariationWrite, VariationUpdate>): Promise<BatchResult<Variation>> {
    assertResourceId(parentId, "parent product");
    return runBatch(
      this.transport,
      { path: `/products/${parentId}/variations/batch`, name: `variation of product ${parentId}` },
      input,
      variationSchema,
    );
  }
}
