import type { Socket } from "node:net";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SeededRandom } from "../replica/seeded-random.js";

/**
 * Makes the fake store misbehave like a real shared host (API.md §15, §20): rate-limit and proxy pages, slow answers,
 * dropped connections, requests that never end. A fault can strike before the handler runs (nothing applied) or after
 * it (the write is in the store, but the client sees the fault) — proxies really do answer 502/504 or drop the
 * connection after PHP finished a write.
 */

export type FaultStatus = 429 | 500 | 502 | 503 | 504;

export type FaultAction =
  | {
      kind: "status";
      status: FaultStatus;
      /** `Retry-After` in seconds (429 and 503 only; 429 gets 1 when not given). */
      retryAfterSeconds?: number;
      /** Replaces the default page (see `faultPage`). */
      body?: string;
      contentType?: string;
    }
  /** Answers `ms` later (to make a client time out). */
  | { kind: "delay"; ms: number }
  /** Destroys the socket without an answer. */
  | { kind: "reset" }
  /** Never answers; the socket is destroyed when the sandbox closes. */
  | { kind: "hang" };

export type FaultRule = FaultAction & {
  /** HTTP method(s); any when absent. */
  method?: string | readonly string[];
  /**
   * The REST route: a string prefix (`/wc/v3/orders`, which also matches `/wc/v3/orders/25/notes`) or a RegExp, both
   * tested against the path without `/wp-json` and without the query string.
   */
  path: RegExp | string;
  /** `before` (default): the handler does not run. `after`: the handler runs (a write is applied), then the fault. */
  phase?: "before" | "after";
  /** Only the first N matching requests. */
  times?: number;
  /** Only every Nth matching request (the Nth, 2Nth, …). */
  every?: number;
  /** Each matching request with this probability, from a seeded generator (reproducible runs). */
  probability?: number;
  /** Seed of the `probability` generator; default `"faults"`. */
  seed?: string;
};

export interface FaultStats {
  id: number;
  /** `"POST /wc/v3/orders → 502 after"`. */
  rule: string;
  /** Requests whose method and path matched. */
  matched: number;
  /** Requests the fault was applied to. */
  injected: number;
}

export interface FaultControl {
  /** Adds a rule after the existing ones; returns its id. The first rule that fires wins. */
  add(rule: FaultRule): number;
  remove(id: number): boolean;
  clear(): void;
  stats(): FaultStats[];
}

interface ActiveRule {
  id: number;
  rule: FaultRule;
  matched: number;
  injected: number;
  random: SeededRandom | null;
}

const NGINX_FOOTER = "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const nginxPage = (title: string) =>
  `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n${NGINX_FOOTER}`;

/**
 * What a real stack sends with each status: a host's rate-limit page (429), WordPress's fatal-error handler (500; a
 * REST request asking for JSON gets it as a WP_Error-shaped JSON), nginx's own pages (502, 503, 504).
 */
export function faultPage(status: FaultStatus): { body: string; contentType: string } {
  switch (status) {
    case 429:
      return { body: nginxPage("429 Too Many Requests"), contentType: "text/html" };
    case 500:
      return {
        body: JSON.stringify({
          code: "internal_server_error",
          message:
            '<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
          data: { status: 500 },
          additional_errors: [],
        }).replaceAll("/", "\\/"),
        contentType: "application/json; charset=UTF-8",
      };
    case 502:
      return { body: nginxPage("502 Bad Gateway"), contentType: "text/html" };
    case 503:
      return { body: nginxPage("503 Service Temporarily Unavailable"), contentType: "text/html" };
    case 504:
      return { body: nginxPage("504 Gateway Time-out"), contentType: "text/html" };
  }
}

/** `POST /wc/v3/orders → 502 after ×1`, for stats and logs. */
export function describeFault(rule: FaultRule): string {
  const methods =
    rule.method === undefined ? "*" : typeof rule.method === "string" ? rule.method : rule.method.join(",");
  const what = rule.kind === "status" ? String(rule.status) : rule.kind === "delay" ? `delay ${rule.ms} ms` : rule.kind;
  const when =
    rule.times !== undefined
      ? ` ×${rule.times}`
      : rule.every !== undefined
        ? ` every ${rule.every}`
        : rule.probability !== undefined
          ? ` p=${rule.probability}`
          : "";
  return `${methods} ${String(rule.path)} → ${what} ${rule.phase ?? "before"}${when}`;
}

function checkRule(rule: FaultRule): void {
  const positiveInt = (v: number | undefined) => v === undefined || (Number.isInteger(v) && v > 0);
  if (!positiveInt(rule.times) || !positiveInt(rule.every)) throw new RangeError("times and every: positive integers");
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new RangeError("probability: between 0 and 1");
  }
  if (rule.kind === "delay" && !(rule.ms >= 0)) throw new RangeError("delay ms: 0 or more");
}

/** The REST route of a request URL: `/wp-json/wc/v3/orders?x=1` → `/wc/v3/orders`. */
function routeOf(url: string): string {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  return path.startsWith("/wp-json/") ? path.slice("/wp-json".length) : path;
}

