import { afterEach, describe, expect, it } from "vitest";
import { FaultInjector } from "../../../src/sandbox/woo/fault-injection.js";
import type { WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { WooClient, type WooRetryEvent } from "../../../src/woocommerce/index.js";
import { WooOutcomeUnknownError, WooTransportError } from "../../../src/woocommerce/errors.js";
import { call, recordedSandbox } from "./helpers.js";

/** Fault injection in the fake store, and how the client copes with a misbehaving host (API.md §15, §20). */

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

/** A plain-HTTP sandbox (the client signs with OAuth) holding the recorded store. */
async function sandbox(): Promise<WooSandbox> {
  const sb = await recordedSandbox({ assumeHttps: false });
  open.push(sb);
  return sb;
}

/** A client whose retries do not really sleep; `retries` collects what it would have waited and why. */
function client(sb: WooSandbox, timeoutMs = 5_000) {
  const retries: WooRetryEvent[] = [];
  const woo = new WooClient({
    url: sb.url,
    key: sb.consumerKey,
    secret: sb.consumerSecret,
    maxRetries: 3,
    timeoutMs,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    sleep: async () => {},
    onRetry: (e) => retries.push(e),
  });
  open.push(woo);
  return { woo, retries };
}

const firstOrderId = (sb: WooSandbox) => Math.min(...sb.store.orders.keys());

async function unknownOutcome(promise: Promise<unknown>): Promise<WooOutcomeUnknownError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WooOutcomeUnknownError);
  return err as WooOutcomeUnknownError;
}

describe("GETs recover from a misbehaving host", () => {
  it("429 with Retry-After: waits what the host says, then reads the right order", async () => {
    const sb = await sandbox();
    const id = firstOrderId(sb);
    sb.faults.add({
      method: "GET",
      path: "/wc/v3/orders",
      kind: "status",
      status: 429,
      retryAfterSeconds: 7,
      times: 2,
    });
    const { woo, retries } = client(sb);
    const order = await woo.orders.get(id);
    expect(order.id).toBe(id);
    expect(order.total).toBe(sb.store.orders.get(id)?.total);
    expect(retries.map((r) => r.delayMs)).toEqual([7000, 7000]);
    expect(sb.faults.stats()).toEqual([expect.objectContaining({ matched: 3, injected: 2 })]);
  });

  it("500 (WordPress's critical-error JSON), 503 and a reset are retried", async () => {
    const sb = await sandbox();
    const { woo, retries } = client(sb);
    const expected = (await woo.orders.page({ status: ["processing"] }, 1, 2)).items.map((o) => o.id);
    expect(expected.length).toBeGreaterThan(0);
    sb.faults.add({ path: "/wc/v3/orders", kind: "status", status: 500, times: 1 });
    sb.faults.add({ path: "/wc/v3/orders", kind: "status", status: 503, times: 1 });
    sb.faults.add({ path: "/wc/v3/orders", kind: "reset", times: 1 });
    const page = await woo.orders.page({ status: ["processing"] }, 1, 2);
    expect(page.items.map((o) => o.id)).toEqual(expected);
    expect(retries).toHaveLength(3);
    expect(retries[0]?.reason).toMatch(/HTTP 500/);
    expect(retries[1]?.reason).toMatch(/HTTP 503/);
    expect(retries[2]?.reason).toMatch(/network error/);
    expect(sb.faults.stats().map((s) => s.injected)).toEqual([1, 1, 1]);
  });

  it("a hanging request times out and the retry succeeds", async () => {
    const sb = await sandbox();
    const id = firstOrderId(sb);
    sb.faults.add({ method: "GET", path: /^\/wc\/v3\/orders\/\d+$/, kind: "hang", times: 1 });
    const { woo, retries } = client(sb, 300);
    expect((await woo.orders.get(id)).id).toBe(id);
    expect(retries.map((r) => r.reason)).toEqual([expect.stringMatching(/no complete answer within 300 ms/)]);
  });

  it("gives up after its retries with the host's page as the reason", async () => {
    const sb = await sandbox();
    sb.faults.add({ path: "/wc/v3/orders", kind: "status", status: 502 });
    const { woo, retries } = client(sb);
    const err = await woo.orders.get(firstOrderId(sb)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WooTransportError);
    expect((err as WooTransportError).bodySnippet).toBe("502 Bad Gateway 502 Bad Gateway nginx");
    expect(retries).toHaveLength(3);
  });
});

