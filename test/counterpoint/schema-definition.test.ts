import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { counterpointSchema, counterpointTable } from "../../src/counterpoint/schema/counterpoint-schema.js";
import { parseDefault, parseSqlType } from "../../src/counterpoint/schema/definition.js";
import { renderCatalogModule } from "../../src/counterpoint/schema/render-catalog.js";
import { renderDatabaseTypes } from "../../src/counterpoint/schema/render-database-types.js";
import { usedTables } from "../../src/counterpoint/schema/used-columns.js";

const schemaDir = new URL("../../src/counterpoint/schema/", import.meta.url);
const catalogJson = new URL("../../../shared/counterpoint/catalog.json", import.meta.url);

const column = (table: string, name: string) => {
  const c = counterpointTable(table).columns.find((x) => x.name === name);
  if (!c) throw new Error(`${table}.${name} missing`);
  return c;
};

describe("generated files", () => {
  it.skipIf(!existsSync(catalogJson))("catalog.generated.ts is what the script makes from catalog.json", () => {
    const expected = renderCatalogModule(JSON.parse(readFileSync(catalogJson, "utf8")));
    expect(readFileSync(new URL("catalog.generated.ts", schemaDir), "utf8")).toBe(expected);
  });

  it("database.generated.ts (the Kysely types) matches the definition", () => {
    expect(readFileSync(new URL("database.generated.ts", schemaDir), "utf8")).toBe(
      renderDatabaseTypes(counterpointSchema),
    );
  });
});

