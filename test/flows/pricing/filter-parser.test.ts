import { describe, expect, it } from "vitest";
import { filterMatches } from "../../../src/flows/pricing/filter-eval.js";
import { FilterSyntaxError, filterColumns, parseFilter } from "../../../src/flows/pricing/filter-parser.js";
import { money } from "../../../src/money/index.js";

const customer = {
  CUST_NO: "2221",
  PROF_COD_1: "TIER1",
  CATEG_COD: "WHOLESALE",
  ZIP_COD: null,
  CR_LIM: money("5000.00"),
};
const item = {
  ITEM_NO: "PBO-BTL-32",
  PROF_COD_1: "PC S CS",
  CATEG_COD: "DRINKWARE",
  DESCR: "Pelican Bay bottle, 32 oz",
  PRC_1: money("29.5000"),
  GRID_ENT_1: 2,
  STAT: "A",
};
const matches = (text: string) => filterMatches(parseFilter(text), { AR_CUST: customer, IM_ITEM: item }, "IM_ITEM");

describe("filter grammar: operators", () => {
  it.each([
    ["(IM_ITEM.PROF_COD_1 = 'PC S CS')", true],
    ["(IM_ITEM.PROF_COD_1 = 'pc s cs')", true], // case-insensitive, as SQL Server's default collation
    ["(IM_ITEM.PROF_COD_1 = 'PC S CS   ')", true], // trailing spaces ignored by =
    ["(IM_ITEM.PROF_COD_1 = ' PC S CS')", false], // leading spaces are not
    ["(IM_ITEM.PROF_COD_1 = 'PC S')", false],
    ["(IM_ITEM.PROF_COD_1 <> 'PC S')", true],
    ["(IM_ITEM.PROF_COD_1 != 'PC S CS')", false],
    ["(IM_ITEM.PRC_1 < 30)", true],
    ["(IM_ITEM.PRC_1 < 29.5)", false],
    ["(IM_ITEM.PRC_1 <= 29.5)", true],
    ["(IM_ITEM.PRC_1 > 29.4999)", true],
    ["(IM_ITEM.PRC_1 >= 29.50)", true],
    ["(IM_ITEM.PRC_1 > 29.5)", false],
    ["(IM_ITEM.GRID_ENT_1 = 2)", true],
    ["(IM_ITEM.PRC_1 = '29.5')", true], // text against a decimal converts, as in SQL Server
    ["(IM_ITEM.CATEG_COD >= 'DRINK')", true],
    ["(IM_ITEM.CATEG_COD < 'APPAREL')", false],
    ["(IM_ITEM.DESCR LIKE 'pelican%')", true],
    ["(IM_ITEM.DESCR LIKE '%32 oz')", true],
    ["(IM_ITEM.DESCR LIKE '%33 oz')", false],
    ["(IM_ITEM.ITEM_NO LIKE 'PBO-BTL-3_')", true],
    ["(IM_ITEM.ITEM_NO LIKE 'PBO-BTL-_')", false],
    ["(IM_ITEM.ITEM_NO LIKE 'PBO-[AB]TL%')", true],
    ["(IM_ITEM.ITEM_NO LIKE 'PBO.BTL%')", false], // a dot is literal, not a regex wildcard
    ["(IM_ITEM.ITEM_NO NOT LIKE 'PBO%')", false],
    ["(IM_ITEM.CATEG_COD IN ('APPAREL', 'drinkware'))", true],
    ["(IM_ITEM.CATEG_COD IN ('APPAREL'))", false],
    ["(IM_ITEM.CATEG_COD NOT IN ('APPAREL', 'FISHING'))", true],
    ["(IM_ITEM.PRC_1 BETWEEN 20 AND 30)", true],
    ["(IM_ITEM.PRC_1 BETWEEN 29.5 AND 29.5)", true],
    ["(IM_ITEM.PRC_1 NOT BETWEEN 20 AND 30)", false],
    ["(IM_ITEM.CATEG_COD BETWEEN 'A' AND 'E')", true],
    ["(AR_CUST.ZIP_COD IS NULL)", true],
    ["(AR_CUST.ZIP_COD IS NOT NULL)", false],
    ["(AR_CUST.PROF_COD_1 IS NOT NULL)", true],
    ["(AR_CUST.ZIP_COD = '33139')", false], // NULL compares unknown
    ["(NOT (AR_CUST.ZIP_COD = '33139'))", false], // NOT unknown is unknown
    ["(AR_CUST.CATEG_COD = 'WHOLESALE') AND (IM_ITEM.PROF_COD_1 = 'PC S CS')", true],
    ["(AR_CUST.CATEG_COD = 'RETAIL') AND (IM_ITEM.PROF_COD_1 = 'PC S CS')", false],
    ["(AR_CUST.CATEG_COD = 'RETAIL') OR (IM_ITEM.PROF_COD_1 = 'PC S CS')", true],
    ["(AR_CUST.ZIP_COD = '1') OR (IM_ITEM.STAT = 'A')", true], // unknown OR true is true
    ["NOT (IM_ITEM.STAT = 'D')", true],
    ["(IM_ITEM.STAT = 'D') OR (IM_ITEM.STAT = 'A') AND (IM_ITEM.CATEG_COD = 'X')", false], // AND binds tighter
    ["((IM_ITEM.STAT = 'D') OR (IM_ITEM.STAT = 'A')) AND (IM_ITEM.CATEG_COD = 'drinkware')", true],
    ["( (1=1) )", true],
    ["(1=0)", false],
    ["(AR_CUST.CR_LIM >= 5000)", true],
    ["PROF_COD_1 = 'PC S CS'", true], // unqualified: the filter's own table
    ["(IM_ITEM.DESCR = 'Pelican Bay bottle, 32 oz')", true],
    ["(IM_ITEM.PRC_1 > -1)", true],
  ])("%s → %s", (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it("reads '' as an escaped quote inside a string", () => {
    const node = parseFilter("(IM_ITEM.DESCR = 'Woody''s bag')");
    expect(filterMatches(node, { IM_ITEM: { DESCR: "WOODY'S BAG" } }, "IM_ITEM")).toBe(true);
    expect(filterMatches(node, { IM_ITEM: { DESCR: "Woodys bag" } }, "IM_ITEM")).toBe(false);
  });

  it("NULL and empty filters mean all", () => {
    expect(parseFilter(null)).toEqual({ kind: "true" });
    expect(parseFilter("  ")).toEqual({ kind: "true" });
  });

  it("lists the columns a filter reads, per table", () => {
    const cols = filterColumns(parseFilter("(AR_CUST.CATEG_COD = 'X') and (PROF_COD_1 in ('A', 'B'))"), "IM_ITEM");
    expect([...(cols.get("AR_CUST") ?? [])]).toEqual(["CATEG_COD"]);
    expect([...(cols.get("IM_ITEM") ?? [])]).toEqual(["PROF_COD_1"]);
  });

  it.each([
    ["(IM_ITEM.PROF_COD_1 = 'PC S CS'", /expected "\)"/],
    ["(IM_ITEM.PROF_COD_1 = 'PC S CS)", /unterminated string/],
    ["(VI_PS_TKT_HIST.STR_ID = '1')", /table VI_PS_TKT_HIST is not available/],
    ["(IM_ITEM.PROF_COD_1 == 'X')", /expected a value/],
    ["(dbo.fn_Evil() = 1)", /table dbo is not available/],
    ["(IM_ITEM.PROF_COD_1 = 'X'); DROP TABLE IM_ITEM", /unexpected character ";"/],
    ["NCR TYPE is (exactly) PC S CS", /expected a comparison/],
    ["(IM_ITEM.PRC_1 BETWEEN 1)", /expected AND/],
    ["(IM_ITEM.CATEG_COD IN ())", /expected a value/],
  ])("refuses %s", (text, message) => {
    expect(() => parseFilter(text)).toThrow(FilterSyntaxError);
    expect(() => parseFilter(text)).toThrow(message);
  });
});
