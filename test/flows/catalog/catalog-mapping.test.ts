import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogSettingsSchema } from "../../../src/config/settings-catalog.js";
import type { CatalogItem } from "../../../src/flows/catalog/catalog-item.js";
import { isOwnEcho } from "../../../src/flows/catalog/own-echo.js";
import { productContent, updatableContent } from "../../../src/flows/catalog/product-content.js";
import { plainTextAsHtml, sanitizeDescription } from "../../../src/flows/catalog/sanitize-description.js";
import { productSku, variationSku } from "../../../src/flows/catalog/sku-mapping.js";
import { availableQuantity, safetyBufferFor } from "../../../src/flows/inventory/available-stock.js";
import { stockFields, stockHash } from "../../../src/flows/inventory/stock-fields.js";
import { priceFields, priceHash } from "../../../src/flows/prices/price-fields.js";
import { RECORDED_DIR } from "../../contract/recordings.js";

const settings = catalogSettingsSchema.parse({});
const formula = settings.stock;

describe("SKU mapping", () => {
  it.each([
    [["M", "*", "*"], "-", "PBO-HOOD-M"],
    [["NAVY", "XL", "*"], "-", "PBO-HOOD-NAVY-XL"],
    [["NAVY", "*", "WIDE"], "|", "PBO-HOOD|NAVY|WIDE"],
  ])("cell %j with %s", (dims, sep, sku) => {
    expect(variationSku("PBO-HOOD", dims, sep)).toBe(sku);
  });
  it("keeps the item number as the product SKU, no suffix stripped", () => {
    expect(productSku("01-10251-PACKAGE")).toBe("01-10251-PACKAGE");
  });
});

describe("available stock", () => {
  const loc = (on: string, commit = "0", so = "0") => ({ QTY_ON_HND: on, QTY_COMMIT: commit, QTY_ON_SO: so });
  it.each([
    [[loc("10", "2", "1")], 0, 7],
    [[loc("10.9")], 0, 10], // fractions round down
    [[loc("-7000"), loc("5")], 0, 5], // a short location does not eat another's stock
    [[loc("3")], 5, 0], // buffer larger than stock: never negative
    [[loc("495", "480")], 0, 15],
    [[], 0, 0],
  ])("%j minus buffer %i is %i", (rows, buffer, expected) => {
    expect(availableQuantity(rows, formula, buffer)).toBe(expected);
  });
  it("follows a configured formula", () => {
    expect(
      availableQuantity(
        [{ QTY_ON_HND: "10", QTY_ON_PO: "4", QTY_COMMIT: "1" }],
        { add: ["QTY_ON_HND", "QTY_ON_PO"], subtract: ["QTY_COMMIT"] },
        0,
      ),
    ).toBe(13);
  });
  it("takes the buffer per item, then per category, then the default", () => {
    const b = { default: 1, byItem: { A: 4 }, byCategory: { APPAREL: 2 } };
    expect([
      safetyBufferFor(b, "A", "APPAREL"),
      safetyBufferFor(b, "B", "APPAREL"),
      safetyBufferFor(b, "C", null),
    ]).toEqual([4, 2, 1]);
  });
  it("always manages stock with whole quantities", () => {
    expect(stockFields(3, "no")).toEqual({ manage_stock: true, stock_quantity: 3, backorders: "no" });
    expect(() => stockFields(1.5, "no")).toThrow(/whole/);
  });
});

describe("prices", () => {
  it.each([
    ["41.7690", 2, "41.77"],
    ["54.0000", 2, "54.00"],
    ["1200.0000", 0, "1200"],
    ["0.0000", 2, ""],
    [null, 2, ""],
  ])("%s with %i decimals is %j", (price, decimals, expected) => {
    expect(priceFields(price, decimals).regular_price).toBe(expected);
  });
  it("hashes equal amounts equally however they are written", () => {
    expect(priceHash({ regular_price: "39.00" })).toBe(priceHash({ regular_price: "39" }));
    expect(priceHash({ regular_price: "39.00" })).not.toBe(priceHash({ regular_price: "39.01" }));
  });
});

