import { engineOf, moneyText } from "../../src/counterpoint/dialect.js";
import type { CounterpointDb } from "../../src/counterpoint/connect.js";
import { seedWebCatalog } from "../../src/app/seed-web-catalog.js";
import { money, toMoneyString } from "../../src/money/index.js";
import { RECORDED_ITEMS } from "../../src/sandbox/replica/demo-store-data.js";
import type { SeededRandom } from "../../src/sandbox/replica/seeded-random.js";
import type { AddressWrite, OrderCreate, WooClient } from "../../src/woocommerce/index.js";

/** A registered shopper on the fake store, with the addresses checkout copies onto the order. */
export interface WebShopper {
  id: number;
  email: string;
  address: AddressWrite;
}

const places = [
  { city: "St. Augustine", zip: "32080" },
  { city: "Jacksonville", zip: "32258" },
  { city: "Miami", zip: "33135" },
  { city: "Gainesville", zip: "32601" },
  { city: "Fort Lauderdale", zip: "33311" },
];
const streets = ["Coquina Lane", "SW 8th Street", "Old Saint Augustine Road", "Ocean Blvd", "NW 13th Street"];
const firsts = ["Dana", "Zoë", "Bartholomew", "Priya", "Luis", "Maya", "Wade", "Ñico", "Ana"];
const lasts = ["Whitfield", "Ñúñez-O’Brien", "Okonkwo-Lindqvist", "Raman", "Carvajal", "Holloway", "Shopper"];
const payments = [
  { method: "stripe", title: "Credit card (Stripe)" },
  { method: "paypal", title: "PayPal" },
  { method: "bacs", title: "Direct bank transfer" },
  { method: "cod", title: "Cash on delivery" },
];

/** A shopper's address; one in fifty is long (company, suite, a street name past every column width). */
export function randomAddress(r: SeededRandom): AddressWrite {
  const place = r.pick(places);
  const long = r.chance(0.02);
  return {
    first_name: r.pick(firsts),
    last_name: long ? "Vandenberghe-Featherstonehaugh-Montgomery" : r.pick(lasts),
    company: long ? "Coastal Outfitters & Marine Hardware Supply of Northeast Florida, LLC" : "",
    address_1: long
      ? `${r.int(1, 20000)} Old Saint Augustine Road, Building 4, Suite 1200, Attention Receiving Department Dock 7`
      : `${r.int(1, 20000)} ${r.pick(streets)}`,
    address_2: long ? "Deliver to the loading dock behind the warehouse, ring twice, ask for the shift lead" : "",
    city: place.city,
    state: "FL",
    postcode: place.zip,
    country: "US",
    phone: `904-555-${String(r.int(0, 9999)).padStart(4, "0")}`,
  };
}

/**
 * Puts a catalog on the fake store: the demo store's recorded items (simple products and a variable product with its
 * variations, as `seedWebCatalog` does) and every other active simple web item of the replica, by ITEM_NO and price.
 * Returns the SKUs an order may name.
 */
export async function seedBenchCatalog(cp: CounterpointDb, woo: WooClient): Promise<string[]> {
  await seedWebCatalog(woo);
  const skus: string[] = [];
  for (const item of RECORDED_ITEMS) {
    if (item.grid === undefined) skus.push(item.itemNo);
    else for (const value of item.grid.values) skus.push(`${item.itemNo}-${value}`);
  }
  const recorded = new Set(RECORDED_ITEMS.map((i) => i.itemNo));
  const rows = await cp
    .selectFrom("IM_ITEM")
    .select(["ITEM_NO", "DESCR", moneyText(engineOf(cp), "PRC_1", 2).as("PRICE")])
    .where("IS_ECOMM_ITEM", "=", "Y")
    .where("STAT", "=", "A")
    .where("TRK_METH", "<>", "G")
    .orderBy("ITEM_NO")
    .execute();
  const extra = rows.filter((row) => !recorded.has(row.ITEM_NO) && row.PRICE !== null && money(row.PRICE).gt(0));
  for (let at = 0; at < extra.length; at += 100) {
    const result = await woo.products.batch({
      create: extra.slice(at, at + 100).map((row) => ({
        name: row.DESCR ?? row.ITEM_NO,
        sku: row.ITEM_NO,
        status: "publish" as const,
        regular_price: toMoneyString(money(row.PRICE ?? "0")),
        manage_stock: true,
        stock_quantity: 1_000_000,
      })),
    });
    const refused = result.create.filter((c) => !c.ok);
    if (refused.length > 0) throw new Error(`the fake store refused ${refused.length} product(s)`);
    skus.push(...extra.slice(at, at + 100).map((row) => row.ITEM_NO));
  }
  return skus;
}