describe("POSTs whose outcome is unknown", () => {
  it("502 after the write: WooOutcomeUnknownError, and the note exists exactly once", async () => {
    const sb = await sandbox();
    const id = firstOrderId(sb);
    const before = sb.store.notesOf(id).length;
    sb.faults.add({ method: "POST", path: "/wc/v3/orders", kind: "status", status: 502, phase: "after" });
    const { woo, retries } = client(sb);
    const err = await unknownOutcome(woo.orders.createNote(id, { note: "Shipped via UPS" }));
    expect(err.message).toMatch(/HTTP 502/);
    expect(retries).toEqual([]);
    const notes = sb.store.notesOf(id);
    expect(notes).toHaveLength(before + 1);
    expect(notes.filter((n) => n.note === "Shipped via UPS")).toHaveLength(1);
  });

  it("502 before the write: the same error for the client, but nothing was applied", async () => {
    const sb = await sandbox();
    const id = firstOrderId(sb);
    const before = sb.store.notesOf(id).length;
    sb.faults.add({ method: "POST", path: "/wc/v3/orders", kind: "status", status: 502, phase: "before" });
    const { woo } = client(sb);
    await unknownOutcome(woo.orders.createNote(id, { note: "Never stored" }));
    expect(sb.store.notesOf(id)).toHaveLength(before);
  });

  it("a PHP fatal after the write (WordPress's critical-error JSON) is an unknown outcome, not a refusal", async () => {
    const sb = await sandbox();
    const id = firstOrderId(sb);
    const before = sb.store.notesOf(id).length;
    sb.faults.add({ method: "POST", path: "/wc/v3/orders", kind: "status", status: 500, phase: "after" });
    const { woo, retries } = client(sb);
    const err = await unknownOutcome(woo.orders.createNote(id, { note: "Mailer crashed after this" }));
    expect(err.message).toMatch(/HTTP 500 internal_server_error/);
    expect(retries).toEqual([]);
    expect(sb.store.notesOf(id)).toHaveLength(before + 1);
  });

  it("a reset after the write: unknown outcome, one order created", async () => {
    const sb = await sandbox();
    const before = sb.store.orders.size;
    sb.faults.add({ method: "POST", path: "/wc/v3/orders", kind: "reset", phase: "after", times: 1 });
    const { woo } = client(sb);
    await unknownOutcome(
      woo.orders.create({ customer_id: 2, line_items: [{ product_id: 11, quantity: 1 }], status: "processing" }),
    );
    expect(sb.store.orders.size).toBe(before + 1);
    const created = [...sb.store.orders.values()].at(-1);
    expect(created?.customerId).toBe(2);
  });

  it("a timeout after the write: unknown outcome, one order created, and the store still answers", async () => {
    const sb = await sandbox();
    const before = sb.store.orders.size;
    sb.faults.add({ method: "POST", path: "/wc/v3/orders", kind: "delay", ms: 30_000, phase: "after", times: 1 });
    const { woo } = client(sb, 300);
    const err = await unknownOutcome(
      woo.orders.create({ customer_id: 2, line_items: [{ product_id: 11, quantity: 1 }] }),
    );
    expect(err.message).toMatch(/no complete answer within 300 ms/);
    expect(sb.store.orders.size).toBe(before + 1);
    expect((await woo.orders.get(firstOrderId(sb))).id).toBe(firstOrderId(sb));
  });

  it("429 and 503 before a POST are retried, and the write happens once", async () => {
    const sb = await sandbox();
    const id = firstOrderId(sb);
    const before = sb.store.notesOf(id).length;
    sb.faults.add({
      method: "POST",
      path: "/wc/v3/orders",
      kind: "status",
      status: 429,
      retryAfterSeconds: 0,
      times: 1,
    });
    sb.faults.add({ method: "POST", path: "/wc/v3/orders", kind: "status", status: 503, times: 1 });
    const { woo, retries } = client(sb);
    const note = await woo.orders.createNote(id, { note: "Packed" });
    expect(note.note).toBe("Packed");
    expect(retries).toHaveLength(2);
    expect(sb.store.notesOf(id)).toHaveLength(before + 1);
  });

  it("a batch answered 504 after it was applied: every item says read back, and each update happened once", async () => {
    const sb = await sandbox();
    const ids = [...sb.store.orders.keys()].slice(0, 3);
    sb.faults.add({ path: "/wc/v3/orders/batch", kind: "status", status: 504, phase: "after" });
    const { woo, retries } = client(sb);
    const result = await woo.orders.batch({ update: ids.map((id) => ({ id, status: "completed" })) });
    expect(retries).toEqual([]);
    expect(result.update).toHaveLength(3);
    for (const item of result.update) {
      expect(item.ok).toBe(false);
      if (!item.ok) expect(item.error).toMatchObject({ code: "cpwoo_outcome_unknown", readBack: true });
    }
    for (const id of ids) expect(sb.store.orders.get(id)?.status).toBe("completed");
    // Sent once: the store saw one batch request.
    expect(sb.faults.stats()[0]).toMatchObject({ matched: 1, injected: 1 });
  });

  it("a batch of creates reset after it was applied: the orders exist exactly once", async () => {
    const sb = await sandbox();
    const before = sb.store.orders.size;
    sb.faults.add({ path: "/wc/v3/orders/batch", kind: "reset", phase: "after", times: 1 });
    const { woo } = client(sb);
    const create = [1, 2].map((q) => ({ customer_id: 3, line_items: [{ product_id: 12, quantity: q }] }));
    const result = await woo.orders.batch({ create });
    expect(result.create.map((r) => r.ok)).toEqual([false, false]);
    expect(result.create.every((r) => !r.ok && r.error.readBack)).toBe(true);
    expect(sb.store.orders.size).toBe(before + 2);
  });
});

