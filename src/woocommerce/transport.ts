import PQueue from "p-queue";
import { Agent, type Dispatcher, fetch as undiciFetch } from "undici";
import {
  readWooErrorBody,
  TRANSIENT_STATUSES,
  type WooAuthMode,
  WooConfigError,
  type WooError,
  WooOutcomeUnknownError,
  type WooRequestContext,
  WooTransportError,
  wooApiErrorFor,
} from "./errors.js";
import type { OAuthSignatureMethod } from "./oauth1.js";
import {
  authModeFor,
  authorize,
  buildRequestUrl,
  normalizeSiteUrl,
  type QueryParams,
  type WooEndpoint,
} from "./request-url.js";
import {
  type AttemptFailure,
  backoffDelayMs,
  defaultRetryPolicy,
  parseRetryAfter,
  type RetryPolicy,
  retryVerdict,
} from "./retry-policy.js";

/** The part of a fetch Response the transport reads. undici's and Node's global fetch both fit. */
export interface WooFetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface WooFetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect: "manual";
  dispatcher?: Dispatcher;
}

export type WooFetch = (url: string, init: WooFetchInit) => Promise<WooFetchResponse>;

/** Settings-like options: `settings.woo` with url, key and secret set fits. */
export interface WooConnectionOptions {
  url: string;
  key: string;
  secret: string;
  queryStringAuth?: boolean | undefined;
  plainPermalinks?: boolean | undefined;
  timeoutMs?: number | undefined;
  concurrency?: number | undefined;
  maxRetries?: number | undefined;
}

export interface WooRetryEvent {
  method: string;
  path: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  delayMs: number;
  reason: string;
}

/** Ways to reach into the transport: for tests, and for the app to add logging. */
export interface WooTransportHooks {
  /** Replaces undici's fetch (the default). */
  fetch?: WooFetch | undefined;
  /**
   * The undici dispatcher every request uses (e.g. an Agent trusting a test CA), handed to `fetch` in its init.
   * Default: a keep-alive Agent owned by the client.
   */
  dispatcher?: Dispatcher | undefined;
  userAgent?: string | undefined;
  signatureMethod?: OAuthSignatureMethod | undefined;
  retry?: Partial<Omit<RetryPolicy, "maxAttempts">> | undefined;
  onRetry?: ((event: WooRetryEvent) => void) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
}

export type WooTransportOptions = WooConnectionOptions & WooTransportHooks;

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface WooRequest {
  method: HttpMethod;
  /** Path under `wc/v3`, e.g. `/orders/25`. */
  path: string;
  query?: QueryParams | undefined;
  /** Sent as JSON. */
  body?: unknown;
  /** Repeating it is harmless. Default: true for GET, PUT and DELETE; false for POST. */
  idempotent?: boolean | undefined;
  /** The resource in words, for error messages: `"order 25"`. */
  resource?: string | undefined;
}

export interface WooResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
  /** How many attempts it took. */
  attempts: number;
}

type AttemptResult =
  | { ok: true; status: number; headers: WooFetchResponse["headers"]; body: unknown }
  | { ok: false; failure: AttemptFailure; error: WooError; retryAfterMs: number | undefined };

/** Codes of network errors raised before the request left this machine: safe to repeat for any method. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export const DEFAULT_USER_AGENT = `cpwoo (WooCommerce-Counterpoint connector; Node.js ${process.version})`;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One connection to a store: builds and authenticates every request, limits how many are in flight (shared by all
 * callers of this transport), times each attempt out, and retries by the rule in `retryVerdict`. Backoff waits happen
 * outside the concurrency limit, so a sleeping retry does not hold a slot.
 */
export class WooTransport {
  readonly endpoint: WooEndpoint;
  readonly authMode: WooAuthMode;
  readonly timeoutMs: number;
  readonly concurrency: number;
  private readonly credentials: { key: string; secret: string };
  private readonly policy: RetryPolicy;
  private readonly queue: PQueue;
  private readonly fetchImpl: WooFetch;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly ownedAgent: Agent | undefined;
  private readonly hooks: WooTransportHooks;
  private readonly userAgent: string;

