// Mutations of the recorded orders for the fuzz tests: missing and mistyped fields, huge and exotic text, odd
// quantities, thousands of lines. Seeded, so every run sees the same cases.
import type { SaleItem } from "../../../src/counterpoint/documents/sale-item.js";
import { resolveSku } from "../../../src/flows/orders/index.js";
import { money, toMoneyString } from "../../../src/money/index.js";
import { SeededRandom } from "../../../src/sandbox/replica/seeded-random.js";
import { catalog, recordedOrders, settingsFor } from "./order-fixtures.js";

export type Json = Record<string, unknown>;

export const recorded = recordedOrders().map((r) => r.order);
export const settings = settingsFor({
  orders: { skus: { stripSuffixes: ["-PACKAGE"] }, shipping: { shipVia: { flat_rate: "UPS" } } },
});
// Every SKU the recorded store sells, matched once as the flow would.
export const items = new Map<string, SaleItem | null>(
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
export function mutateOnce(r: SeededRandom, order: Json): void {
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
export function manyLines(order: Json, n: number): void {
  const lines = order.line_items as Json[];
  const first = lines[0] as Json;
  const extra = money(String(first.total)).times(n - 1);
  order.line_items = [...lines, ...Array.from({ length: n - 1 }, (_v, i) => ({ ...first, id: 10_000 + i }))];
  order.total = toMoneyString(money(String(order.total)).plus(extra));
}
