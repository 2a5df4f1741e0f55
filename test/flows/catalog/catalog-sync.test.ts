import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cpDateTimeText } from "../../../src/counterpoint/datetime.js";
import { isOwnEcho, readLastPushed, syncCatalog, syncInventory, syncPrices } from "../../../src/flows/catalog/index.js";
import { findPushedHash, findWooId } from "../../../src/store/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type CatalogHarness, startCatalogHarness } from "./catalog-harness.js";

const ALL = ["product", "stock", "price"] as const;

/** A maintenance time after everything the demo store wrote. */
const later = (seconds = 0) => cpDateTimeText(new Date(Date.now() + seconds * 1000));

describe.each(testEngines)("catalog sync on %s", (engine) => {
  let h: CatalogHarness;
  beforeEach(async () => {
    h = await startCatalogHarness(engine);
  }, 60_000);
  afterEach(async () => {
    await h?.dispose();
  });

  async function webBySku(sku: string) {
    const [found] = await h.ports.woo.products.bySku(sku);
    if (!found) throw new Error(`${sku} is not on the web`);
    return found;
  }

  /** On hand − committed − on sales orders at location 01, as the database itself adds it up. */
  async function cellAvailable(itemNo: string, dim1: string): Promise<number> {
    const row = await h.cp
      .selectFrom("IM_INV_CELL")
      .select(["QTY_ON_HND", "QTY_COMMIT", "QTY_ON_SO"])
      .where("ITEM_NO", "=", itemNo)
      .where("LOC_ID", "=", "01")
      .where("DIM_1_UPR", "=", dim1)
      .executeTakeFirstOrThrow();
    return Math.max(0, Math.floor(Number(row.QTY_ON_HND) - Number(row.QTY_COMMIT) - Number(row.QTY_ON_SO)));
  }

  it("creates e-commerce items, adopts the recorded products by SKU, and a re-run writes nothing", async () => {
    const first = await syncCatalog(h.ports, { parts: [...ALL] });
    expect(first.itemsRead).toBe(40);
    expect(first.failed).toEqual([]);
    expect(first.created).toBeGreaterThan(0);
    // The recorded store's products are matched by SKU and id-mapped, not created again.
    expect(await findWooId(h.ports.state, "test-store", "product", "PBO-TOTE")).toBe(14);
    expect(await findWooId(h.ports.state, "test-store", "variation", "PBO-HOOD-L")).toBe(18);
    const hoodL = await webBySku("PBO-HOOD-L");
    expect(hoodL.regular_price).toBe("58.00"); // the cell's own IM_PRC row
    expect(hoodL.stock_quantity).toBe(await cellAvailable("PBO-HOOD", "L"));
    expect((await webBySku("PBO-HOOD-M")).regular_price).toBe("54.00"); // the item price

    // Every active e-commerce item is on the web, nothing else; batches only.
    const ecomm = await h.cp
      .selectFrom("IM_ITEM")
      .select(["ITEM_NO", "TRK_METH"])
      .where("IS_ECOMM_ITEM", "=", "Y")
      .where("STAT", "=", "A")
      .execute();
    const web = await h.ports.woo.products.list({ status: "any" });
    expect(new Set(web.map((p) => p.sku))).toEqual(new Set(ecomm.map((r) => r.ITEM_NO)));
    expect(h.writes().every((w) => w.path.endsWith("/batch") || w.path === "/products/categories")).toBe(true);

    // A grid item becomes a variable product with one variation per cell, SKU ITEM-D1[-D2].
    const grid = ecomm.find((r) => r.TRK_METH === "G" && !r.ITEM_NO.startsWith("PBO"));
    if (grid) {
      const parent = await webBySku(grid.ITEM_NO);
      expect(parent.type).toBe("variable");
      const cells = await h.cp
        .selectFrom("IM_INV_CELL")
        .select(["DIM_1_UPR", "DIM_2_UPR"])
        .where("ITEM_NO", "=", grid.ITEM_NO)
        .where("LOC_ID", "=", "01")
        .execute();
      const variations = await h.ports.woo.variations.list(parent.id);
      expect(variations.map((v) => v.sku).sort()).toEqual(
        cells.map((c) => [grid.ITEM_NO, c.DIM_1_UPR, c.DIM_2_UPR].filter((d) => d !== "*").join("-")).sort(),
      );
      expect(variations.every((v) => v.manage_stock === true && Number.isInteger(v.stock_quantity))).toBe(true);
    }

    const writesBefore = h.writes().length;
    const second = await syncCatalog(h.ports, { parts: [...ALL] });
    expect(second.created + second.updated + second.retired).toBe(0);
    // Only what was maintained within the cursor's overlap window is read again.
    expect(second.itemsRead).toBeLessThan(first.itemsRead / 4);
    expect((await syncCatalog(h.ports, { parts: [...ALL], skus: ["PBO-TOTE", "PBO-HOOD"] })).unchanged).toBe(5);
    expect((await syncInventory(h.ports)).updated).toBe(0);
    expect((await syncPrices(h.ports)).updated).toBe(0);
    expect(h.writes().length).toBe(writesBefore);
  });

  it("sends only changed stock and prices, in one batch per endpoint, and recognises its own echo", async () => {
    const first = await syncCatalog(h.ports, { parts: [...ALL] });
    await h.cp
      .updateTable("IM_INV")
      .set({ QTY_ON_HND: "77", QTY_COMMIT: "2", QTY_ON_SO: "1", LST_MAINT_DT: later() })
      .where("ITEM_NO", "=", "PBO-TOTE")
      .where("LOC_ID", "=", "01")
      .execute();
    await h.cp
      .updateTable("IM_INV_CELL")
      .set({ QTY_ON_HND: "31", LST_MAINT_DT: later() })
      .where("ITEM_NO", "=", "PBO-HOOD")
      .where("LOC_ID", "=", "01")
      .where("DIM_1_UPR", "=", "S")
      .execute();
    // Another location's stock is not counted (settings.counterpoint.stockLocations = ["01"]).
    await h.cp
      .updateTable("IM_INV")
      .set({ QTY_ON_HND: "500", LST_MAINT_DT: later() })
      .where("ITEM_NO", "=", "PBO-BTL-32")
      .where("LOC_ID", "=", "02")
      .execute();
    h.sent.length = 0;
    const inv = await syncInventory(h.ports);
    expect(inv.failed).toEqual([]);
    expect(inv.updated).toBe(2);
    // The first inventory run resumes from the catalog run's cursor instead of reading every item.
    expect(inv.itemsRead).toBeLessThan(first.itemsRead / 4);
    expect(
      h
        .writes()
        .map((w) => w.path)
        .sort(),
    ).toEqual(["/products/15/variations/batch", "/products/batch"]);
    expect(h.writes().find((w) => w.path === "/products/batch")?.body).toEqual({
      update: [{ id: 14, manage_stock: true, stock_quantity: 74, backorders: "no" }],
    });
    const tote = await webBySku("PBO-TOTE");
    expect(tote.stock_quantity).toBe(74);

    const last = await readLastPushed(h.ports.state, "test-store", "PBO-TOTE");
    expect(last.stock).toBe((await findPushedHash(h.ports.state, "test-store", "stock", "PBO-TOTE"))?.hash);
    expect(isOwnEcho(tote, last)).toBe(true);
    expect(isOwnEcho({ ...tote, stock_quantity: 73 }, last)).toBe(false); // e.g. a web order took one
    expect(isOwnEcho({ ...tote, regular_price: "1.00" }, last)).toBe(false);
    expect(isOwnEcho(tote, {})).toBe(false);

    await h.cp
      .updateTable("IM_PRC")
      .set({ PRC_1: "41.5000", LST_MAINT_DT: later() })
      .where("ITEM_NO", "=", "PBO-TOTE")
      .execute();
    h.sent.length = 0;
    const prices = await syncPrices(h.ports);
    expect(prices.updated).toBe(1);
    expect(h.writes().map((w) => w.body)).toEqual([{ update: [{ id: 14, regular_price: "41.50" }] }]);
  });

  it("applies the safety buffer and never sends a negative quantity; retires items no longer for sale", async () => {
    await h.dispose();
    h = await startCatalogHarness(engine, {
      stock: { safetyBuffer: { byItem: { "PBO-TOTE": 5 }, byCategory: {}, default: 0 } },
    });
    await h.cp
      .updateTable("IM_INV")
      .set({ QTY_ON_HND: "7" })
      .where("ITEM_NO", "=", "PBO-TOTE")
      .where("LOC_ID", "=", "01")
      .execute();
    await h.cp
      .updateTable("IM_INV")
      .set({ QTY_ON_HND: "-12" })
      .where("ITEM_NO", "=", "PBO-BTL-32")
      .where("LOC_ID", "=", "01")
      .execute();
    const report = await syncCatalog(h.ports, { parts: [...ALL] });
    expect(report.failed).toEqual([]);
    const commit = await h.cp
      .selectFrom("IM_INV")
      .select(["QTY_COMMIT", "QTY_ON_SO"])
      .where("ITEM_NO", "=", "PBO-TOTE")
      .where("LOC_ID", "=", "01")
      .executeTakeFirstOrThrow();
    expect((await webBySku("PBO-TOTE")).stock_quantity).toBe(
      Math.max(0, 7 - Number(commit.QTY_COMMIT) - Number(commit.QTY_ON_SO) - 5),
    );
    const bottle = await webBySku("PBO-BTL-32");
    expect(bottle.stock_quantity).toBe(0);
    expect(bottle.stock_status).toBe("outofstock");

    await h.cp
      .updateTable("IM_ITEM")
      .set({ STAT: "D", LST_MAINT_DT: later() })
      .where("ITEM_NO", "in", ["PBO-SUN-50", "PBO-HOOD"])
      .execute();
    const retire = await syncCatalog(h.ports, { parts: [...ALL] });
    expect(retire.retired).toBe(1 + 3); // the simple product, and each of the hoodie's three variations
    const sun = await webBySku("PBO-SUN-50");
    expect([sun.stock_quantity, sun.stock_status, sun.status]).toEqual([0, "outofstock", "publish"]);
    expect((await webBySku("PBO-HOOD-M")).stock_quantity).toBe(0);
    expect((await syncCatalog(h.ports, { parts: [...ALL], full: false })).retired).toBe(0);
  });

  it("a dry run reads and plans but writes nothing, on the web or in the state", async () => {
    const dry = await syncCatalog(h.ports, { parts: [...ALL], dryRun: true });
    expect(dry.created).toBeGreaterThan(0);
    expect(h.writes()).toEqual([]);
    expect(await findWooId(h.ports.state, "test-store", "product", "PBO-TOTE")).toBeUndefined();
    const real = await syncCatalog(h.ports, { parts: [...ALL] });
    expect(real.created).toBe(dry.created);
  });

  it("reports SKUs found on one side only and never guesses", async () => {
    await syncCatalog(h.ports, { parts: [...ALL] });
    // A product the merchant made on the web, and a mapped product deleted on the web.
    await h.ports.woo.products.create({ name: "Gift card", sku: "01-10251-PACKAGE", type: "simple" });
    await h.ports.woo.products.batch({ delete: [12] });
    await h.cp
      .updateTable("IM_INV")
      .set({ QTY_ON_HND: "3", LST_MAINT_DT: later() })
      .where("ITEM_NO", "in", ["PBO-BTL-32", "PBO-TOTE"])
      .where("LOC_ID", "=", "01")
      .execute();
    const inv = await syncInventory(h.ports);
    expect(inv.updated).toBe(1); // the tote; the bottle is reported
    expect(inv.missing).toEqual([expect.objectContaining({ sku: "PBO-BTL-32", side: "web" })]);
    expect(inv.failed.map((f) => f.sku)).toEqual(["PBO-BTL-32"]);
    expect(await findWooId(h.ports.state, "test-store", "product", "PBO-BTL-32")).toBeUndefined();

    const full = await syncCatalog(h.ports, { parts: [...ALL], full: true });
    expect(full.missing).toContainEqual(expect.objectContaining({ sku: "01-10251-PACKAGE", side: "counterpoint" }));
    // The deleted product is created again by the catalog sync (its item is still for sale), never matched by guessing.
    expect((await webBySku("PBO-BTL-32")).id).not.toBe(12);
    expect((await h.ports.woo.products.bySku("01-10251")).length).toBe(0);
  });

  it("retries a failed batch item on its own, and reads a batch back after a proxy error instead of repeating it", async () => {
    await syncCatalog(h.ports, { parts: [...ALL] });
    await h.cp
      .updateTable("IM_INV")
      .set({ QTY_ON_HND: "66", LST_MAINT_DT: later() })
      .where("ITEM_NO", "in", ["PBO-TOTE", "PBO-TEE-PELICAN"])
      .where("LOC_ID", "=", "01")
      .execute();
    // The store answers 200, but reports the first item failed with a 500.
    h.intercept.current = async (req, forward) => {
      const res = await forward();
      if (req.path !== "/products/batch") return res;
      h.intercept.current = null;
      const body = (await res.json()) as { update: Array<Record<string, unknown>> };
      const first = body.update[0] as { id: number };
      body.update[0] = {
        id: first.id,
        error: { code: "internal_error", message: "database went away", data: { status: 500 } },
      };
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    };
    h.sent.length = 0;
    const inv = await syncInventory(h.ports);
    expect(inv.failed).toEqual([]);
    expect(inv.updated).toBe(2);
    expect(h.writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /products/batch", "PUT /products/11"]);

    // A proxy 502 after the store applied the batch: read back by SKU, nothing sent twice.
    await h.cp
      .updateTable("IM_INV")
      .set({ QTY_ON_HND: "55", LST_MAINT_DT: later(5) })
      .where("ITEM_NO", "in", ["PBO-TOTE", "PBO-TEE-PELICAN"])
      .where("LOC_ID", "=", "01")
      .execute();
    h.intercept.current = async (req, forward) => {
      const res = await forward();
      if (req.path !== "/products/batch") return res;
      h.intercept.current = null;
      return new Response("<html>Bad Gateway</html>", { status: 502, headers: { "content-type": "text/html" } });
    };
    h.sent.length = 0;
    const again = await syncInventory(h.ports);
    expect(again.failed).toEqual([]);
    expect(again.updated).toBe(2);
    expect(h.sent.map((w) => `${w.method} ${w.path}`)).toEqual(["POST /products/batch", "GET /products"]);
  });

  it("a proxy error on a batch of creates adopts what the store made instead of creating duplicates", async () => {
    h.intercept.current = async (req, forward) => {
      const res = await forward();
      if (req.path !== "/products/batch") return res;
      h.intercept.current = null;
      return new Response("", { status: 504 });
    };
    const report = await syncCatalog(h.ports, { parts: [...ALL] });
    expect(report.failed).toEqual([]);
    const web = await h.ports.woo.products.list({ status: "any" });
    expect(new Set(web.map((p) => p.sku)).size).toBe(web.length);
    expect(h.writes().filter((w) => w.method === "POST" && w.path === "/products")).toEqual([]);
  });
});