  constructor(options: WooTransportOptions) {
    if (!options.key) throw new WooConfigError("woo.key is not set (the consumer key, ck_…)");
    if (!options.secret) throw new WooConfigError("woo.secret is not set (the consumer secret, cs_…)");
    const site = normalizeSiteUrl(options.url);
    this.endpoint = { site, plainPermalinks: options.plainPermalinks ?? false };
    this.authMode = authModeFor(site, options.queryStringAuth ?? false);
    this.credentials = { key: options.key, secret: options.secret };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.concurrency = options.concurrency ?? 3;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new WooConfigError(`woo.concurrency must be a positive integer, got ${this.concurrency}`);
    }
    this.policy = { ...defaultRetryPolicy, ...options.retry, maxAttempts: 1 + (options.maxRetries ?? 5) };
    this.queue = new PQueue({ concurrency: this.concurrency });
    this.hooks = options;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.fetchImpl = options.fetch ?? undiciFetch;
    if (options.dispatcher !== undefined) {
      this.dispatcher = options.dispatcher;
    } else {
      // Also with a wrapping fetch (metrics): it passes `init.dispatcher` on, so connections are still reused.
      this.ownedAgent = new Agent({ connect: { timeout: Math.min(this.timeoutMs, 15_000) }, keepAliveTimeout: 4_000 });
      this.dispatcher = this.ownedAgent;
    }
  }

  /** Requests running or waiting for a slot. */
  get inFlight(): { running: number; waiting: number } {
    return { running: this.queue.pending, waiting: this.queue.size };
  }

  /**
   * Sends one request, retrying as `retryVerdict` allows. Throws a `WooApiError` (or subclass) when WooCommerce
   * refused, a `WooTransportError` when it could not be reached or did not answer as WooCommerce, and a
   * `WooOutcomeUnknownError` when a non-idempotent write failed in a way that may have come after it was applied.
   */
  async request(req: WooRequest): Promise<WooResponse> {
    const ctx: WooRequestContext = { method: req.method, path: req.path, resource: req.resource };
    const idempotent = req.idempotent ?? req.method !== "POST";
    for (let attempt = 1; ; attempt++) {
      const result = await this.queue.add(() => this.attempt(req, ctx));
      if (result.ok) return { status: result.status, headers: result.headers, body: result.body, attempts: attempt };
      const verdict = retryVerdict(result.failure, idempotent);
      if (verdict === "unknown") throw new WooOutcomeUnknownError(ctx, result.error);
      if (verdict === "fail" || attempt >= this.policy.maxAttempts) throw result.error;
      if (result.retryAfterMs !== undefined && result.retryAfterMs > this.policy.maxRetryAfterMs) throw result.error;
      const random = this.hooks.random ?? Math.random;
      const delayMs = result.retryAfterMs ?? backoffDelayMs(attempt, this.policy, random);
      this.hooks.onRetry?.({ method: req.method, path: req.path, attempt, delayMs, reason: result.error.message });
      await (this.hooks.sleep ?? delay)(delayMs);
    }
  }

  /** Closes the keep-alive connections of the client's own agent (an injected dispatcher is left to its owner). */
  async close(): Promise<void> {
    await this.queue.onIdle();
    await this.ownedAgent?.close();
  }

  private async attempt(req: WooRequest, ctx: WooRequestContext): Promise<AttemptResult> {
    const url = buildRequestUrl(this.endpoint, req.path, req.query);
    const auth = authorize(this.endpoint, req.method, url, this.authMode, this.credentials, this.hooks.signatureMethod);
    const headers: Record<string, string> = {
      accept: "application/json",
      "cache-control": "no-cache",
      "user-agent": this.userAgent,
      ...auth.headers,
    };
    const signal = AbortSignal.timeout(this.timeoutMs);
    const init: WooFetchInit = { method: req.method, headers, signal, redirect: "manual" };
    if (req.body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(req.body);
    }
    if (this.dispatcher !== undefined) init.dispatcher = this.dispatcher;

    let status: number;
    let responseHeaders: WooFetchResponse["headers"];
    let text: string;
    try {
      const response = await this.fetchImpl(auth.url.href, init);
      status = response.status;
      responseHeaders = response.headers;
      text = await response.text();
    } catch (err) {
      if (signal.aborted) {
        const error = new WooTransportError(ctx, "timeout", `no complete answer within ${this.timeoutMs} ms`, {
          retryable: true,
          cause: err,
        });
        return { ok: false, failure: { kind: "timeout" }, error, retryAfterMs: undefined };
      }
      const code = networkErrorCode(err);
      const sent = code === undefined || !NOT_SENT_CODES.has(code);
      const detail = `network error${code === undefined ? "" : ` ${code}`}: ${networkErrorMessage(err)}`;
      const error = new WooTransportError(ctx, "network", detail, { retryable: true, cause: err });
      return { ok: false, failure: { kind: "network", sent }, error, retryAfterMs: undefined };
    }

    if (status >= 300 && status < 400) {
      const location = responseHeaders.get("location") ?? "(no Location)";
      const detail = `HTTP ${status} redirect to ${location}: set woo.url to the address the store redirects to (a redirect also breaks OAuth signatures and turns POSTs into GETs)`;
      const error = new WooTransportError(ctx, "redirect", detail, { retryable: false, status });
      return { ok: false, failure: { kind: "redirect", status }, error, retryAfterMs: undefined };
    }

    const parsed = parseJson(text);
    const retryAfterMs = TRANSIENT_STATUSES.has(status)
      ? parseRetryAfter(responseHeaders.get("retry-after"), Date.now())
      : undefined;

    if (status >= 200 && status < 300) {
      if (parsed.ok) return { ok: true, status, headers: responseHeaders, body: parsed.value };
      const snippet = bodySnippet(text);
      const error = new WooTransportError(ctx, "bad-body", `HTTP ${status} with a body that is not JSON: ${snippet}`, {
        retryable: true,
        status,
        bodySnippet: snippet,
      });
      return { ok: false, failure: { kind: "bad-body", status }, error, retryAfterMs };
    }

    const wooBody = parsed.ok ? readWooErrorBody(parsed.value) : null;
    if (wooBody !== null) {
      const error = wooApiErrorFor(ctx, status, wooBody, this.authMode, retryAfterMs);
      // WordPress's fatal-error handler answers a REST request in the same {code, message} shape: a crash (maybe
      // after the write was applied), not WooCommerce's answer.
      const answer = !(status >= 500 && wooBody.code === "internal_server_error");
      return { ok: false, failure: { kind: "status", status, wooBody: answer }, error, retryAfterMs };
    }
    const snippet = bodySnippet(text);
    const transient = TRANSIENT_STATUSES.has(status) || status >= 500;
    const error = new WooTransportError(
      ctx,
      parsed.ok ? "http-status" : "bad-body",
      `HTTP ${status} without a WooCommerce error body${snippet === "" ? "" : `: ${snippet}`}`,
      { retryable: transient, status, bodySnippet: snippet, retryAfterMs },
    );
    return { ok: false, failure: { kind: "status", status, wooBody: false }, error, retryAfterMs };
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The first 200 characters of a non-JSON body with tags and runs of white space removed. */
export function bodySnippet(text: string): string {
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

function networkErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function networkErrorMessage(err: unknown): string {
  let message = err instanceof Error ? err.message : String(err);
  for (
    let e: unknown = err instanceof Error ? err.cause : undefined, depth = 0;
    e instanceof Error && depth < 5;
    e = e.cause, depth++
  ) {
    message = e.message;
  }
  return message;
}
