import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { type ArgSpec, validateArgs } from "./arg-validation.js";
import { type AuthOutcome, authenticate } from "./auth.js";
import type { CatalogIndex } from "./catalog-index.js";
import type { ChangeEvent } from "./change-events.js";
import type { WorkflowContext } from "./order-workflow.js";
import { type PhpArray, parsePhpQuery, phpParamsToPlain } from "./php-query.js";
import type { ApiKeyRecord } from "./records.js";
import type { RenderEnv } from "./render-env.js";
import { phpJsonEncode } from "./php-json.js";
import { publicBase, type SiteSettings } from "./site.js";
import type { WebhookDispatcher } from "./webhook-dispatcher.js";
import type { WooStore } from "./woo-store.js";
import { noRoute, WpError } from "./wp-error.js";

/**
 * The WordPress REST request pipeline around the wc/v3 handlers: `?rest_route=` rewriting, authentication before
 * routing (so bad credentials win over an unknown route), argument validation before the permission check (so a bad
 * `per_page` is a 400 even unauthenticated), then the handler; every answer JSON-encoded like PHP with
 * `application/json; charset=UTF-8`, the API discovery `Link` unless paging links replace it.
 */

export type Permission = "list" | "read" | "create" | "edit" | "delete" | "batch";

const PERMISSION_ERRORS: Readonly<Record<Permission, [string, string]>> = {
  list: ["woocommerce_rest_cannot_view", "Sorry, you cannot list resources."],
  read: ["woocommerce_rest_cannot_view", "Sorry, you cannot view this resource."],
  create: ["woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources."],
  edit: ["woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource."],
  delete: ["woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource."],
  batch: ["woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource."],
};

export interface RestResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Replaces the discovery `Link` (paging links). */
  link?: string | null;
}

export interface SandboxServices {
  store: WooStore;
  site: SiteSettings;
  catalog: CatalogIndex;
  webhooks: WebhookDispatcher;
  https: boolean;
  now: () => number;
  /** Secret given to webhooks created without one (WooCommerce would generate a random one). */
  webhookSecret: string;
}

export interface RequestContext {
  services: SandboxServices;
  store: WooStore;
  site: SiteSettings;
  now: number;
  https: boolean;
  /** `https://127.0.0.1:8089` — links use it. */
  base: string;
  params: Record<string, string>;
  /** Validated, sanitised arguments (query, form and JSON merged as WordPress does). */
  args: Record<string, unknown>;
  /** Query and JSON (or form) body parameters, the body winning; `{}` when there are none. */
  body: Record<string, unknown>;
  query: PhpArray;
  user: ApiKeyRecord;
  events: ChangeEvent[];
  workflow: WorkflowContext;
  env(context: "view" | "edit", dp?: number): RenderEnv;
}

export interface RouteDef {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  args?: ArgSpec;
  permission: Permission;
  handler: (rc: RequestContext) => RestResult | Promise<RestResult>;
}

interface ParsedRequest {
  rawPath: string;
  query: PhpArray;
  form: PhpArray | null;
  json: unknown;
}

function parseRequest(request: FastifyRequest): ParsedRequest {
  const original = request.originalUrl;
  const q = original.indexOf("?");
  const rawPath = q < 0 ? original : original.slice(0, q);
  const query = parsePhpQuery(q < 0 ? "" : original.slice(q + 1));
  const contentType = String(request.headers["content-type"] ?? "").toLowerCase();
  const raw = typeof request.body === "string" ? request.body : "";
  let form: PhpArray | null = null;
  let json: unknown;
  if (contentType.startsWith("application/x-www-form-urlencoded")) form = parsePhpQuery(raw);
  else if (contentType.startsWith("application/json") && raw.trim() !== "") {
    try {
      json = JSON.parse(raw);
    } catch (e) {
      throw new WpError("rest_invalid_json", "Invalid JSON body passed.", 400, {
        json_error_code: 4,
        json_error_message: e instanceof Error ? "Syntax error" : "Syntax error",
      });
    }
  }
  return { rawPath, query, form, json };
}

export function linkDiscovery(base: string): string {
  return `<${base}/wp-json/>; rel="https://api.w.org/"`;
}

function send(reply: FastifyReply, base: string, result: RestResult, allow?: string): FastifyReply {
  reply.code(result.status);
  reply.header("content-type", "application/json; charset=UTF-8");
  reply.header("x-content-type-options", "nosniff");
  reply.header("access-control-expose-headers", "X-WP-Total, X-WP-TotalPages, Link");
  reply.header(
    "access-control-allow-headers",
    "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type",
  );
  if (allow !== undefined) reply.header("allow", allow);
  for (const [k, v] of Object.entries(result.headers ?? {})) reply.header(k, v);
  reply.header("link", result.link ?? linkDiscovery(base));
  return reply.send(phpJsonEncode(result.body));
}

/**
 * WordPress's `_fields=a,b`: keeps only those top-level fields of each resource (a dotted name keeps nothing — seen
 * with `line_items.sku`); `_links` only when asked for. Errors are never trimmed.
 */
function withFields(result: RestResult, request: FastifyRequest): RestResult {
  if (result.status >= 400) return result;
  const raw = (request.query as Record<string, unknown> | undefined)?._fields;
  if (raw === undefined) return result;
  const names = Array.isArray(raw)
    ? raw.filter((x): x is string => typeof x === "string").flatMap((x) => x.split(","))
    : typeof raw === "string"
      ? raw.split(",")
      : [];
  const fields = new Set(names.map((f) => f.trim()));
  const trim = (item: unknown): unknown => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item).filter(([k]) => fields.has(k)));
  };
  return { ...result, body: Array.isArray(result.body) ? result.body.map(trim) : trim(result.body) };
}

