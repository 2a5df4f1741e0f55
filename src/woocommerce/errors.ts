import type { z } from "zod";

/** Stable codes, one per error class, for logs, metrics, dead letters and `--json` output. */
export type WooErrorCode =
  | "WOO_API"
  | "WOO_AUTH"
  | "WOO_NOT_FOUND"
  | "WOO_INVALID_REQUEST"
  | "WOO_TRANSPORT"
  | "WOO_OUTCOME_UNKNOWN"
  | "WOO_UNEXPECTED_SHAPE"
  | "WOO_CONFIG";

/** How the client authenticated: Basic or query-string keys over HTTPS, OAuth 1.0a over plain HTTP. */
export type WooAuthMode = "basic" | "query" | "oauth";

/** What an error is about: the request, and the resource in words (`"order 25"`). */
export interface WooRequestContext {
  method: string;
  /** Path under `wc/v3`, e.g. `/orders/25/refunds`. */
  path: string;
  resource?: string | undefined;
}

function describeRequest(ctx: WooRequestContext): string {
  return `${ctx.method} ${ctx.path}${ctx.resource === undefined ? "" : ` (${ctx.resource})`}`;
}

interface WooErrorOptions {
  retryable: boolean;
  cause?: unknown;
  retryAfterMs?: number | undefined;
}

/** Base of every error the WooCommerce client throws about a request. */
export abstract class WooError extends Error {
  abstract readonly code: WooErrorCode;
  readonly method: string;
  readonly path: string;
  readonly resource: string | undefined;
  /** True when the same request may succeed later unchanged (rate limit, outage, network). */
  readonly retryable: boolean;
  /** When the server said how long to wait (Retry-After) and it was longer than the client would wait. */
  readonly retryAfterMs: number | undefined;

