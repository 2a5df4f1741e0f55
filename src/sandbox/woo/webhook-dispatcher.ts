import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { webhookSignature } from "../../woocommerce/webhook-signature.js";
import { type ChangeEvent, topicOf } from "./change-events.js";
import { phpJsonEncode } from "./php-json.js";
import type { WebhookRecord } from "./records.js";
import type { WooStore } from "./woo-store.js";

/**
 * Webhook deliveries as WooCommerce 11 makes them (API.md §13): queued after the request, built when they run (so
 * they show the resource's state at that moment), coalesced per webhook and resource while one is still pending,
 * ASCII-escaped JSON signed over the exact bytes, never retried, and the webhook disabled on the 7th failure in a row.
 * The creation ping is an unsigned form post `webhook_id=N`.
 */

export const HOOKSHOT_USER_AGENT = "WooCommerce/11.0.1 Hookshot (WordPress/7.1)";

export interface DeliveryRecord {
  webhookId: number;
  topic: string;
  resourceId: number;
  url: string;
  deliveryId: string;
  body: string;
  /** HTTP status of the receiver, or null when the request failed (refused, timed out). */
  status: number | null;
  error: string | null;
  at: number;
}

export interface DispatcherOptions {
  store: WooStore;
  /** `X-WC-Webhook-Source`: the site URL with the server's scheme and a trailing slash. */
  source: () => string;
  /** The JSON a delivery carries (the wc/v3 GET view of the resource), or null when it is gone. */
  payload: (resource: ChangeEvent["resource"], id: number) => unknown;
  timeoutMs?: number;
  /** Extra delay before a queued delivery runs (WooCommerce runs them later via Action Scheduler). */
  delayMs?: number;
  /** How many deliveries run at once (1: one after the other, like a single WP-Cron runner). */
  concurrency?: number;
  now?: () => number;
  /** Keeps the last N deliveries for inspection. */
  logSize?: number;
}

interface Job {
  webhookId: number;
  event: ChangeEvent;
  key: string;
}

export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];
  private readonly pending = new Set<string>();
  private readonly queue: Job[] = [];
  private running = 0;
  private timers = 0;
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly opts: DispatcherOptions) {}

  private now(): number {
    return (this.opts.now ?? (() => Math.floor(Date.now() / 1000)))();
  }

  /** Queues deliveries for the events of one request; call after the response has gone out. */
  enqueue(events: readonly ChangeEvent[]): void {
    if (this.closed) return;
    for (const event of events) {
      const topic = topicOf(event);
      for (const webhook of this.opts.store.webhooks.values()) {
        if (webhook.status !== "active" || webhook.topic !== topic) continue;
        const key = `${webhook.id}:${event.resource}:${event.id}`;
        if (this.pending.has(key)) continue;
        this.pending.add(key);
        this.timers++;
        setTimeout(() => {
          this.timers--;
          this.queue.push({ webhookId: webhook.id, event, key });
          this.pump();
        }, this.opts.delayMs ?? 0);
      }
    }
  }

  /** Resolves when nothing is queued, waiting or running. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.idle();
    this.closed = true;
  }

  private isIdle(): boolean {
    return this.timers === 0 && this.queue.length === 0 && this.running === 0;
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    const limit = this.opts.concurrency ?? 1;
    while (this.running < limit && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      this.pending.delete(job.key);
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
        this.settle();
      });
    }
    this.settle();
  }

  private async run(job: Job): Promise<void> {
    const webhook = this.opts.store.webhooks.get(job.webhookId);
    if (webhook === undefined || webhook.status !== "active") return;
    const payload = this.opts.payload(job.event.resource, job.event.id) ?? { id: job.event.id };
    const body = phpJsonEncode(job.event.event === "deleted" ? { id: job.event.id } : payload);
    const now = this.now();
    const deliveryId = createHmac("md5", "cpwoo-sandbox").update(`${webhook.id}${now}`).digest("hex");
    const dot = webhook.topic.indexOf(".");
    const headers: Record<string, string> = {
      "user-agent": HOOKSHOT_USER_AGENT,
      accept: "*/*",
      "accept-encoding": "deflate, gzip, br, zstd",
      "content-type": "application/json",
      "x-wc-webhook-source": this.opts.source(),
      "x-wc-webhook-topic": webhook.topic,
      "x-wc-webhook-resource": webhook.topic.slice(0, dot),
      "x-wc-webhook-event": webhook.topic.slice(dot + 1),
      "x-wc-webhook-signature": webhookSignature(Buffer.from(body, "utf8"), webhook.secret),
      "x-wc-webhook-id": String(webhook.id),
      "x-wc-webhook-delivery-id": deliveryId,
    };
    const result = await post(webhook.deliveryUrl, headers, body, this.opts.timeoutMs ?? 60_000);
    this.record({
      webhookId: webhook.id,
      topic: webhook.topic,
      resourceId: job.event.id,
      url: webhook.deliveryUrl,
      deliveryId,
      body,
      status: result.status,
      error: result.error,
      at: now,
    });
    const current = this.opts.store.webhooks.get(webhook.id);
    if (current === undefined) return;
    if (result.status !== null && result.status >= 200 && result.status <= 302) {
      if (current.failureCount !== 0) {
        current.failureCount = 0;
        this.opts.store.putWebhook(current);
      }
      return;
    }
    if (current.failureCount > 5) current.status = "disabled";
    else current.failureCount++;
    this.opts.store.putWebhook(current);
  }

  /** The creation ping: `webhook_id=N`, form-encoded, no `X-WC-*` headers, no signature; failures are ignored. */
  async ping(webhook: WebhookRecord): Promise<void> {
    const body = `webhook_id=${webhook.id}`;
    await post(
      webhook.deliveryUrl,
      {
        "user-agent": HOOKSHOT_USER_AGENT,
        accept: "*/*",
        "accept-encoding": "deflate, gzip, br, zstd",
        "content-type": "application/x-www-form-urlencoded",
      },
      body,
      Math.min(this.opts.timeoutMs ?? 60_000, 10_000),
    );
  }

  private record(delivery: DeliveryRecord): void {
    this.deliveries.push(delivery);
    const max = this.opts.logSize ?? 1000;
    if (this.deliveries.length > max) this.deliveries.splice(0, this.deliveries.length - max);
  }
}

/** One POST with `Connection: close`, no redirects followed, a hard timeout. */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number | null; error: string | null }> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: null, error: `invalid delivery URL: ${url}` });
      return;
    }
    const client = target.protocol === "https:" ? https : http;
    const bytes = Buffer.from(body, "utf8");
    const req = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, connection: "close", "content-length": String(bytes.length) },
        timeout: timeoutMs,
        rejectUnauthorized: false,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? null, error: null }));
        res.on("error", (e) => resolve({ status: res.statusCode ?? null, error: e.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on("error", (e) => resolve({ status: null, error: e.message }));
    req.end(bytes);
  });
}
