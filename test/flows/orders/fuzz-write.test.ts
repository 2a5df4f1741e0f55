import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import { writeDocument } from "../../../src/counterpoint/documents/write-document.js";
import { mapOrderToDocument } from "../../../src/flows/orders/index.js";
import { initDemoStore } from "../../../src/sandbox/replica/fill-demo-store.js";
import { SeededRandom } from "../../../src/sandbox/replica/seeded-random.js";
import type { Order } from "../../../src/woocommerce/index.js";
import { freshDatabase, type TestDatabase, testEngines } from "../../helpers/databases.js";
import { contextFor } from "./order-fixtures.js";
import { items, type Json, manyLines, mutateOnce, recorded, settings } from "./order-mutations.js";

// The bad-input proof: 5,000 mutated orders each become a document the database accepts as written (no
// truncation or type error: every string was fitted, every number fits its column) or a refusal naming a field.
describe.each(testEngines)("mutated orders written to the %s replica", (engine) => {
  let db: TestDatabase;
  let cp: CounterpointDb;
  let custNo: string;
  let taxCode: string;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    cp = (await initDemoStore(db.url, { items: 20, customers: 6, seed: "fuzz-write" })).db;
    custNo = (await cp.selectFrom("AR_CUST").select("CUST_NO").executeTakeFirstOrThrow()).CUST_NO;
    taxCode = (await cp.selectFrom("AR_TAX_COD").select("TAX_COD").executeTakeFirstOrThrow()).TAX_COD;
  }, 60_000);
  afterAll(async () => {
    await cp.destroy();
    await db.drop();
  });

  it("writes every mapped plan without a database error", async () => {
    const cases = engine === "sqlite" ? 5000 : 1500;
    const r = new SeededRandom(`orders-fuzz-write-${engine}`);
    let written = 0;
    let refused = 0;
    for (let i = 0; i < cases; i++) {
      const source = recorded[i % recorded.length] as Order;
      const order = structuredClone(source) as unknown as Json;
      order.id = 100_000 + i;
      if (r.chance(0.004)) manyLines(order, 1000);
      const mutations = r.chance(0.1) ? 0 : r.int(1, 4);
      for (let m = 0; m < mutations; m++) mutateOnce(r, order);
      const result = mapOrderToDocument(order as unknown as Order, {
        ...contextFor(source, { settings }),
        items,
        custNo,
        taxCode,
        storeKey: "fuzz.example",
      });
      if (result.kind === "invalid") {
        refused++;
        expect(result.field, `case ${i}`).not.toBe("");
        continue;
      }
      try {
        await writeDocument(cp, result.plan, settings.orders.numbering);
      } catch (err) {
        expect.fail(`case ${i}: the database refused a mapped plan: ${(err as Error).message}`);
      }
      written++;
    }
    expect(written).toBeGreaterThan(cases / 5);
    expect(refused).toBeGreaterThan(cases / 5);
    const docs = await cp.selectFrom("PS_DOC_HDR").select("REF").where("REF", "like", "WC %").execute();
    expect(docs).toHaveLength(written);
  }, 600_000);
});
