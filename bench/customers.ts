// customers: 20,000 web customers in the fake WooCommerce → the PostgreSQL replica (CPWOO_TEST_PG_URL, a fresh
// schema), with the real flow: pull (customers role=all + orders), clean, match by e-mail, create, map. Without
// CPWOO_TEST_PG_URL the PostgreSQL run is skipped with a note.
import { performance } from "node:perf_hooks";
import { fetch as undiciFetch } from "undici";
import { settingsSchema } from "../src/config/index.js";
import { connectCounterpoint } from "../src/counterpoint/connect.js";
import { pullWebCustomers } from "../src/flows/customers/pull-web-customers.js";
import { importWebCustomers, syncCustomersIn } from "../src/flows/customers/sync-customers-in.js";
import { createReplicaSchema } from "../src/sandbox/replica/create-replica-schema.js";
import { MIN_CUSTOMERS, MIN_ITEMS } from "../src/sandbox/replica/demo-store-rows.js";
import { fillDemoStore } from "../src/sandbox/replica/fill-demo-store.js";
import { SeededRandom } from "../src/sandbox/replica/seeded-random.js";
import type { Address } from "../src/sandbox/woo/records.js";
import { startWooSandbox } from "../src/sandbox/woo/start-woo-sandbox.js";
import { migrateStateStore, openStateStore } from "../src/store/index.js";
import { WooClient } from "../src/woocommerce/index.js";
import { freshDatabase } from "../test/helpers/databases.js";
import { emit } from "./emit.js";

const CUSTOMERS = Number(process.env.CPWOO_BENCH_CUSTOMERS ?? 20_000);
const streets = [
  "Coquina Lane",
  "SW 8th Street, Apt 5C",
  "Old Saint Augustine Road, Building 4, Suite 1200",
  "Ocean Blvd",
];
const cities = [
  { city: "St. Augustine", zip: "32080" },
  { city: "Jacksonville", zip: "32258" },
  { city: "Miami", zip: "33135" },
  { city: "Gainesville", zip: "32601" },
];
const firsts = ["Dana", "Zoë", "Bartholomew", "Priya", "Luis", "Maya", "Wade", "Ñico"];
const lasts = ["Whitfield", "Ñúñez-O’Brien", "Okonkwo-Lindqvist", "Raman", "Carvajal", "Holloway", "Pruitt"];

export default async function customersBench(): Promise<void> {
  if (!process.env.CPWOO_TEST_PG_URL) {
    process.stderr.write("customers: CPWOO_TEST_PG_URL is not set: the PostgreSQL run is skipped\n");
    return;
  }
  const sandbox = await startWooSandbox({ port: 0, seedDefaults: false });
  const r = new SeededRandom("customers-bench");
  const now = Math.floor(Date.now() / 1000);
  for (let i = 1; i <= CUSTOMERS; i++) {
    const place = r.pick(cities);
    const first = r.pick(firsts);
    const last = r.pick(lasts);
    // One in fifty shares an e-mail with another account (in other case): deduped, not created twice.
    const email = r.chance(0.02) ? `Shopper${r.int(1, i)}@Example.com` : `shopper${i}@example.com`;
    const address: Address = {
      first_name: first,
      last_name: last,
      company: r.chance(0.2) ? `${last} Marine Supply` : "",
      address_1: `${r.int(1, 20000)} ${r.pick(streets)}`,
      address_2: "",
      city: place.city,
      state: "FL",
      postcode: place.zip,
      country: "US",
      phone: `904-555-${String(r.int(0, 9999)).padStart(4, "0")}`,
    };
    sandbox.store.putCustomer({
      id: 100 + i,
      dateCreated: now,
      dateModified: now,
      email,
      firstName: first,
      lastName: last,
      role: "customer",
      username: `shopper${i}`,
      displayName: `shopper${i}`,
      billing: { ...address, email },
      shipping: { ...address },
      isPayingCustomer: false,
      metaData: [],
    });
  }

  const cpDb = await freshDatabase("postgres");
  const stateDb = await freshDatabase("postgres");
  const cp = connectCounterpoint(cpDb.url);
  const state = await openStateStore(stateDb.url);
  let requests = 0;
  const woo = new WooClient({
    url: sandbox.url,
    key: sandbox.consumerKey,
    secret: sandbox.consumerSecret,
    fetch: (url, init) => {
      requests += 1;
      return undiciFetch(url, init);
    },
  });
  try {
    await createReplicaSchema(cp);
    await fillDemoStore(cp, { items: MIN_ITEMS, customers: MIN_CUSTOMERS, seed: "bench" });
    await migrateStateStore(state);
    const settings = settingsSchema.parse({
      counterpoint: { db: cpDb.url },
      customers: {
        numbering: { prefix: "OL-" },
        taxCodes: { byZip: { "32080": "FL-Saint J", "322": "FL-Duval", "331": "FL-Miami-D", "326": "FL-Alachua" } },
      },
    });
    const ports = { cp, state: state.db, settings, storeId: "bench" };

    const start = performance.now();
    const pulled = await pullWebCustomers(woo);
    emit("customers", "pull_seconds", (performance.now() - start) / 1000, "s");
    const summary = await importWebCustomers(pulled.sources, ports);
    const seconds = (performance.now() - start) / 1000;
    if (summary.created + summary.linked !== CUSTOMERS) {
      throw new Error(
        `expected ${CUSTOMERS} customers accounted for, got ${JSON.stringify({ ...summary, details: [] })}`,
      );
    }
    emit("customers", "seconds", seconds, "s");
    emit("customers", "customers_per_second", CUSTOMERS / seconds, "customers/s");
    emit("customers", "created", summary.created, "customers");
    emit("customers", "linked", summary.linked, "customers");
    emit("customers", "woo_requests", requests, "requests");

    requests = 0;
    const again = performance.now();
    const rerun = await syncCustomersIn(woo, ports);
    if (rerun.created !== 0) throw new Error(`the re-run created ${rerun.created} customers`);
    emit("customers", "rerun_seconds", (performance.now() - again) / 1000, "s");
    emit("customers", "rerun_woo_requests", requests, "requests");
    emit("customers", "peak_rss", process.resourceUsage().maxRSS / 1024, "MB");
  } finally {
    await woo.close();
    await sandbox.close();
    await cp.destroy();
    await state.close();
    await cpDb.drop();
    await stateDb.drop();
  }
}
