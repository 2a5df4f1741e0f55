// woo-read: page 10,000 products (100 a page) from the fake WooCommerce over loopback with cpwoo's client.
import { performance } from "node:perf_hooks";
import { fetch as undiciFetch } from "undici";
import { startWooSandbox } from "../src/sandbox/woo/start-woo-sandbox.js";
import { WooClient } from "../src/woocommerce/index.js";
import { emit } from "./emit.js";

const PRODUCTS = 10_000;

export default async function wooRead(): Promise<void> {
  const sandbox = await startWooSandbox({ port: 0 });
  let requests = 0;
  const client = new WooClient({
    url: sandbox.url,
    key: sandbox.consumerKey,
    secret: sandbox.consumerSecret,
    fetch: (url, init) => {
      requests += 1;
      return undiciFetch(url, init);
    },
  });
  try {
    const loadStart = performance.now();
    const create = Array.from({ length: PRODUCTS }, (_, i) => ({
      name: `Bench product ${i + 1}`,
      sku: `BENCH-${String(i + 1).padStart(5, "0")}`,
      regular_price: `${(i % 97) + 1}.99`,
      manage_stock: true,
      stock_quantity: i % 50,
    }));
    const created = await client.products.batch({ create });
    const failed = created.create.filter((r) => !r.ok).length;
    if (failed > 0) throw new Error(`${failed} products were not created`);
    emit("woo-read", "load_seconds", (performance.now() - loadStart) / 1000, "s");
    emit("woo-read", "load_requests", requests, "requests");

    requests = 0;
    const start = performance.now();
    let pages = 0;
    let items = 0;
    for await (const page of client.products.pages()) {
      pages += 1;
      items += page.items.length;
    }
    const seconds = (performance.now() - start) / 1000;
    if (items !== PRODUCTS) throw new Error(`paged ${items} products, expected ${PRODUCTS}`);
    emit("woo-read", "products", items, "products");
    emit("woo-read", "seconds", seconds, "s");
    emit("woo-read", "pages_per_second", pages / seconds, "pages/s");
    emit("woo-read", "requests", requests, "requests");
    emit("woo-read", "requests_minimum", Math.ceil(PRODUCTS / 100) + 1, "requests");
  } finally {
    await client.close();
    await sandbox.close();
  }
}
