import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SnapshotWriter } from "../../../src/sandbox/woo/persistence.js";
import { newProductRecord } from "../../../src/sandbox/woo/product-writes.js";
import { startWooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { WooStore } from "../../../src/sandbox/woo/woo-store.js";
import { at, call, RECORDED_DIR } from "./helpers.js";

/** The `--data` file: state survives a restart; writes are atomic, debounced and flushed on close. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cpwoo-woo-data-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the data file", () => {
  it("keeps products, orders, notes, webhooks and id sequences across a restart", async () => {
    const file = join(dir, "woo.json");
    const first = await startWooSandbox({ port: 0, assumeHttps: true, dataFile: file, fixtures: RECORDED_DIR });
    const created = await call(first, "POST", "/wp-json/wc/v3/products", {
      body: { name: "Kept", sku: "KEEP-1", regular_price: "3.00" },
    });
    const order = await call(first, "POST", "/wp-json/wc/v3/orders", {
      body: { set_paid: true, line_items: [{ sku: "KEEP-1", quantity: 1 }] },
    });
    await call(first, "POST", "/wp-json/wc/v3/webhooks", {
      body: { topic: "order.updated", delivery_url: "http://127.0.0.1:9/x", status: "paused" },
    });
    await first.close();
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dir)).toEqual(["woo.json"]);

    // Fixtures are for a fresh store only: with a data file they are not applied again.
    const second = await startWooSandbox({ port: 0, assumeHttps: true, dataFile: file, fixtures: RECORDED_DIR });
    try {
      expect(second.fixtureReport).toBeNull();
      const product = await call(second, "GET", `/wp-json/wc/v3/products/${String(at(created.json, "id"))}`);
      expect(at(product.json, "sku")).toBe("KEEP-1");
      const again = await call(second, "GET", `/wp-json/wc/v3/orders/${String(at(order.json, "id"))}`);
      const samePort = again.text.replaceAll(new URL(second.url).host, new URL(first.url).host);
      expect(JSON.parse(samePort)).toEqual(order.json);
      const notes = await call(second, "GET", `/wp-json/wc/v3/orders/${String(at(order.json, "id"))}/notes`);
      expect((notes.json as unknown[]).length).toBeGreaterThan(0);
      const hooks = await call(second, "GET", "/wp-json/wc/v3/webhooks?status=paused");
      expect((hooks.json as unknown[]).length).toBe(1);
      const next = await call(second, "POST", "/wp-json/wc/v3/products", { body: { name: "Later" } });
      expect(at(next.json, "id") as number).toBeGreaterThan(at(order.json, "id") as number);
      expect(await call(second, "GET", "/wp-json/wc/v3/orders/25").then((r) => r.status)).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("writes the file once for a burst of changes", async () => {
    const store = new WooStore();
    const file = join(dir, "burst.json");
    const writer = new SnapshotWriter(store, file, { debounceMs: 50, maxWaitMs: 5000 });
    for (let i = 0; i < 200; i++) store.putProduct(newProductRecord(store.nextId("post"), 1_800_000_000));
    expect(existsSync(file)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(writer.writes).toBe(1);
    const saved = JSON.parse(readFileSync(file, "utf8")) as { products: unknown[]; sequences: { post: number } };
    expect(saved.products).toHaveLength(200);
    expect(saved.sequences.post).toBe(200);
    await writer.close();
    expect(writer.writes).toBe(1);
  });

  it("still saves under steady traffic (the wait is capped) and flushes on close", async () => {
    const store = new WooStore();
    const file = join(dir, "steady.json");
    const writer = new SnapshotWriter(store, file, { debounceMs: 40, maxWaitMs: 100 });
    const started = Date.now();
    while (Date.now() - started < 300) {
      store.putProduct(newProductRecord(store.nextId("post"), 1_800_000_000));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(writer.writes).toBeGreaterThanOrEqual(2);
    store.putProduct(newProductRecord(store.nextId("post"), 1_800_000_000));
    await writer.close();
    const saved = JSON.parse(readFileSync(file, "utf8")) as { products: unknown[] };
    expect(saved.products).toHaveLength(store.products.size);
  });

  it("refuses a file that is not a sandbox data file, naming it", async () => {
    const file = join(dir, "other.json");
    writeFileSync(file, JSON.stringify({ hello: "world" }));
    await expect(startWooSandbox({ port: 0, dataFile: file })).rejects.toThrow(
      /other\.json is not a cpwoo WooCommerce sandbox data file/,
    );
    writeFileSync(file, "{broken");
    await expect(startWooSandbox({ port: 0, dataFile: file })).rejects.toThrow(/other\.json: not valid JSON/);
  });
});
