import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { syncCatalog, syncInventory } from "../../../src/flows/catalog/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type CatalogHarness, startCatalogHarness } from "./catalog-harness.js";

describe.each(testEngines)("catalog sync on %s", (engine) => {
  let h: CatalogHarness;
  beforeEach(async () => {
    h = await startCatalogHarness(engine);
  }, 60_000);
  afterEach(async () => {
    await h?.dispose();
  });

  it("creates the e-commerce items, adopts the recorded products by SKU, and a re-run writes nothing", async () => {
    const first = await syncCatalog(h.ports, { parts: ["product", "stock", "price"] });
    console.log(JSON.stringify({ ...first, failed: first.failed.slice(0, 5), missing: first.missing.slice(0, 5) }));
    expect(first.failed).toEqual([]);
    expect(first.created).toBeGreaterThan(0);
    const writesBefore = h.writes().length;
    const second = await syncCatalog(h.ports, { parts: ["product", "stock", "price"] });
    expect(second.created + second.updated + second.retired).toBe(0);
    expect(h.writes().length).toBe(writesBefore);
    const inv = await syncInventory(h.ports);
    expect(inv.updated).toBe(0);
  });
});
