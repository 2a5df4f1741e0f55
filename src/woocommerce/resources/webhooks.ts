import { collectAll, paginate } from "../paging.js";
import { parseRecord } from "../parse-response.js";
import { assertResourceId } from "../resource-id.js";
import {
  type Webhook,
  type WebhookCreate,
  type WebhookStatus,
  type WebhookUpdate,
  webhookSchema,
} from "../schemas/webhook.js";
import type { WooTransport } from "../transport.js";

/** `/webhooks`. WooCommerce never retries a failed delivery and disables a webhook after ~7 failures in a row. */
export class WebhooksApi {
  constructor(private readonly transport: WooTransport) {}

  async list(status: WebhookStatus | "all" = "all"): Promise<Webhook[]> {
    return collectAll(
      paginate(
        this.transport,
        { path: "/webhooks", query: { status, orderby: "id", order: "asc" }, name: "webhook" },
        webhookSchema,
      ),
    );
  }

  async get(id: number): Promise<Webhook> {
    assertResourceId(id, "webhook");
    const path = `/webhooks/${id}`;
    const res = await this.transport.request({ method: "GET", path, resource: `webhook ${id}` });
    return parseRecord({ method: "GET", path }, webhookSchema, res.body, `webhook ${id}`);
  }

  /** Creates a webhook (WooCommerce pings `delivery_url` unsigned, form-encoded, right away). */
  async create(data: WebhookCreate): Promise<Webhook> {
    const resource = `new webhook ${data.topic}`;
    const res = await this.transport.request({ method: "POST", path: "/webhooks", body: data, resource });
    return parseRecord({ method: "POST", path: "/webhooks" }, webhookSchema, res.body, resource);
  }

  /** Updates a webhook, e.g. `{status: "active"}` to re-enable one that WooCommerce disabled. */
  async update(id: number, data: WebhookUpdate): Promise<Webhook> {
    assertResourceId(id, "webhook");
    const path = `/webhooks/${id}`;
    const res = await this.transport.request({ method: "PUT", path, body: data, resource: `webhook ${id}` });
    return parseRecord({ method: "PUT", path }, webhookSchema, res.body, `webhook ${id}`);
  }
}