/** Requests whose fault holds their socket open (delay, hang), so that closing the sandbox can cut them. */
interface Held {
  socket: Socket;
  wake: () => void;
}

/** The rules and the Fastify hooks that apply them. Requests under `/__sandbox/` are never faulted. */
export class FaultInjector implements FaultControl {
  private rules: ActiveRule[] = [];
  private nextId = 1;
  private readonly decisions = new WeakMap<FastifyRequest, FaultRule>();
  private readonly held = new Set<Held>();

  constructor(rules: readonly FaultRule[] = []) {
    for (const r of rules) this.add(r);
  }

  add(rule: FaultRule): number {
    checkRule(rule);
    const id = this.nextId++;
    const random = rule.probability === undefined ? null : new SeededRandom(rule.seed ?? "faults");
    this.rules.push({ id, rule, matched: 0, injected: 0, random });
    return id;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  stats(): FaultStats[] {
    return this.rules.map((r) => ({ id: r.id, rule: describeFault(r.rule), matched: r.matched, injected: r.injected }));
  }

  /** The rule that fires for this request, counting it; rules after the first that fires do not see the request. */
  pick(method: string, url: string): FaultRule | null {
    const route = routeOf(url);
    if (route.startsWith("/__sandbox/")) return null;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.method !== undefined) {
        const methods = typeof rule.method === "string" ? [rule.method] : rule.method;
        if (!methods.some((m) => m.toUpperCase() === method)) continue;
      }
      const pathMatches = typeof rule.path === "string" ? route.startsWith(rule.path) : rule.path.test(route);
      if (!pathMatches) continue;
      active.matched++;
      const fires =
        rule.times !== undefined
          ? active.injected < rule.times
          : rule.every !== undefined
            ? active.matched % rule.every === 0
            : active.random !== null
              ? active.random.next() < (rule.probability ?? 1)
              : true;
      if (!fires) continue;
      active.injected++;
      return rule;
    }
    return null;
  }

  /** Adds the hooks to the sandbox's Fastify app (before it listens). */
  install(app: FastifyInstance): void {
    app.addHook("onRequest", (request, _reply, done) => {
      const rule = this.pick(request.method, request.url);
      if (rule !== null) this.decisions.set(request, rule);
      done();
    });
    // preHandler: the request body has been read, as a proxy would have read it before failing.
    app.addHook("preHandler", async (request, reply) => {
      const rule = this.decisions.get(request);
      if (rule === undefined || (rule.phase ?? "before") !== "before") return;
      switch (rule.kind) {
        case "status":
          return sendFaultPage(reply, rule);
        case "delay":
          await this.hold(request, rule.ms);
          return;
        case "reset":
          reply.hijack();
          request.raw.socket.destroy();
          return reply;
        case "hang":
          reply.hijack();
          void this.hold(request, null);
          return reply;
      }
    });
    app.addHook("onSend", async (request, reply, payload) => {
      const rule = this.decisions.get(request);
      if (rule === undefined || rule.phase !== "after") return payload;
      this.decisions.delete(request);
      switch (rule.kind) {
        case "status": {
          const page = faultPage(rule.status);
          // The proxy's page replaces WordPress's answer, headers included.
          for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
          reply.code(rule.status);
          setFaultHeaders(reply, rule, page.contentType);
          return rule.body ?? page.body;
        }
        case "delay":
          await this.hold(request, rule.ms);
          return payload;
        case "reset":
          request.raw.socket.destroy();
          return payload;
        case "hang":
          await this.hold(request, null);
          return payload;
      }
    });
  }

  /** Cuts every delayed or hanging request (their sockets are destroyed). Call before closing the server. */
  shutdown(): void {
    for (const h of [...this.held]) {
      h.socket.destroy();
      h.wake();
    }
    this.held.clear();
  }

  /** Waits `ms` (null: until the socket closes or `shutdown`). */
  private hold(request: FastifyRequest, ms: number | null): Promise<void> {
    const socket = request.raw.socket;
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const entry: Held = {
        socket,
        wake: () => {
          if (timer !== undefined) clearTimeout(timer);
          socket.off("close", entry.wake);
          this.held.delete(entry);
          resolve();
        },
      };
      this.held.add(entry);
      socket.once("close", entry.wake);
      if (ms !== null) timer = setTimeout(entry.wake, ms);
    });
  }
}

function setFaultHeaders(reply: FastifyReply, rule: Extract<FaultRule, { kind: "status" }>, contentType: string) {
  reply.header("content-type", rule.contentType ?? contentType);
  reply.header("server", "nginx");
  const retryAfter = rule.retryAfterSeconds ?? (rule.status === 429 ? 1 : undefined);
  if (retryAfter !== undefined && (rule.status === 429 || rule.status === 503)) {
    reply.header("retry-after", String(retryAfter));
  }
}

function sendFaultPage(reply: FastifyReply, rule: Extract<FaultRule, { kind: "status" }>): FastifyReply {
  const page = faultPage(rule.status);
  reply.code(rule.status);
  setFaultHeaders(reply, rule, page.contentType);
  return reply.send(rule.body ?? page.body);
}
