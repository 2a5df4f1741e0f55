import { type SettingsInput, settingsSchema } from "../../../src/config/index.js";
import type { SaleItem, TaxAuthorityRate } from "../../../src/counterpoint/documents/sale-item.js";
import type { OrderMappingContext } from "../../../src/flows/orders/index.js";
import { resolveSku, type SkuCandidateItem, skuCandidates } from "../../../src/flows/orders/index.js";
import { money } from "../../../src/money/index.js";
import { type Order, orderSchema } from "../../../src/woocommerce/index.js";
import { loadRecordings } from "../../contract/recordings.js";

/** Every recorded single order (GET /orders/{id} and PUT responses), parsed as the client parses them. */
export function recordedOrders(): Array<{ file: string; order: Order }> {
  return loadRecordings()
    .filter((r) => r.file.startsWith("order_") && r.kind === "rest")
    .filter((r) => {
      const body = r.response.body as Record<string, unknown> | null;
      return body !== null && !Array.isArray(body) && Array.isArray(body.line_items) && "total" in body;
    })
    .map((r) => ({ file: r.file, order: orderSchema.parse(r.response.body) }));
}

export function recordedOrder(file: string): Order {
  const found = recordedOrders().find((r) => r.file === file);
  if (found === undefined) throw new Error(`no recorded order ${file}`);
  return structuredClone(found.order);
}

export function saleItem(itemNo: string, over: Partial<SaleItem> = {}): SaleItem {
  return {
    itemNo,
    cell: null,
    descr: `${itemNo} descr`,
    unit: "EACH",
    categ: "APPAREL",
    subcat: null,
    itemType: "I",
    trackingMethod: "N",
    taxable: true,
    unitCost: money("10.1234"),
    status: "A",
    isGrid: false,
    ...over,
  };
}

/** The recorded store's catalog as Counterpoint would have it (PBO-HOOD a grid of sizes). */
export const catalog: ReadonlyMap<string, SkuCandidateItem> = new Map<string, SkuCandidateItem>([
  ["PBO-TEE-PELICAN", { item: saleItem("PBO-TEE-PELICAN"), cells: [] }],
  ["PBO-BTL-32", { item: saleItem("PBO-BTL-32"), cells: [] }],
  ["PBO-SUN-50", { item: saleItem("PBO-SUN-50", { itemType: "N" }), cells: [] }],
  ["PBO-TOTE", { item: saleItem("PBO-TOTE"), cells: [] }],
  [
    "PBO-HOOD",
    {
      item: saleItem("PBO-HOOD", { isGrid: true, trackingMethod: "G" }),
      cells: [
        ["S", "*", "*"],
        ["M", "*", "*"],
        ["L", "*", "*"],
      ],
    },
  ],
  ["FREIGHT", { item: saleItem("FREIGHT", { itemType: "S", unitCost: money(0) }), cells: [] }],
]);

export function settingsFor(input: SettingsInput = {}) {
  return settingsSchema.parse(input);
}

const FL: TaxAuthorityRate = { authCod: "FL", rulCod: "TAX", pct: money("6.000") };
const STJ: TaxAuthorityRate = { authCod: "ST-JOHNS", rulCod: "TAX", pct: money("1.000") };

/** The context the orders flow would build: SKUs matched through skuCandidates/resolveSku, tax by ship-to ZIP. */
export function contextFor(order: Order, over: Partial<OrderMappingContext> = {}): OrderMappingContext {
  const settings = over.settings ?? settingsFor();
  const items = new Map<string, SaleItem | null>();
  for (const line of order.line_items) {
    const sku = line.sku ?? "";
    const known = new Map<string, SkuCandidateItem>();
    for (const c of skuCandidates(sku, settings)) {
      const found = catalog.get(c);
      if (found !== undefined) known.set(c, found);
    }
    items.set(sku, resolveSku(sku, known, settings).item);
  }
  const stJohns = order.shipping.postcode === "32080" || order.billing.postcode === "32080";
  return {
    settings,
    storeKey: "127.0.0.1:8089",
    custNo: "1001",
    shipTo: { adrsId: "(DEFAULT)" },
    taxCode: stJohns ? "FL-ST JOHN" : "FL-DUVAL",
    taxAuthorities: stJohns ? [FL, STJ] : [FL],
    items,
    now: new Date(2026, 10, 21, 12, 0, 0),
    ...over,
  };
}