function errorResult(e: WpError): RestResult {
  return { status: e.httpStatus, body: e.toBody() };
}

/**
 * Rewrites `/?rest_route=/wc/v3/orders&x=1` to `/wp-json/wc/v3/orders?x=1`, and drops the site's own path when
 * WordPress lives in a sub-directory (`--site-url http://host/shop`); the original URL stays for OAuth.
 */
function rewriteRestRoute(rawUrl: string, sitePath: string): string {
  const url =
    sitePath !== "" && (rawUrl === sitePath || rawUrl.startsWith(`${sitePath}/`) || rawUrl.startsWith(`${sitePath}?`))
      ? rawUrl.slice(sitePath.length) || "/"
      : rawUrl;
  const q = url.indexOf("?");
  if (q < 0) return url;
  const path = url.slice(0, q);
  if (path !== "/" && path !== "/index.php") return url;
  const params = new URLSearchParams(url.slice(q + 1));
  const route = params.get("rest_route");
  if (route === null) return url;
  params.delete("rest_route");
  const rest = params.toString();
  return `/wp-json${route.startsWith("/") ? route : `/${route}`}${rest === "" ? "" : `?${rest}`}`;
}

export interface RestAppOptions {
  services: SandboxServices;
  routes: readonly RouteDef[];
  makeEnv: (services: SandboxServices, base: string, context: "view" | "edit", dp: number) => RenderEnv;
  https?: { key: Buffer; cert: Buffer };
}

export function buildRestApp(options: RestAppOptions): FastifyInstance {
  const { services } = options;
  const fastifyOptions = {
    logger: false,
    bodyLimit: 32 * 1024 * 1024,
    rewriteUrl: (req: { url?: string }) =>
      rewriteRestRoute(req.url ?? "/", new URL(services.site.siteUrl).pathname.replace(/\/+$/, "")),
    ...(options.https === undefined ? {} : { https: options.https }),
  };
  const app = Fastify(fastifyOptions as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));

  const base = () => publicBase(services.site, services.https);

  const authFor = (request: FastifyRequest, parsed: ParsedRequest): AuthOutcome =>
    authenticate(
      {
        https: services.https,
        method: request.method,
        rawPath: parsed.rawPath,
        // WooCommerce strips the site path from the request path and puts it back: origin + full path.
        base: new URL(base()).origin,
        query: parsed.query,
        form: parsed.form,
        authorization: request.headers.authorization,
        now: services.now(),
      },
      services.store,
    );

  const methodsByPath = new Map<string, Set<string>>();
  for (const r of options.routes) {
    const set = methodsByPath.get(r.path) ?? new Set<string>();
    set.add(r.method);
    methodsByPath.set(r.path, set);
  }
  const allowOf = (path: string) =>
    ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => methodsByPath.get(path)?.has(m)).join(", ");

  for (const route of options.routes) {
    const url = `/wp-json/wc/v3${route.path}`;
    app.route({
      method: route.method,
      url,
      handler: async (request, reply) => {
        const events: ChangeEvent[] = [];
        const b = base();
        let result: RestResult;
        try {
          const parsed = parseRequest(request);
          const auth = authFor(request, parsed);
          if (auth.kind === "error") throw auth.error;
          const bodyParams: Record<string, unknown> =
            parsed.json !== undefined &&
            typeof parsed.json === "object" &&
            parsed.json !== null &&
            !Array.isArray(parsed.json)
              ? (parsed.json as Record<string, unknown>)
              : parsed.form !== null
                ? phpParamsToPlain(parsed.form)
                : {};
          const params = { ...(request.params as Record<string, string>) };
          const queryParams = phpParamsToPlain(parsed.query);
          const merged = { ...params, ...queryParams, ...bodyParams };
          const args = validateArgs(route.args ?? {}, merged);
          if (auth.kind !== "user") {
            const [code, message] = PERMISSION_ERRORS[route.permission];
            throw new WpError(code, message, 401);
          }
          const now = services.now();
          const rc: RequestContext = {
            services,
            store: services.store,
            site: services.site,
            now,
            https: services.https,
            base: b,
            params,
            args,
            // WordPress hands handlers query and body parameters alike (the body wins).
            body: { ...queryParams, ...bodyParams },
            query: parsed.query,
            user: auth.key,
            events,
            workflow: { store: services.store, site: services.site, now, events },
            env: (context, dp) => options.makeEnv(services, b, context, dp ?? services.site.priceDecimals),
          };
          result = await route.handler(rc);
        } catch (e) {
          if (!(e instanceof WpError)) throw e;
          result = errorResult(e);
        }
        send(reply, b, withFields(result, request), allowOf(route.path));
        if (events.length > 0) services.webhooks.enqueue(events);
        return reply;
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    let result: RestResult = errorResult(noRoute());
    try {
      const auth = authFor(request, parseRequest(request));
      if (auth.kind === "error") result = errorResult(auth.error);
    } catch (e) {
      if (e instanceof WpError) result = errorResult(e);
      else throw e;
    }
    return send(reply, base(), result);
  });

  app.setErrorHandler((error, _request, reply) => {
    const body = new WpError("internal_server_error", error instanceof Error ? error.message : String(error), 500);
    return send(reply, base(), errorResult(body));
  });
  return app;
}
