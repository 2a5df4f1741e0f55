import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectFixtures, loadFixtures, readFixtureDirectory } from "../../../src/sandbox/woo/fixtures.js";
import { startWooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { WooStore } from "../../../src/sandbox/woo/woo-store.js";
import { at, call, list, RECORDED_DIR } from "./helpers.js";

/** `--fixtures DIR`: WooCommerce JSON in, a store out; every recorded file is accepted. */

const load = (policy: "latest" | "earliest") => {
  const store = new WooStore();
  const report = loadFixtures(store, readFixtureDirectory(RECORDED_DIR), {
    now: 1_800_000_000,
    webhookSecret: "whsec_test",
    policy,
  });
  return { store, report };
};

describe("loading the recorded files", () => {
  it("uses or explains every file", () => {
    const docs = readFixtureDirectory(RECORDED_DIR);
    const { candidates, skipped } = collectFixtures(docs);
    for (const file of readdirSync(RECORDED_DIR).filter((f) => f.endsWith(".json"))) {
      const used = candidates.some((c) => c.source.startsWith(file));
      const explained = skipped.some((s) => s.source.startsWith(file));
      expect(used || explained, file).toBe(true);
    }
    for (const s of skipped) {
      expect(s.reason, s.source).toMatch(/^(error body|empty array|.*per-item error|not a JSON object \(string\))/);
    }
  });

  it("rebuilds the recorded store", () => {
    const { store, report } = load("latest");
    expect([...store.products.keys()].sort((a, b) => a - b)).toEqual([11, 12, 13, 14, 15, 16, 17, 18]);
    expect(store.variationsOf(15).map((v) => v.id)).toEqual([16, 17, 18]);
    expect([...store.customers.keys()].sort()).toEqual([2, 3, 4]);
    expect([...store.categories.keys()].sort((a, b) => a - b)).toEqual([15, 16, 17, 18, 19]);
    expect([...store.orders.keys()].sort((a, b) => a - b)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31]);
    expect(store.refundsOf(25).map((r) => r.id)).toEqual([30]);
    expect(store.notesOf(24)).toHaveLength(7);
    expect(store.couponByCode("sunny10")).toMatchObject({ id: 19, discountType: "percent", amount: "10" });
    expect(report.loaded.order).toBe(11);
    // New ids continue after the recorded ones, per sequence.
    expect(store.nextId("post")).toBe(32);
    expect(store.nextId("comment")).toBe(36);
  });

  it("picks the newest recorded version by default and the oldest on request", () => {
    const latest = load("latest").store;
    const earliest = load("earliest");
    expect(latest.orders.get(24)?.status).toBe("completed");
    expect(earliest.store.orders.get(24)?.status).toBe("processing");
    expect(latest.products.get(14)?.regularPrice).toBe("39.00");
    // The earliest order 25 has no refund yet, so the recorded refund object is not attached to it.
    expect(earliest.store.refundsOf(25)).toEqual([]);
    expect(earliest.report.skipped.some((s) => s.reason.includes("refund 30"))).toBe(true);
  });
});

describe("a fixtures directory of one's own", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cpwoo-woo-fixtures-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("takes single objects and arrays, and reports what it cannot read", async () => {
    writeFileSync(
      join(dir, "a-product.json"),
      JSON.stringify({
        id: 5,
        name: "Solo",
        type: "simple",
        sku: "SOLO",
        regular_price: "2.00",
        stock_status: "instock",
        manage_stock: true,
        stock_quantity: 3,
      }),
    );
    writeFileSync(
      join(dir, "b-customers.json"),
      JSON.stringify([
        { id: 7, email: "a@example.com", username: "a", role: "customer", first_name: "A", billing: { city: "X" } },
      ]),
    );
    writeFileSync(
      join(dir, "c-coupons.json"),
      JSON.stringify([{ id: 9, code: "HALF", amount: "50", discount_type: "percent" }]),
    );
    writeFileSync(join(dir, "d-broken.json"), "{not json");
    writeFileSync(join(dir, "e-unknown.json"), JSON.stringify({ id: 1, something: "else" }));
    writeFileSync(join(dir, "notes.txt"), "ignored");
    const sb = await startWooSandbox({ port: 0, assumeHttps: true, fixtures: dir });
    try {
      expect(sb.fixtureReport?.loaded).toMatchObject({ product: 1, customer: 1, coupon: 1 });
      const reasons = sb.fixtureReport?.skipped.map((s) => `${s.source}: ${s.reason}`) ?? [];
      expect(reasons.some((r) => r.startsWith("d-broken.json: invalid JSON"))).toBe(true);
      expect(reasons.some((r) => r.startsWith("e-unknown.json: unrecognised object"))).toBe(true);
      const product = await call(sb, "GET", "/wp-json/wc/v3/products?sku=SOLO");
      expect(at(product.json, "0.stock_quantity")).toBe(3);
      const customer = await call(sb, "GET", "/wp-json/wc/v3/customers/7");
      expect(at(customer.json, "billing.city")).toBe("X");
      const order = await call(sb, "POST", "/wp-json/wc/v3/orders", {
        body: { line_items: [{ sku: "SOLO", quantity: 2 }], coupon_lines: [{ code: "half" }] },
      });
      expect(at(order.json, "discount_total")).toBe("2.00");
      const next = await call(sb, "POST", "/wp-json/wc/v3/customers", { body: { email: "b@example.com" } });
      expect(at(next.json, "id")).toBe(8);
    } finally {
      await sb.close();
    }
  });

  it("serves a variation recorded in product shape through the variations route", async () => {
    const sb = await startWooSandbox({ port: 0, assumeHttps: true, fixtures: RECORDED_DIR });
    try {
      const res = await call(sb, "GET", "/wp-json/wc/v3/products/15/variations?orderby=id&order=asc");
      expect(list(res.json).map((v) => [v.id, v.name, v.sku])).toEqual([
        [16, "S", "PBO-HOOD-S"],
        [17, "M", "PBO-HOOD-M"],
        [18, "L", "PBO-HOOD-L"],
      ]);
    } finally {
      await sb.close();
    }
  });
});