describe("descriptions", () => {
  it("keeps allowed markup and drops scripts, handlers and script URLs", () => {
    const out = sanitizeDescription(
      '<h2 onclick="x()">Hoodie</h2><script>alert(1)</script><p style="color:red">Soft <a href="javascript:alert(1)">link</a> <a href="https://example.com">ok</a></p><iframe src="x"></iframe>',
    );
    expect(out).toBe('<h2>Hoodie</h2><p>Soft <a>link</a> <a href="https://example.com">ok</a></p>');
  });
  it("escapes plain text", () => {
    expect(plainTextAsHtml("SIZE<10 & UP")).toBe("SIZE&lt;10 &amp; UP");
  });
});

describe("product content", () => {
  const item: CatalogItem = {
    row: {
      itemNo: "PBO-TOTE",
      descr: "Canvas Beach Tote",
      longDescr: "Canvas Beach Tote by Pelican Bay",
      shortDescr: null,
      htmlDescr: "<p>Roomy.</p><script>x</script>",
      stat: "A",
      isEcomm: true,
      gridded: false,
      categCod: "ACCESSORY",
      weight: "1.2000",
      taxable: true,
      taxCategCod: "TXBL",
      imageFile: "pbo tote.jpg",
      url: null,
      dimTags: [null, null, null],
      prc1: "38.0000",
      regPrc: "38.0000",
      lstMaintDt: null,
    },
    sku: "PBO-TOTE",
    forSale: true,
    categoryIds: ["C1", "C9"],
    quantity: 9,
    price: "38.0000",
    grid: null,
  };
  it("maps name, descriptions, categories, images, weight and tax", () => {
    const s = catalogSettingsSchema.parse({
      imageUrlPattern: "https://cdn.example.com/img/{file}",
      taxClasses: { TXBL: "standard-ish" },
    });
    expect(productContent(item, new Map([["C1", 16]]), s)).toEqual({
      name: "Canvas Beach Tote",
      description: "<p>Roomy.</p>",
      short_description: "Canvas Beach Tote by Pelican Bay",
      categories: [{ id: 16 }],
      weight: "1.2",
      tax_status: "taxable",
      tax_class: "standard-ish",
      images: [{ src: "https://cdn.example.com/img/pbo%20tote.jpg", alt: "Canvas Beach Tote" }],
    });
  });
  it("leaves the merchant's fields alone on updates unless settings name them", () => {
    const content = productContent(item, new Map(), settings);
    expect(Object.keys(updatableContent(content, settings)).sort()).toEqual(["tax_class", "tax_status", "weight"]);
    const all = catalogSettingsSchema.parse({ updateFields: ["name", "description", "categories"] });
    expect(Object.keys(updatableContent(content, all)).sort()).toEqual(["categories", "description", "name"]);
  });
  it("names the item and field when the name is empty", () => {
    expect(() => productContent({ ...item, row: { ...item.row, descr: " " } }, new Map(), settings)).toThrow(
      /PBO-TOTE DESCR/,
    );
  });
});

describe("own echo", () => {
  const recorded = JSON.parse(readFileSync(join(RECORDED_DIR, "webhook_product_updated.json"), "utf8")) as {
    request: { body: string };
    trigger: { body: { regular_price: string; stock_quantity: number; manage_stock: boolean } };
  };
  const delivered = JSON.parse(recorded.request.body) as Record<string, unknown>;
  it("recognises the recorded product.updated caused by our own PUT", () => {
    const pushed = recorded.trigger.body;
    const last = {
      stock: stockHash(stockFields(pushed.stock_quantity, "no")),
      price: priceHash({ regular_price: pushed.regular_price }),
    };
    expect(isOwnEcho(delivered, last)).toBe(true);
    expect(isOwnEcho(delivered, { ...last, stock: stockHash(stockFields(pushed.stock_quantity + 1, "no")) })).toBe(
      false,
    );
    expect(isOwnEcho(delivered, {})).toBe(false);
  });
});
