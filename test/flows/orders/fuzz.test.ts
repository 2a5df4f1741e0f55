import { describe, expect, it } from "vitest";
import type { SaleItem } from "../../../src/counterpoint/documents/sale-item.js";
import { mapOrderToDocument, resolveSku } from "../../../src/flows/orders/index.js";
import { money, toMoneyString } from "../../../src/money/index.js";
import { SeededRandom } from "../../../src/sandbox/replica/seeded-random.js";
import type { Order } from "../../../src/woocommerce/index.js";
import { catalog, contextFor, recordedOrders, settingsFor } from "./order-fixtures.js";
import { planProblems } from "./plan-checks.js";

type Json = Record<string, unknown>;

const recorded = recordedOrders().map((r) => r.order);
const settings = settingsFor({
  orders: { skus: { stripSuffixes: ["-PACKAGE"] }, shipping: { shipVia: { flat_rate: "UPS" } } },
});
// Every SKU the recorded store sells, matched once as the flow would.
const items = new Map<string, SaleItem | null>(
  ["PBO-TEE-PELICAN", "PBO-BTL-32", "PBO-SUN-50", "PBO-TOTE", "PBO-HOOD-S", "PBO-HOOD-M", "PBO-HOOD-L"].map((sku) => [
    sku,
    resolveSku(sku, catalog, settings).item,
  ]),
);

const oddities = [
  "😀👍🏽",
  "北京市朝阳区",
  "مرحبا بالعالم",
  "\u202Eevil\u202C",
  "Łódź",
  "\u0000\u0007",
  "\t\n",
  "’—…",
  "e\u0301",
  "\uFEFF",
];
const wrongTypes: unknown[] = [null, 42, -1, 1.5, true, {}, [], "abc", "", "1e400", "NaN", "12,50", " 5 "];

function mutateText(r: SeededRandom, value: unknown): unknown {
  const text = typeof value === "string" ? value : "";
  switch (r.int(0, 5)) {
    case 0:
      return "X".repeat(10_000);
    case 1:
      return text + r.pick(oddities) + text;
    case 2:
      return Array.from({ length: r.int(1, 80) }, () => r.pick(oddities)).join(" ");
    case 3:
      return r.pick(wrongTypes);
    default:
      return "";
  }
}

/** Mutates one field somewhere in the order: deleted, mistyped, huge, foreign, or a bad quantity or amount. */
function mutateOnce(r: SeededRandom, order: Json): void {
  const lines = Array.isArray(order.line_items) ? (order.line_items as Json[]) : [];
  const targets: Json[] = [order];
  for (const key of ["billing", "shipping"]) {
    const v = order[key];
    if (typeof v === "object" && v !== null && !Array.isArray(v)) targets.push(v as Json);
  }
  for (const key of ["line_items", "shipping_lines", "fee_lines", "tax_lines", "refunds"]) {
    const v = order[key];
    if (Array.isArray(v)) for (const x of v) if (typeof x === "object" && x !== null) targets.push(x as Json);
  }
  const target = r.pick(targets);
  const keys = Object.keys(target);
  if (keys.length === 0) return;
  const key = r.pick(keys);
  switch (r.int(0, 9)) {
    case 0:
      delete target[key];
      return;
    case 1:
      target[key] = r.pick(wrongTypes);
      return;
    case 2:
    case 3:
      target[key] = mutateText(r, target[key]);
      return;
    case 4: {
      const line = lines.length > 0 ? r.pick(lines) : null;
      if (line !== null) line.quantity = r.pick([0, -1, -3, 0.5, 2.25, 1.00001, 1e12, "2", "x", null]);
      return;
    }
    case 5: {
      const line = lines.length > 0 ? r.pick(lines) : null;
      if (line !== null)
        line[r.pick(["total", "subtotal"])] = r.pick(["-5.00", "abc", "1e30", "99999999999999", "", 12.5]);
      return;
    }
    case 6:
      order[r.pick(["total", "total_tax"])] = r.pick(["0.00", "-1", "1.005", "x", "100000000000.00", 3]);
      return;
    case 7: {
      const line = lines.length > 0 ? r.pick(lines) : null;
      if (line !== null) line.sku = r.pick(["NOPE", "pbo-tote", "PBO-TOTE-PACKAGE", "PBO-HOOD", "", null, 7]);
      return;
    }
    default: {
      // Harmless text in the places shoppers type: must still map.
      const where = r.pick(targets.filter((t) => t !== order && !("quantity" in t) && !("total" in t))) ?? order;
      const field = r.pick([
        "first_name",
        "last_name",
        "company",
        "address_1",
        "address_2",
        "city",
        "state",
        "postcode",
      ]);
      where[field] = mutateText(r, where[field]);
      if (typeof where[field] !== "string") where[field] = "😀";
      return;
    }
  }
}

/** Repeats the first line `n` times, keeping the web total right, so the order is large and still maps. */
function manyLines(order: Json, n: number): void {
  const lines = order.line_items as Json[];
  const first = lines[0] as Json;
  const extra = money(String(first.total)).times(n - 1);
  order.line_items = [...lines, ...Array.from({ length: n - 1 }, (_v, i) => ({ ...first, id: 10_000 + i }))];
  order.total = toMoneyString(money(String(order.total)).plus(extra));
}

describe("mapping mutated orders", () => {
  it("never throws; a plan fits its columns and reconciles, a refusal names a field", () => {
    const r = new SeededRandom("orders-fuzz-1");
    let plans = 0;
    let refusals = 0;
    const byField = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const order = structuredClone(recorded[i % recorded.length]) as unknown as Json;
      if (r.chance(0.01)) manyLines(order, 2000);
      const mutations = r.chance(0.1) ? 0 : r.int(1, 4);
      for (let m = 0; m < mutations; m++) mutateOnce(r, order);
      const ctx = { ...contextFor(recorded[i % recorded.length] as Order, { settings }), items };
      const result = mapOrderToDocument(order as unknown as Order, ctx);
      if (result.kind === "mapped") {
        plans++;
        const problems = planProblems(result.plan);
        if (problems.length > 0) expect.fail(`case ${i}: ${problems.join("; ")}`);
        expect(result.plan.totals.total.equals(money(order.total as string | number))).toBe(true);
      } else {
        refusals++;
        const head = result.field.replace(/\[\d+\]/g, "[]");
        byField.set(head, (byField.get(head) ?? 0) + 1);
        expect(result.field).not.toBe("");
        expect(result.reason).not.toBe("");
        expect(result.reason).not.toMatch(/^internal error/);
      }
    }
    // Both outcomes are exercised, or the test proves nothing.
    if (process.env.CPWOO_FUZZ_REPORT)
      console.log({ plans, refusals, fields: [...byField].sort((a, b) => b[1] - a[1]) });
    expect(plans).toBeGreaterThan(400);
    expect(refusals).toBeGreaterThan(400);
  });

  it("maps 2,000 lines of a recorded order", () => {
    const order = structuredClone(recorded[0]) as unknown as Json;
    manyLines(order, 2000);
    const result = mapOrderToDocument(order as unknown as Order, { ...contextFor(recorded[0] as Order), items });
    expect(result.kind).toBe("mapped");
    if (result.kind === "mapped") {
      expect(result.plan.lines).toHaveLength((recorded[0]?.line_items.length ?? 0) + 1999);
      expect(planProblems(result.plan)).toEqual([]);
    }
  });
});