describe("rules", () => {
  it("times, every and a seeded probability pick the same requests on every run", () => {
    const picks = (rule: ConstructorParameters<typeof FaultInjector>[0]) => {
      const f = new FaultInjector(rule);
      return Array.from({ length: 12 }, () => f.pick("GET", "/wp-json/wc/v3/products?page=2") !== null);
    };
    expect(
      picks([{ path: "/wc/v3/products", kind: "reset", times: 2 }])
        .map(Number)
        .join(""),
    ).toBe("110000000000");
    expect(
      picks([{ path: "/wc/v3/products", kind: "reset", every: 3 }])
        .map(Number)
        .join(""),
    ).toBe("001001001001");
    const p = [{ path: "/wc/v3/products", kind: "reset" as const, probability: 0.5, seed: "s1" }];
    expect(picks(p)).toEqual(picks(p));
    expect(picks(p).filter(Boolean).length).toBeGreaterThan(0);
    expect(picks(p).filter(Boolean).length).toBeLessThan(12);
  });

  it("matches method and path, leaves other requests alone, never faults /__sandbox/", () => {
    const f = new FaultInjector([{ method: ["put", "POST"], path: /\/orders\/\d+$/, kind: "reset" }]);
    expect(f.pick("GET", "/wp-json/wc/v3/orders/25")).toBeNull();
    expect(f.pick("PUT", "/wp-json/wc/v3/orders/25/notes")).toBeNull();
    expect(f.pick("PUT", "/wp-json/wc/v3/orders/25?x=1")).not.toBeNull();
    expect(new FaultInjector([{ path: "/", kind: "reset" }]).pick("GET", "/__sandbox/faults")).toBeNull();
    expect(() => f.add({ path: "/", kind: "reset", times: 0 })).toThrow(RangeError);
  });

  it("faults answer like the host would: an HTML 429 with Retry-After, no WordPress headers", async () => {
    const sb = await recordedSandbox();
    open.push(sb);
    sb.faults.add({ path: "/wc/v3/products", kind: "status", status: 429, retryAfterSeconds: 30, phase: "after" });
    const res = await call(sb, "GET", "/wp-json/wc/v3/products?per_page=1", { auth: null });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(res.headers.get("content-type")).toBe("text/html");
    expect(res.headers.get("x-wp-total")).toBeNull();
    expect(res.text).toContain("<title>429 Too Many Requests</title>");
  });

  it("another process drives the faults over HTTP", async () => {
    const sb = await recordedSandbox();
    open.push(sb);
    const added = await call(sb, "POST", "/__sandbox/faults", {
      auth: null,
      body: {
        rules: [
          { path: "/wc/v3/orders", kind: "status", status: 503, retryAfterSeconds: 2, times: 1 },
          { method: "GET", pathPattern: "^/wc/v3/products/\\d+$", kind: "delay", ms: 1, every: 2 },
        ],
      },
    });
    expect(added.status).toBe(201);
    expect(added.json).toEqual({ ids: [1, 2] });
    const faulted = await call(sb, "GET", "/wp-json/wc/v3/orders");
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get("retry-after")).toBe("2");
    expect((await call(sb, "GET", "/wp-json/wc/v3/orders")).status).toBe(200);
    const stats = await call(sb, "GET", "/__sandbox/faults", { auth: null });
    expect(stats.json).toEqual({
      faults: [
        { id: 1, rule: "* /wc/v3/orders → 503 before ×1", matched: 2, injected: 1 },
        { id: 2, rule: "GET /^\\/wc\\/v3\\/products\\/\\d+$/ → delay 1 ms before every 2", matched: 0, injected: 0 },
      ],
    });
    const bad = await call(sb, "POST", "/__sandbox/faults", {
      auth: null,
      body: { path: "/x", kind: "status", status: 418 },
    });
    expect(bad.status).toBe(400);
    expect((await call(sb, "DELETE", "/__sandbox/faults/2", { auth: null })).json).toEqual({ removed: 2 });
    expect((await call(sb, "DELETE", "/__sandbox/faults", { auth: null })).json).toEqual({ cleared: 1 });
    expect(sb.faults.stats()).toEqual([]);
    // The admin route is not part of the WooCommerce surface.
    expect((await call(sb, "GET", "/wp-json/__sandbox/faults")).status).toBe(404);
  });

  it("closing the sandbox ends a hanging request", async () => {
    const sb = await recordedSandbox({ assumeHttps: false, faults: [{ path: "/wc/v3", kind: "hang" }] });
    const pending = call(sb, "GET", "/wp-json/wc/v3/orders").then(
      () => "answered",
      () => "cut",
    );
    await expect.poll(() => sb.faults.stats()[0]?.injected).toBe(1);
    await sb.close();
    expect(await pending).toBe("cut");
  });
});
