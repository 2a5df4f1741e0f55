import { seedWebCatalog } from "../../../src/app/seed-web-catalog.js";
import { settingsSchema } from "../../../src/config/settings.js";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import type { OrderPorts } from "../../../src/flows/orders/order-ports.js";
import { initDemoStore } from "../../../src/sandbox/replica/fill-demo-store.js";
import { type GuestBuyer, type PlacedOrder, placeOrder } from "../../../src/sandbox/woo/place-order.js";
import { startWooSandbox, type WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { WooClient } from "../../../src/woocommerce/index.js";
import { freshDatabase, type TestDatabase, type TestEngine } from "../../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "../../store/open-migrated-store.js";

export interface OrdersHarness {
  engine: TestEngine;
  ports: OrderPorts;
  cp: CounterpointDb;
  cpUrl: string;
  stateUrl: string;
  sandbox: WooSandbox;
  woo: WooClient;
  /** Places a paid order the way checkout does (a guest by default). */
  place(order: {
    lines: ReadonlyArray<{ sku: string; quantity: number }>;
    guest?: Partial<GuestBuyer>;
    customerId?: number;
    coupons?: readonly string[];
    shipping?: { methodId: string; total: string };
    paid?: boolean;
    paymentMethod?: string;
  }): Promise<PlacedOrder>;
  dispose(): Promise<void>;
}

export const defaultGuest: GuestBuyer = {
  email: "ana.shopper@example.com",
  firstName: "Ana",
  lastName: "Shopper",
  address: "1017 NW 13th Street, Fort Lauderdale, FL 33311",
  phone: "954-555-0100",
};

/** The demo replica, a fake store carrying the demo catalog, and a migrated state store, all fresh. */
export async function startOrdersHarness(
  engine: TestEngine,
  orders: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Promise<OrdersHarness> {
  const cpDb: TestDatabase = await freshDatabase(engine);
  const { db: cp } = await initDemoStore(cpDb.url, { items: 40, customers: 6, seed: "orders-test" });
  const state: MigratedStore = await openMigratedStore(engine);
  const sandbox = await startWooSandbox({ port: 0, webhookDelayMs: 0 });
  const woo = new WooClient({ url: sandbox.url, key: sandbox.consumerKey, secret: sandbox.consumerSecret });
  await seedWebCatalog(woo);
  const settings = settingsSchema.parse({
    orders,
    customers: { taxCodes: { byState: { FL: "FL-Broward" } } },
    ...extra,
  });
  return {
    engine,
    ports: { woo, cp, state: state.store, settings, storeId: "test-store" },
    cp,
    cpUrl: cpDb.url,
    stateUrl: state.database.url,
    sandbox,
    woo,
    place: (o) =>
      placeOrder({
        url: sandbox.url,
        consumerKey: sandbox.consumerKey,
        consumerSecret: sandbox.consumerSecret,
        ...(o.customerId === undefined ? { guest: { ...defaultGuest, ...o.guest } } : { customerId: o.customerId }),
        lines: o.lines,
        ...(o.coupons === undefined ? {} : { coupons: o.coupons }),
        ...(o.shipping === undefined ? {} : { shipping: o.shipping }),
        paid: o.paid ?? true,
        paymentMethod: o.paymentMethod ?? "stripe",
      }),
    dispose: async () => {
      await woo.close();
      await sandbox.close();
      await cp.destroy();
      await cpDb.drop();
      await state.dispose();
    },
  };
}