/** Registered shoppers on the fake store (100 per batch request). */
export async function seedShoppers(woo: WooClient, r: SeededRandom, count: number): Promise<WebShopper[]> {
  const shoppers: WebShopper[] = [];
  for (let at = 0; at < count; at += 100) {
    const chunk = Array.from({ length: Math.min(100, count - at) }, (_, k) => {
      const address = randomAddress(r);
      return { email: `member${at + k + 1}@example.com`, address };
    });
    const result = await woo.customers.batch({
      create: chunk.map((c) => ({
        email: c.email,
        first_name: c.address.first_name ?? "",
        last_name: c.address.last_name ?? "",
        username: c.email.split("@")[0] ?? c.email,
        billing: { ...c.address, email: c.email },
        shipping: c.address,
      })),
    });
    for (const [k, created] of result.create.entries()) {
      const c = chunk[k];
      if (!created.ok || c === undefined) throw new Error(`the fake store refused shopper ${c?.email}`);
      shoppers.push({ id: created.id, email: c.email, address: c.address });
    }
  }
  return shoppers;
}

/** How many lines: mostly a few, sometimes a dozen, now and then up to 25. */
function lineCount(r: SeededRandom): number {
  const roll = r.int(1, 100);
  if (roll <= 60) return r.int(1, 5);
  if (roll <= 90) return r.int(6, 15);
  return r.int(16, 25);
}

/**
 * A paid checkout order: 1–25 lines of distinct catalog SKUs (variations included), a registered shopper (40%) or a
 * guest (from a pool, so guests repeat), sometimes the store's coupon, usually shipping, sometimes a fee.
 */
export function randomOrder(
  r: SeededRandom,
  skus: readonly string[],
  shoppers: readonly WebShopper[],
  guests: number,
): OrderCreate {
  const chosen = new Set<string>();
  const wanted = Math.min(lineCount(r), skus.length);
  while (chosen.size < wanted) chosen.add(r.pick(skus));
  const payment = r.pick(payments);
  const member = shoppers.length > 0 && r.chance(0.4) ? r.pick(shoppers) : undefined;
  const address = member?.address ?? randomAddress(r);
  const email = member?.email ?? `guest${r.int(1, guests)}@example.com`;
  // `created_via` as a shop's checkout sets it (the typed create leaves it out; the store keeps what it is sent).
  const order: OrderCreate & { created_via: string } = {
    created_via: "checkout",
    payment_method: payment.method,
    payment_method_title: payment.title,
    set_paid: true,
    customer_id: member?.id ?? 0,
    billing: { ...address, email },
    shipping: address,
    line_items: [...chosen].map((sku) => ({ sku, quantity: r.chance(0.8) ? 1 : r.int(2, 4) })),
  };
  const ship = r.int(1, 10);
  if (ship <= 7) order.shipping_lines = [{ method_id: "flat_rate", method_title: "Flat rate", total: "7.95" }];
  else if (ship <= 9)
    order.shipping_lines = [{ method_id: "free_shipping", method_title: "Free shipping", total: "0" }];
  if (r.chance(0.15)) order.coupon_lines = [{ code: "sunny10" }];
  if (r.chance(0.1)) order.fee_lines = [{ name: "Gift wrap", total: "4.50", tax_status: "taxable" }];
  if (r.chance(0.05)) order.customer_note = "Leave at the side door — thanks! 🌴";
  return order;
}
