import { describe, expect, it } from "vitest";
import { mapOrderToDocument } from "../../../src/flows/orders/index.js";
import { money } from "../../../src/money/index.js";
import { SeededRandom } from "../../../src/sandbox/replica/seeded-random.js";
import type { Order } from "../../../src/woocommerce/index.js";
import { contextFor } from "./order-fixtures.js";
import { items, type Json, manyLines, mutateOnce, recorded, settings } from "./order-mutations.js";
import { planProblems } from "./plan-checks.js";

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
