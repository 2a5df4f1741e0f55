import type { Settings } from "../config/index.js";
import { WooConfigError } from "./errors.js";
import { parseRecord } from "./parse-response.js";
import { CategoriesApi } from "./resources/categories.js";
import { CustomersApi } from "./resources/customers.js";
import { OrdersApi } from "./resources/orders.js";
import { ProductsApi } from "./resources/products.js";
import { VariationsApi } from "./resources/variations.js";
import { WebhooksApi } from "./resources/webhooks.js";
import { type SystemStatus, systemStatusSchema } from "./schemas/system-status.js";
import { type WooConnectionOptions, WooTransport, type WooTransportHooks } from "./transport.js";

/** `{ url, key, secret, … }` (the `woo` settings with the three set) plus optional hooks (fetch, dispatcher, …). */
export type WooClientOptions = WooConnectionOptions & WooTransportHooks;

/**
 * The typed WooCommerce REST (wc/v3) client. One instance per store: its requests share one concurrency limit.
 *
 * Authentication follows the URL: https → Basic (or keys in the query string with `queryStringAuth`); http → OAuth 1.0a
 * (HMAC-SHA256) in the query string, signed afresh for every request.
 */
export class WooClient {
  readonly transport: WooTransport;
  readonly orders: OrdersApi;
  readonly customers: CustomersApi;
  readonly products: ProductsApi;
  readonly variations: VariationsApi;
  readonly categories: CategoriesApi;
  readonly webhooks: WebhooksApi;

  constructor(options: WooClientOptions) {
    this.transport = new WooTransport(options);
    this.orders = new OrdersApi(this.transport);
    this.customers = new CustomersApi(this.transport);
    this.products = new ProductsApi(this.transport);
    this.variations = new VariationsApi(this.transport);
    this.categories = new CategoriesApi(this.transport);
    this.webhooks = new WebhooksApi(this.transport);
  }

  /** Builds the client from `settings.woo`; a `WooConfigError` names what is missing. */
  static fromSettings(woo: Settings["woo"], hooks: WooTransportHooks = {}): WooClient {
    const missing = (["url", "key", "secret"] as const).filter((k) => !woo[k]).map((k) => `woo.${k}`);
    if (missing.length > 0 || !woo.url || !woo.key || !woo.secret) {
      throw new WooConfigError(`WooCommerce is not configured: set ${missing.join(", ")}`);
    }
    return new WooClient({ ...woo, url: woo.url, key: woo.key, secret: woo.secret, ...hooks });
  }

  /**
   * `GET /system_status`: an authenticated call that proves the keys work (an unknown key or a refused login throws
   * `WooAuthError` with a hint), and reports the WooCommerce and WordPress versions for `cpwoo doctor`.
   */
  async systemStatus(): Promise<SystemStatus> {
    const path = "/system_status";
    const res = await this.transport.request({ method: "GET", path, resource: "system status" });
    return parseRecord({ method: "GET", path }, systemStatusSchema, res.body, "system status");
  }

  /** Lets in-flight requests finish and closes the client's connections. */
  close(): Promise<void> {
    return this.transport.close();
  }
}
