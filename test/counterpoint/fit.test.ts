import { describe, expect, it } from "vitest";
import { columnWidths, widthOf } from "../../src/counterpoint/column-widths.js";
import { describeCut, fit } from "../../src/counterpoint/fit.js";

describe("column widths", () => {
  it.each([
    ["AR_CUST", "NAM", 40],
    ["AR_CUST", "CUST_NO", 15],
    ["AR_CUST", "EMAIL_ADRS_1", 50],
    ["AR_CUST", "FST_NAM", 15],
    ["AR_CUST", "LST_NAM", 25],
    ["AR_CUST", "CITY", 20],
    ["PS_DOC_HDR", "TKT_NO", 15],
    ["PS_DOC_HDR", "SHIP_VIA_COD", 10],
    ["PS_DOC_HDR", "CUST_PO_NO", 20],
    ["PS_DOC_LIN", "DESCR", 250], // newer build, wider than the catalog's 50
    ["PS_DOC_LIN", "ITEM_NO", 20],
    ["AR_SHIP_ADRS", "SHIP_ADRS_ID", 10],
  ] as const)("%s.%s is %i wide", (table, column, width) => {
    expect(columnWidths[table]?.[column]).toBe(width);
  });

  it("has no width for non-string columns", () => {
    expect(widthOf("AR_CUST", "NAM")).toBe(40);
    expect(widthOf("PS_DOC_LIN", "EXT_PRC")).toBeNull();
    expect(widthOf("IM_PRC_RUL", "ITEM_FILT")).toBeNull();
    expect(columnWidths.IM_INV?.QTY_AVAIL).toBeUndefined();
  });
});

describe("fit", () => {
  it("leaves a fitting value alone", () => {
    expect(fit("AR_CUST", "NAM", "Pelican Bay Outfitters")).toEqual({ value: "Pelican Bay Outfitters", cut: null });
    const exact = "x".repeat(40);
    expect(fit("AR_CUST", "NAM", exact)).toEqual({ value: exact, cut: null });
    expect(fit("AR_CUST", "NAM", "")).toEqual({ value: "", cut: null });
  });

  it("cuts to the column width and says what it cut", () => {
    const name = "The Very Long Name of a Customer Company, Incorporated";
    const r = fit("AR_CUST", "NAM", name);
    expect(r.value).toBe(name.slice(0, 40));
    expect(r.cut).toEqual({ table: "AR_CUST", column: "NAM", width: 40, original: name, removed: name.slice(40) });
    expect(describeCut(r.cut ?? fail())).toBe(`AR_CUST.NAM cut to 40 characters: dropped "${name.slice(40)}"`);
  });

  it("counts characters, not UTF-16 units, and never splits a surrogate pair", () => {
    const emoji = "🐟".repeat(10); // 10 code points, 20 UTF-16 units
    expect(fit("AR_CUST", "FST_NAM", emoji)).toEqual({ value: emoji, cut: null });
    const r = fit("AR_CUST", "FST_NAM", "🐟".repeat(16));
    expect([...r.value]).toHaveLength(15);
    expect(r.value).toBe("🐟".repeat(15));
    expect(r.cut?.removed).toBe("🐟");
  });

  it("passes values of unbounded columns through", () => {
    const long = "x".repeat(5000);
    expect(fit("EC_ITEM_DESCR", "HTML_DESCR", long)).toEqual({ value: long, cut: null });
  });
});

function fail(): never {
  throw new Error("expected a cut");
}
