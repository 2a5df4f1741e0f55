import { z } from "zod";
import { wooDateTimeOrNull } from "./common.js";

export const webhookSchema = z.looseObject({
  id: z.int(),
  name: z.string(),
  /** active, paused or disabled (WooCommerce disables a webhook after about 7 straight failed deliveries). */
  status: z.string(),
  topic: z.string(),
  resource: z.string(),
  event: z.string(),
  hooks: z.array(z.string()),
  delivery_url: z.string(),
  /** Only with `context=edit`. */
  secret: z.string().optional(),
  date_created: wooDateTimeOrNull,
  date_created_gmt: wooDateTimeOrNull,
  date_modified: wooDateTimeOrNull,
  date_modified_gmt: wooDateTimeOrNull,
});
export type Webhook = z.output<typeof webhookSchema>;

export type WebhookStatus = "active" | "paused" | "disabled";

/** A new webhook. Always send your own alphanumeric `secret` (the server entity-decodes it before signing). */
export interface WebhookCreate {
  name: string;
  topic: string;
  delivery_url: string;
  secret: string;
  status?: WebhookStatus;
}

export type WebhookUpdate = Partial<WebhookCreate>;
