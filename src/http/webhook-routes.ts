import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { checkWebhook } from "../woocommerce/webhook-signature.js";
import type { CpwooServer, ServerModule } from "./build-server.js";

/** One signed WooCommerce delivery, as handed to the queue. */
export interface WebhookDelivery {
  /** `order.updated`. */
  topic: string;
  /** `order` (X-WC-Webhook-Resource, else the part of the topic before the dot). */
  resource: string;
  /** `updated`. */
  event: string;
  webhookId: number | null;
  /** Not unique (a hash of the webhook id and the second, API.md §13): dedupe on `bodySha256` or the resource. */
  deliveryId: string | null;
  /** X-WC-Webhook-Source: the store's home URL with a trailing slash. */
  source: string | null;
  /** When cpwoo received it (ISO 8601, UTC). */
  receivedAt: string;
  /** SHA-256 (hex) of the raw body: the same body delivered twice has the same hash. */
  bodySha256: string;
  /** The resource as the wc/v3 GET shows it (`{id}` for a deletion). */
  payload: unknown;
}

/** The logging the receiver needs (pino's shape). */
export interface WebhookLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WebhookRouteDeps {
  /** The secret the webhooks were registered with (settings `woo.webhookSecret`). */
  secret: string;
  /** Only enqueues: WooCommerce waits for the answer (and gives up after 60 s). A throw answers 500. */
  onDelivery: (delivery: WebhookDelivery) => void | Promise<void>;
  log: WebhookLog;
}

export const WEBHOOK_PATH = "/webhooks/woocommerce";
/** Orders with thousands of lines run to a few MB of JSON. */
export const WEBHOOK_BODY_LIMIT = 10 * 1024 * 1024;

function header(request: FastifyRequest, name: string): string | null {
  const v = request.headers[name];
  const text = Array.isArray(v) ? v[0] : v;
  return text === undefined || text === "" ? null : text;
}

/**
 * `POST /webhooks/woocommerce`. The signature is checked over the raw bytes before any parsing (this route gets its
 * own Buffer body parser in its own plugin context, so the server's JSON parsing elsewhere is untouched). The unsigned
 * creation ping gets 200; a missing or wrong signature 401; a signed body that is not JSON 400; a signed delivery is
 * handed to `onDelivery` and answered 200 at once, or 500 when `onDelivery` throws (WooCommerce counts a failure and
 * never retries, so the reconciliation poll picks the change up).
 */
export async function registerWebhookRoutes(app: CpwooServer, deps: WebhookRouteDeps): Promise<void> {
  if (deps.secret === "") throw new Error("the webhook secret is empty");
  const { log } = deps;
  await app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      WEBHOOK_PATH,
      {
        bodyLimit: WEBHOOK_BODY_LIMIT,
        schema: { tags: ["webhooks"], summary: "Receives WooCommerce webhook deliveries (signed with the secret)" },
      },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const topic = header(request, "x-wc-webhook-topic");
        const deliveryId = header(request, "x-wc-webhook-delivery-id");
        const webhookIdText = header(request, "x-wc-webhook-id");
        const webhookId = webhookIdText !== null && /^\d+$/.test(webhookIdText) ? Number(webhookIdText) : null;
        const context = { deliveryId, topic, webhookId };

        const check = checkWebhook(raw, request.headers, deps.secret);
        if (check.kind === "ping") {
          log.info({ webhookId: check.webhookId }, "WooCommerce webhook ping");
          return reply.code(200).send({ ok: true });
        }
        if (check.kind === "rejected") {
          const missing = check.reason === "missing-signature";
          log.warn(
            { ...context, reason: check.reason, ip: request.ip },
            missing ? "webhook refused: no signature" : "webhook refused: the signature does not match the secret",
          );
          return reply.code(401).send({
            error: "invalid_signature",
            message: missing ? "missing X-WC-Webhook-Signature" : "signature does not match",
          });
        }
        if (topic === null) {
          log.warn(context, "webhook refused: signed, but no X-WC-Webhook-Topic");
          return reply.code(400).send({ error: "bad_request", message: "missing X-WC-Webhook-Topic" });
        }
        let payload: unknown;
        try {
          payload = JSON.parse(raw.toString("utf8"));
        } catch (err) {
          log.warn({ ...context, err, bytes: raw.length }, "webhook refused: the body is not JSON");
          return reply.code(400).send({ error: "bad_json", message: "the body is not JSON" });
        }
        const dot = topic.indexOf(".");
        const delivery: WebhookDelivery = {
          topic,
          resource: header(request, "x-wc-webhook-resource") ?? (dot < 0 ? topic : topic.slice(0, dot)),
          event: header(request, "x-wc-webhook-event") ?? (dot < 0 ? "" : topic.slice(dot + 1)),
          webhookId,
          deliveryId,
          source: header(request, "x-wc-webhook-source"),
          receivedAt: new Date().toISOString(),
          bodySha256: createHash("sha256").update(raw).digest("hex"),
          payload,
        };
        try {
          await deps.onDelivery(delivery);
        } catch (err) {
          log.error({ ...context, err }, "webhook delivery could not be queued");
          return reply.code(500).send({ error: "internal_error", message: "the delivery could not be queued" });
        }
        return reply.code(200).send({ ok: true });
      },
    );
    done();
  });
}

/** The receiver as a module for `buildServer`. */
export function webhookRoutes(deps: WebhookRouteDeps): ServerModule {
  return {
    name: "webhooks",
    tag: { name: "webhooks", description: "WooCommerce webhook deliveries" },
    register: (app) => registerWebhookRoutes(app, deps),
  };
}
