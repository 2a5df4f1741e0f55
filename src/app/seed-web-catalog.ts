import { money, toMoneyString } from "../money/index.js";
import { RECORDED_ITEMS, type RecordedItemSpec } from "../sandbox/replica/demo-store-data.js";
import type { WooClient } from "../woocommerce/index.js";

function stockOf(item: RecordedItemSpec, cell: string): number {
  return item.stock[cell] ?? 0;
}

/**
 * Puts the demo store's e-commerce items on the fake web store, the way a first catalog sync would: simple products,
 * and the grid item as a variable product with one variation per cell (SKU `ITEM-CELL`).
 */
export async function seedWebCatalog(client: WooClient): Promise<number> {
  const simple = RECORDED_ITEMS.filter((item) => item.grid === undefined);
  const grids = RECORDED_ITEMS.filter((item) => item.grid !== undefined);
  const result = await client.products.batch({
    create: [
      ...simple.map((item) => ({
        name: item.descr,
        sku: item.itemNo,
        status: "publish" as const,
        regular_price: toMoneyString(money(item.price)),
        manage_stock: true,
        stock_quantity: stockOf(item, "*"),
      })),
      ...grids.map((item) => ({
        name: item.descr,
        sku: item.itemNo,
        type: "variable" as const,
        status: "publish" as const,
        attributes: [
          { name: item.grid?.tag ?? "Option", options: [...(item.grid?.values ?? [])], variation: true, visible: true },
        ],
      })),
    ],
  });
  const failed = result.create.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`demo catalog: ${failed.length} product(s) were refused by the store`);
  let created = result.create.length;
  for (const item of grids) {
    const parent = result.create.find((r) => r.ok && r.resource.sku === item.itemNo);
    if (!parent?.ok || !item.grid) continue;
    const { tag, values, cellPrices } = item.grid;
    const variations = await client.variations.batch(parent.id, {
      create: values.map((value) => ({
        sku: `${item.itemNo}-${value}`,
        regular_price: toMoneyString(money(cellPrices?.[value] ?? item.price)),
        manage_stock: true,
        stock_quantity: stockOf(item, value),
        attributes: [{ name: tag, option: value }],
      })),
    });
    created += variations.create.filter((r) => r.ok).length;
  }
  return created;
}