describe("the Counterpoint definition", () => {
  it("holds every table cpwoo reads or writes, each with a primary key", () => {
    const names = counterpointSchema.map((t) => t.name);
    for (const t of [
      "AR_CUST",
      "AR_SHIP_ADRS",
      "AR_CUST_NOTE",
      "AR_TAX_COD",
      "AR_TAX_COD_AUTH",
      "SY_TAX_AUTH",
      "SY_TAX_AUTH_RUL",
      "IM_ITEM",
      "IM_INV",
      "IM_INV_CELL",
      "IM_PRC",
      "IM_BARCOD",
      "IM_GRID_DIM_1",
      "IM_GRID_DIM_2",
      "IM_GRID_DIM_3",
      "IM_LOC",
      "IM_CATEG_COD",
      "IM_SUBCAT_COD",
      "EC_CATEG",
      "EC_CATEG_ITEM",
      "EC_ITEM_DESCR",
      "IM_PRC_GRP",
      "IM_PRC_RUL",
      "IM_PRC_RUL_BRK",
      "PS_STR",
      "PS_STA",
      "PS_STR_CFG_PS",
      "PS_DRW",
      "PS_DOC_HDR",
      "PS_DOC_LIN",
      "PS_DOC_LIN_CELL",
      "PS_DOC_LIN_PRICE",
      "PS_DOC_HDR_TOT",
      "PS_DOC_HDR_MISC_CHRG",
      "PS_DOC_TAX",
      "PS_DOC_PMT",
      "PS_DOC_NOTE",
      "PS_DOC_CONTACT",
      "PS_DOC_HDR_DOC_STAT",
      "PS_DOC_AUDIT_LOG",
      "PS_DOC_PKG_TRK_NO",
      "PS_TKT_HIST",
      "PS_TKT_HIST_LIN",
    ]) {
      expect(names).toContain(t);
    }
    for (const t of counterpointSchema) expect(t.primaryKey.length, t.name).toBeGreaterThan(0);
  });

  it("keeps the catalog's facts and the verified overrides", () => {
    expect(column("AR_CUST", "NAM")).toMatchObject({
      type: { kind: "varchar", length: 40 },
      notNull: true,
      default: null,
    });
    expect(column("AR_CUST", "SLS_REP")).toMatchObject({ notNull: true, default: null });
    expect(column("AR_CUST", "BAL_METH")).toMatchObject({ allowed: ["O"], default: { kind: "text", value: "O" } });
    expect(column("AR_CUST", "IS_ECOMM_CUST").allowed).toEqual(["Y", "N"]);
    expect(column("PS_DOC_HDR", "DOC_ID")).toMatchObject({ type: { kind: "bigint" }, notNull: true, default: null });
    expect(column("PS_DOC_HDR", "DOC_TYP")).toMatchObject({ notNull: true, default: { kind: "text", value: "T" } });
    expect(column("PS_DOC_HDR", "TKT_NO")).toMatchObject({ type: { kind: "varchar", length: 15 }, notNull: true });
    expect(column("PS_DOC_HDR", "SHIP_TO_CONTACT_ID").type.kind).toBe("tinyint");
    expect(column("PS_DOC_LIN", "DESCR").type).toEqual({ kind: "varchar", length: 250 });
    expect(column("PS_DOC_LIN", "EXT_PRC")).toMatchObject({
      type: { kind: "decimal", precision: 15, scale: 2 },
      notNull: true,
    });
    expect(column("PS_DOC_LIN", "PRC").type.kind).toBe("money");
    expect(column("PS_DOC_LIN", "QTY_SOLD").default).toEqual({ kind: "number", value: "1" });
    expect(column("PS_DOC_LIN", "SELL_UNIT").default).toEqual({ kind: "text", value: "0" });
    expect(column("PS_DOC_HDR_TOT", "TOT_WEIGHT")).toMatchObject({
      type: { kind: "money" },
      notNull: true,
      default: null,
    });
    expect(column("IM_INV", "QTY_AVAIL").computed?.tsql).toBe("([QTY_ON_HND]-[QTY_COMMIT])");
    expect(column("IM_INV", "QTY_AVAIL").type).toEqual({ kind: "decimal", precision: 16, scale: 4 });
    expect(column("PS_STR", "STR_NO")).toMatchObject({ type: { kind: "smallint" }, notNull: true });
    expect(column("PS_DOC_AUDIT_LOG", "CURR_SERV_NAM").default).toMatchObject({ kind: "server", tsql: "@@servername" });
    expect(column("PS_STR_CFG_PS", "AOF_CUST_FROM_LKUP_DLG").default).toEqual({ kind: "text", value: "Y" });
    expect(counterpointTable("PS_DOC_HDR_MISC_CHRG").foreignKeys).toContainEqual({
      columns: ["DOC_ID", "TOT_TYP"],
      references: "PS_DOC_HDR_TOT",
      referencedColumns: ["DOC_ID", "TOT_TYP"],
    });
  });

  it("names only defined columns in used-columns.ts", () => {
    for (const [table, use] of Object.entries(usedTables)) {
      const names = new Set(counterpointTable(table).columns.map((c) => c.name));
      for (const c of use.columns) expect(names.has(c), `${table}.${c}`).toBe(true);
    }
  });

  it("refuses tables outside the definition", () => {
    expect(() => counterpointTable("PO_VEND")).toThrow(/not in cpwoo's Counterpoint definition/);
  });
});

describe("catalog text parsing", () => {
  it.each([
    ["varchar(40)", { kind: "varchar", length: 40 }],
    ["decimal(15,4)", { kind: "decimal", precision: 15, scale: 4 }],
    ["numeric(12,1)", { kind: "decimal", precision: 12, scale: 1 }],
    ["money", { kind: "money" }],
    ["timestamp", { kind: "rowversion" }],
    ["uniqueidentifier", { kind: "uniqueidentifier" }],
  ])("type %s", (text, expected) => {
    expect(parseSqlType(text)).toEqual(expected);
  });

  it.each([
    ["('N')", { kind: "text", value: "N" }],
    ["('(DEFAULT)')", { kind: "text", value: "(DEFAULT)" }],
    ["((0))", { kind: "number", value: "0" }],
    ["((0.00))", { kind: "number", value: "0.00" }],
    ["(getutcdate())", { kind: "utcNow" }],
    ["(host_name())", { kind: "server", tsql: "host_name()", replica: "CPWOO-REPLICA" }],
  ])("default %s", (text, expected) => {
    expect(parseDefault(text)).toEqual(expected);
  });

  it("rejects what it does not know", () => {
    expect(() => parseSqlType("geography")).toThrow(/unknown SQL type/);
    expect(() => parseDefault("(newid())")).toThrow(/unknown default/);
  });
});
