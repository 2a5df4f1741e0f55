import type { WebhookRecord } from "./records.js";
import { renderWebhook, WEBHOOK_TOPIC_HOOKS } from "./render-others.js";
import type { RequestContext, RestResult, RouteDef } from "./rest-app.js";
import {
  BATCH_ARGS,
  FORCE_ARGS,
  SINGLE_READ_ARGS,
  WEBHOOK_CREATE_ARGS,
  WEBHOOK_LIST_ARGS,
  WEBHOOK_WRITE_ARGS,
} from "./route-args.js";
import {
  argText,
  collectionResult,
  idParam,
  includeOrder,
  numberList,
  runBatch,
  type SortKey,
  sortBy,
} from "./route-helpers.js";
import { siteDate } from "./site-dates.js";
import { WpError } from "./wp-error.js";
import { asInt, asText, has, type Input } from "./write-helpers.js";

/** `/webhooks`: registration (with the creation ping), status changes, listing. */

const ID = ":id(^\\d+)";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function validTopic(topic: string): boolean {
  if (Object.hasOwn(WEBHOOK_TOPIC_HOOKS, topic)) return true;
  return /^action\.(woocommerce_|wc_)[a-z0-9_]+$/i.test(topic);
}

function getWebhook(rc: RequestContext, id: number): WebhookRecord {
  const w = rc.store.webhooks.get(id);
  if (w === undefined) throw new WpError("woocommerce_rest_webhook_invalid_id", "Invalid ID.", 404);
  return w;
}

/** "Webhook created on Nov 21, 2026 @ 03:58 PM" (site time), WooCommerce's default name. */
function defaultName(rc: RequestContext): string {
  const local = siteDate(rc.now, rc.site.timeZone);
  const [date = "", time = ""] = local.split("T");
  const [y, m, d] = date.split("-");
  const [hh = "0", mm = "00"] = time.split(":");
  const hour = Number(hh);
  const h12 = String(hour % 12 === 0 ? 12 : hour % 12).padStart(2, "0");
  return `Webhook created on ${MONTHS[Number(m) - 1]} ${d}, ${y} @ ${h12}:${mm} ${hour < 12 ? "AM" : "PM"}`;
}

function applyWebhook(w: WebhookRecord, input: Input): void {
  if (has(input, "topic")) {
    const topic = asText(input.topic);
    if (!validTopic(topic)) {
      throw new WpError("woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is invalid.", 400);
    }
    w.topic = topic;
  }
  if (has(input, "name")) w.name = asText(input.name);
  if (has(input, "delivery_url")) w.deliveryUrl = asText(input.delivery_url);
  if (has(input, "secret")) w.secret = asText(input.secret);
  if (has(input, "status")) {
    const status = asText(input.status);
    if (status === "active" && w.status !== "active") w.failureCount = 0;
    w.status = ["active", "paused", "disabled"].includes(status) ? status : "disabled";
  }
}

async function createWebhook(rc: RequestContext, input: Input): Promise<WebhookRecord> {
  const topic = asText(input.topic);
  if (!validTopic(topic)) {
    throw new WpError("woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is invalid.", 400);
  }
  const w: WebhookRecord = {
    id: rc.store.nextId("webhook"),
    name: defaultName(rc),
    status: "active",
    topic,
    deliveryUrl: "",
    secret: rc.services.webhookSecret,
    apiVersion: "wp_api_v3",
    dateCreated: rc.now,
    dateModified: null,
    failureCount: 0,
  };
  applyWebhook(w, input);
  rc.store.putWebhook(w);
  // WooCommerce pings the delivery URL during the request; creation succeeds even when the ping fails.
  if (w.status === "active") await rc.services.webhooks.ping(w);
  return w;
}

function listWebhooks(rc: RequestContext): RestResult {
  const a = rc.args;
  const include = numberList(a.include);
  const exclude = new Set(numberList(a.exclude));
  const status = argText(rc, "status", "all");
  const search = typeof a.search === "string" && a.search !== "" ? a.search.toLowerCase() : null;
  const all = [...rc.store.webhooks.values()].filter(
    (w) =>
      (status === "all" || w.status === status) &&
      (include.length === 0 || include.includes(w.id)) &&
      !exclude.has(w.id) &&
      (search === null || w.name.toLowerCase().includes(search)),
  );
  const orderby = argText(rc, "orderby", "date");
  const key: SortKey<WebhookRecord> =
    orderby === "id" ? (w) => w.id : orderby === "title" ? (w) => w.name.toLowerCase() : (w) => w.dateCreated;
  sortBy(
    all,
    include.length > 0 && orderby === "include" ? includeOrder<WebhookRecord>(include) : key,
    a.order === "asc" ? "asc" : "desc",
  );
  const env = rc.env(a.context === "edit" ? "edit" : "view");
  return collectionResult(rc, "/webhooks", all, (w) => renderWebhook(w, env));
}

function contextOf(rc: RequestContext): "view" | "edit" {
  return rc.args.context === "edit" || rc.query.get("context") === "edit" ? "edit" : "view";
}

export const webhookRoutes: readonly RouteDef[] = [
  { method: "GET", path: "/webhooks", args: WEBHOOK_LIST_ARGS, permission: "list", handler: listWebhooks },
  {
    method: "POST",
    path: "/webhooks",
    args: WEBHOOK_CREATE_ARGS,
    permission: "create",
    handler: async (rc) => ({
      status: 201,
      body: renderWebhook(await createWebhook(rc, rc.body), rc.env(contextOf(rc))),
    }),
  },
  {
    method: "POST",
    path: "/webhooks/batch",
    args: BATCH_ARGS,
    permission: "batch",
    handler: (rc) => {
      const env = rc.env(contextOf(rc));
      return runBatch(rc, {
        postType: "webhook",
        update: (item) => {
          const w = getWebhook(rc, asInt(item.id));
          applyWebhook(w, item);
          w.dateModified = rc.now;
          rc.store.putWebhook(w);
          return renderWebhook(w, env);
        },
        delete: (id) => {
          const w = getWebhook(rc, id);
          const body = renderWebhook(w, env);
          rc.store.deleteWebhook(id);
          return body;
        },
      });
    },
  },
  {
    method: "GET",
    path: `/webhooks/${ID}`,
    args: SINGLE_READ_ARGS,
    permission: "read",
    handler: (rc) => ({ status: 200, body: renderWebhook(getWebhook(rc, idParam(rc)), rc.env(contextOf(rc))) }),
  },
  ...(["POST", "PUT", "PATCH"] as const).map(
    (method): RouteDef => ({
      method,
      path: `/webhooks/${ID}`,
      args: WEBHOOK_WRITE_ARGS,
      permission: "edit",
      handler: (rc) => {
        const w = getWebhook(rc, idParam(rc));
        const draft = { ...w };
        applyWebhook(draft, rc.body);
        draft.dateModified = rc.now;
        Object.assign(w, draft);
        rc.store.putWebhook(w);
        return { status: 200, body: renderWebhook(w, rc.env(contextOf(rc))) };
      },
    }),
  ),
  {
    method: "DELETE",
    path: `/webhooks/${ID}`,
    args: FORCE_ARGS,
    permission: "delete",
    handler: (rc) => {
      const w = getWebhook(rc, idParam(rc));
      if (rc.args.force !== true) {
        throw new WpError("woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.", 501);
      }
      const body = renderWebhook(w, rc.env(contextOf(rc)));
      rc.store.deleteWebhook(w.id);
      return { status: 200, body };
    },
  },
];
