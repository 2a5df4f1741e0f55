import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, fetch } from "undici";
import {
  startWooSandbox,
  type WooSandbox,
  type WooSandboxOptions,
} from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { RECORDED_DIR } from "../../contract/recordings.js";

/** Shared pieces for the sandbox tests: a sandbox holding the recorded store, an HTTP caller, a webhook receiver. */

export { RECORDED_DIR };

export const insecureAgent = new Agent({ connect: { rejectUnauthorized: false } });

/**
 * The recorded store (latest recorded versions), plain HTTP treated as HTTPS unless told otherwise. The recorded
 * webhook is dropped: it points at a real port (8090) that tests must not post to.
 */
export async function recordedSandbox(options: WooSandboxOptions = {}): Promise<WooSandbox> {
  const sb = await startWooSandbox({
    port: 0,
    assumeHttps: true,
    fixtures: RECORDED_DIR,
    webhookTimeoutMs: 3000,
    ...options,
  });
  for (const w of [...sb.store.webhooks.values()]) if (w.deliveryUrl.includes(":8090/")) sb.store.deleteWebhook(w.id);
  return sb;
}

export function basic(key = "ck_test", secret = "cs_test"): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}`;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Reads `a.b.0.c` out of parsed JSON (undefined when the path does not exist). */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function list(value: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) throw new Error(`expected a JSON array, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value as Array<Record<string, unknown>>;
}

export async function call(
  sb: { url: string },
  method: string,
  path: string,
  options: { body?: unknown; auth?: string | null; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { accept: "application/json", ...(options.headers ?? {}) };
  if (options.auth !== null) headers.authorization = options.auth ?? basic();
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    dispatcher: insecureAgent,
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers as unknown as Headers, text, json };
}

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Status the receiver answers with (default 200). */
  status: number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const state = { status: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(state.status, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    deliveries,
    get status() {
      return state.status;
    },
    set status(v: number) {
      state.status = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Registers a webhook and forgets its creation ping. */
export async function registerWebhook(sb: WooSandbox, receiver: Receiver, topic: string, secret = "whsec_test") {
  const res = await call(sb, "POST", "/wp-json/wc/v3/webhooks", {
    body: { name: topic, topic, delivery_url: receiver.url, secret, status: "active" },
  });
  if (res.status !== 201) throw new Error(`webhook registration failed: ${res.text}`);
  receiver.deliveries.length = 0;
  return at(res.json, "id") as number;
}