  constructor(ctx: WooRequestContext, detail: string, options: WooErrorOptions) {
    super(`${describeRequest(ctx)}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.method = ctx.method;
    this.path = ctx.path;
    this.resource = ctx.resource;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The `{code, message, data}` body WooCommerce and WordPress answer errors with. */
export interface WooErrorBody {
  code: string;
  message: string;
  /** Usually `{status, …}`; a bare number in the refund controllers. */
  data: unknown;
}

export function readWooErrorBody(body: unknown): WooErrorBody | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const { code, message, data } = body as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return null;
  return { code, message, data: data ?? null };
}

/**
 * The status WooCommerce meant: `data.status`, or `data` itself when it is a bare number (refund errors come as HTTP
 * 500 with `data: 404` or `data: 500`), else the HTTP status.
 */
export function effectiveStatus(httpStatus: number, data: unknown): number {
  if (typeof data === "number" && Number.isInteger(data)) return data;
  if (typeof data === "object" && data !== null && "status" in data) {
    const status = data.status;
    if (typeof status === "number" && Number.isInteger(status)) return status;
  }
  return httpStatus;
}

/** WooCommerce answered with an error object. Subclasses narrow down what kind. */
export class WooApiError extends WooError {
  readonly code: WooErrorCode = "WOO_API";
  /** The HTTP status of the response. */
  readonly status: number;
  /** WooCommerce's own code, e.g. `woocommerce_rest_cannot_create_order_refund`. Map behaviour on this, not on `status`. */
  readonly wooCode: string;
  readonly wooMessage: string;
  readonly data: unknown;
  readonly effectiveStatus: number;

  constructor(ctx: WooRequestContext, status: number, body: WooErrorBody, options: WooErrorOptions, extra = "") {
    super(ctx, `HTTP ${status} ${body.code}: ${body.message}${extra}`, options);
    this.status = status;
    this.wooCode = body.code;
    this.wooMessage = body.message;
    this.data = body.data;
    this.effectiveStatus = effectiveStatus(status, body.data);
  }
}

/** 401 (or a 403 permission refusal): the keys, their permission, or the way they reach the store. `hint` says what to check. */
export class WooAuthError extends WooApiError {
  override readonly code: WooErrorCode = "WOO_AUTH";
  readonly hint: string;
  constructor(ctx: WooRequestContext, status: number, body: WooErrorBody, hint: string) {
    super(ctx, status, body, { retryable: false }, ` (hint: ${hint})`);
    this.hint = hint;
  }
}

/** The resource does not exist (404, or a `*_invalid_id` code, which a PUT reports as 400 and a refund as 500). */
export class WooNotFoundError extends WooApiError {
  override readonly code: WooErrorCode = "WOO_NOT_FOUND";
}

/** WordPress refused a parameter (`rest_invalid_param`): `params` maps each bad parameter to its message. */
export class WooValidationError extends WooApiError {
  override readonly code: WooErrorCode = "WOO_INVALID_REQUEST";
  get params(): Record<string, string> {
    const params = (this.data as { params?: unknown } | null)?.params;
    if (typeof params !== "object" || params === null) return {};
    return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string"));
  }
}

export type WooTransportFailure = "network" | "timeout" | "bad-body" | "http-status" | "redirect";

/**
 * The store could not be reached, did not answer in time, or answered with something that is not WooCommerce: an HTML
 * page from a WAF or proxy, a redirect, a status with no WooCommerce error body.
 */
export class WooTransportError extends WooError {
  readonly code: WooErrorCode = "WOO_TRANSPORT";
  readonly kind: WooTransportFailure;
  readonly status: number | undefined;
  /** The start of a body that was not WooCommerce JSON, tags stripped, for the log. */
  readonly bodySnippet: string | undefined;
  constructor(
    ctx: WooRequestContext,
    kind: WooTransportFailure,
    detail: string,
    options: WooErrorOptions & { status?: number | undefined; bodySnippet?: string | undefined },
  ) {
    super(ctx, detail, options);
    this.kind = kind;
    this.status = options.status;
    this.bodySnippet = options.bodySnippet;
  }
}

/**
 * A write (POST: a create, a refund, a batch) failed in a way that may have happened after the store applied it: a
 * 502/504 from a proxy, a timeout, a connection reset, a 500 without a WooCommerce error. It was NOT retried, because
 * repeating it could create a second order note, refund or product. Read the records back (by id, SKU or meta) and
 * retry only what is missing. `cause` holds the underlying error.
 */
export class WooOutcomeUnknownError extends WooError {
  readonly code: WooErrorCode = "WOO_OUTCOME_UNKNOWN";
  constructor(ctx: WooRequestContext, cause: WooError) {
    const reason = cause.message.startsWith(describeRequest(ctx))
      ? cause.message.slice(describeRequest(ctx).length + 2)
      : cause.message;
    super(ctx, `the write may have been applied (${reason}); read the records back before retrying`, {
      retryable: false,
      cause,
    });
  }
}

/** A response parsed as JSON but not in the shape cpwoo relies on. `issues` name the record and the field. */
export class WooResponseShapeError extends WooError {
  readonly code: WooErrorCode = "WOO_UNEXPECTED_SHAPE";
  readonly issues: readonly string[];
  constructor(ctx: WooRequestContext, record: string, error: z.ZodError) {
    const issues = error.issues.map((i) => `${record}${formatIssuePath(i.path)}: ${i.message}`);
    const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : "";
    super(ctx, `unexpected response shape: ${issues.slice(0, 3).join("; ")}${more}`, { retryable: false });
    this.issues = issues;
  }
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

/** The `woo` settings are incomplete or wrong; thrown when the client is built, before any request. */
export class WooConfigError extends Error {
  readonly code: WooErrorCode = "WOO_CONFIG";
  constructor(message: string) {
    super(message);
    this.name = "WooConfigError";
  }
}

const NOT_FOUND_CODES = new Set([
  "woocommerce_rest_shop_order_invalid_id",
  "woocommerce_rest_invalid_order_id",
  "woocommerce_rest_order_invalid_id",
  "woocommerce_rest_product_invalid_id",
  "woocommerce_rest_product_variation_invalid_id",
  "woocommerce_rest_invalid_product_id",
  "woocommerce_rest_shop_order_refund_invalid_id",
  "woocommerce_rest_order_note_invalid_id",
  "woocommerce_rest_term_invalid",
  "woocommerce_rest_shop_webhook_invalid_id",
  "wc_user_invalid_id",
  "woocommerce_rest_invalid_id",
  "rest_post_invalid_id",
]);

const VALIDATION_CODES = new Set(["rest_invalid_param", "rest_missing_callback_param"]);

/** HTTP statuses that say "not now" rather than "no". */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Builds the typed error for a WooCommerce error body. */
export function wooApiErrorFor(
  ctx: WooRequestContext,
  status: number,
  body: WooErrorBody,
  authMode: WooAuthMode,
  retryAfterMs?: number,
): WooApiError {
  const isPermission =
    status === 403 && (body.code.startsWith("woocommerce_rest_cannot_") || body.code === "rest_forbidden");
  if (status === 401 || isPermission) return new WooAuthError(ctx, status, body, authHint(authMode, status, body));
  const options = { retryable: TRANSIENT_STATUSES.has(status), retryAfterMs };
  if (NOT_FOUND_CODES.has(body.code) || effectiveStatus(status, body.data) === 404) {
    return new WooNotFoundError(ctx, status, body, options);
  }
  if (VALIDATION_CODES.has(body.code)) return new WooValidationError(ctx, status, body, options);
  return new WooApiError(ctx, status, body, options);
}

/** What to check after a refused login, from the code, the message and how the client authenticated. */
export function authHint(mode: WooAuthMode, status: number, body: Pick<WooErrorBody, "code" | "message">): string {
  const { code, message } = body;
  if (status === 403) {
    return "the key's WordPress user may not do this: use a read_write key of an administrator or shop manager";
  }
  if (code === "woocommerce_rest_authentication_error") {
    if (/secret is invalid/i.test(message)) return "woo.secret does not belong to woo.key";
    if (/key is invalid/i.test(message)) return "the store does not know woo.key";
    if (/signature does not match/i.test(message)) {
      return "OAuth signs the store's configured home URL: woo.url must be exactly that URL (scheme, host, port, path; localhost is not 127.0.0.1), and woo.secret must be right";
    }
    if (/signature method/i.test(message)) return "the store refused the OAuth signature method; use HMAC-SHA256";
    if (/timestamp/i.test(message)) return "this machine's clock and the store's differ by more than 15 minutes";
    if (/nonce/i.test(message)) return "an OAuth nonce was used twice (a replayed or duplicated request)";
    if (/permissions/i.test(message)) return "the key's permission is too narrow: give it read_write";
    if (/missing/i.test(message)) {
      return "the credentials did not reach WordPress (CGI/FastCGI drops the Authorization header): set woo.queryStringAuth=true";
    }
    return "check woo.key and woo.secret";
  }
  if (code === "woocommerce_rest_authentication_missing_parameter") {
    return "some OAuth parameters were lost on the way (a proxy rewriting the query string?)";
  }
  // No usable credentials: WooCommerce ran the request as an anonymous visitor.
  switch (mode) {
    case "basic":
      return "WooCommerce saw no usable credentials: woo.key is unknown, or the store ignores Basic auth because it thinks the request is plain HTTP (a proxy terminating TLS without telling WordPress; fix the proxy or use OAuth over an http:// URL), or the web server dropped the Authorization header (set woo.queryStringAuth=true)";
    case "query":
      return "WooCommerce saw no usable credentials: woo.key is unknown, or the store thinks the request is plain HTTP and expects OAuth (fix the proxy's HTTPS detection or use an http:// URL)";
    case "oauth":
      return "WooCommerce saw no usable credentials: woo.key is unknown, or the store considers itself HTTPS and ignores OAuth (use its https:// URL)";
  }
}
