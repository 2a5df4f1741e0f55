import { col } from "./column-builder.js";
import type { ColumnDef, ComputedColumn, ForeignKeyDef } from "./definition.js";

// Hand-applied corrections on top of catalog.generated.ts (GOLF_WAREHOUSE, CP 8.4/8.5). Each says where it comes from.

/** Widths verified wider in a newer build (SCHEMA.md wins over the catalog where it verified a length). */
export const widthOverrides: Readonly<Record<string, { length: number; note: string }>> = {
  "PS_DOC_LIN.DESCR": { length: 250, note: "varchar(250) verified in WP's build (50 in G)" },
  "IM_ITEM.DESCR": {
    length: 250,
    note: "G: varchar(30); WP saw 61-character item descriptions, exact newer width [U] (250 = PS_DOC_LIN.DESCR it is copied to)",
  },
  "IM_ITEM.DESCR_UPR": { length: 250, note: "upper-case copy of DESCR, widened with it [U]" },
};

/** Columns the catalog copy lost. */
export const addedColumns: Readonly<Record<string, { after: string; column: ColumnDef }>> = {
  PS_STR: {
    after: "RS_UTC_DT",
    column: col("STR_NO", "smallint", {
      notNull: true,
      udt: "T_SMALLINT",
      note: "ordinal 30, missing from G's catalog copy; used by fnGenDocId [G, GD, API]",
    }),
  },
};

const yesNo = ["Y", "N"] as const;

/**
 * Check constraints: SCHEMA.md §1.1 and §8 (constraint errors WP met in CPPractice) and documented code sets.
 * AR_CUST's T_BOOL columns are all Y/N (every T_BOOL default in the catalog is Y or N, and WP met "must be Y/N").
 */
export const allowedValues: Readonly<Record<string, readonly string[]>> = {
  "AR_CUST.CUST_TYP": ["C", "A"],
  "AR_CUST.CUST_NAM_TYP": ["B", "P"],
  "AR_CUST.PROMPT_NAM_ADRS": ["S", "N", "Y"],
  "AR_CUST.BAL_METH": ["O"],
  "AR_CUST.LST_AGE_METH": ["D", "I", "!"],
  "AR_CUST.LST_STMNT_METH": ["D", "I", "!"],
  "IM_ITEM.STAT": ["A", "V", "D"],
  "IM_ITEM.IS_ECOMM_ITEM": yesNo,
};

/** Tables whose T_BOOL columns get a Y/N check. */
export const yesNoCheckedTables: readonly string[] = ["AR_CUST"];

/** Primary keys (SCHEMA_FULL §0 from G's clustered indexes; [U] where marked). */
export const primaryKeys: Readonly<Record<string, readonly string[]>> = {
  AR_CUST: ["CUST_NO"],
  AR_SHIP_ADRS: ["CUST_NO", "SHIP_ADRS_ID"],
  AR_TAX_COD: ["TAX_COD"],
  AR_TAX_COD_AUTH: ["TAX_COD", "SEQ_NO"],
  SY_TAX_AUTH: ["AUTH_COD"],
  SY_TAX_AUTH_RUL: ["AUTH_COD", "RUL_COD", "RUL_SEQ_NO"], // [U exact key]
  IM_ITEM: ["ITEM_NO"],
  IM_INV: ["ITEM_NO", "LOC_ID"],
  IM_INV_CELL: ["ITEM_NO", "LOC_ID", "DIM_1_UPR", "DIM_2_UPR", "DIM_3_UPR"],
  IM_PRC: ["ITEM_NO", "LOC_ID", "DIM_1_UPR", "DIM_2_UPR", "DIM_3_UPR"],
  IM_BARCOD: ["ITEM_NO", "SEQ_NO"],
  IM_GRID_DIM_1: ["ITEM_NO", "DIM_1_UPR"],
  IM_GRID_DIM_2: ["ITEM_NO", "DIM_2_UPR"],
  IM_GRID_DIM_3: ["ITEM_NO", "DIM_3_UPR"],
  IM_LOC: ["LOC_ID"],
  IM_CATEG_COD: ["CATEG_COD"],
  IM_SUBCAT_COD: ["SUBCAT_COD", "CATEG_COD"],
  PS_STR: ["STR_ID"],
  PS_STA: ["STR_ID", "STA_ID"],
  PS_STR_CFG_PS: ["STR_ID"],
  PS_DRW: ["STR_ID", "DRW_ID"],
  PS_DOC_HDR: ["DOC_ID"],
  PS_DOC_LIN: ["DOC_ID", "LIN_SEQ_NO"],
  PS_DOC_LIN_CELL: ["DOC_ID", "LIN_SEQ_NO", "DIM_1_UPR", "DIM_2_UPR", "DIM_3_UPR"], // [U]
  PS_DOC_LIN_PRICE: ["DOC_ID", "LIN_SEQ_NO", "PRC_SEQ_NO"], // [U]
  PS_DOC_HDR_TOT: ["DOC_ID", "TOT_TYP"],
  PS_DOC_HDR_MISC_CHRG: ["DOC_ID", "TOT_TYP", "MISC_CHRG_NO"],
  PS_DOC_TAX: ["DOC_ID", "AUTH_COD", "RUL_COD", "TAX_DOC_PART"],
  PS_DOC_PMT: ["DOC_ID", "PMT_SEQ_NO"],
  PS_DOC_CONTACT: ["DOC_ID", "CONTACT_ID"],
  PS_DOC_HDR_DOC_STAT: ["DOC_ID"],
  PS_DOC_AUDIT_LOG: ["DOC_ID", "LOG_SEQ_NO"],
};

const fk = (columns: string[], references: string, referencedColumns: string[] = columns): ForeignKeyDef => ({
  columns,
  references,
  referencedColumns,
});
const docHdr = fk(["DOC_ID"], "PS_DOC_HDR");

/** Foreign keys present in G (constraint names), limited to the tables in the definition. */
export const foreignKeys: Readonly<Record<string, readonly ForeignKeyDef[]>> = {
  PS_DOC_LIN: [docHdr],
  PS_DOC_PMT: [docHdr],
  PS_DOC_TAX: [docHdr],
  PS_DOC_CONTACT: [docHdr],
  PS_DOC_AUDIT_LOG: [docHdr],
  PS_DOC_HDR_TOT: [docHdr],
  PS_DOC_HDR_DOC_STAT: [docHdr],
  // A misc-charge row needs a totals row of the same TOT_TYP.
  PS_DOC_HDR_MISC_CHRG: [fk(["DOC_ID", "TOT_TYP"], "PS_DOC_HDR_TOT")],
  PS_DOC_LIN_CELL: [fk(["DOC_ID", "LIN_SEQ_NO"], "PS_DOC_LIN")],
  PS_DOC_LIN_PRICE: [fk(["DOC_ID", "LIN_SEQ_NO"], "PS_DOC_LIN")],
  PS_DOC_HDR: [fk(["STR_ID", "STA_ID"], "PS_STA")],
  PS_STA: [fk(["STR_ID"], "PS_STR")],
  PS_DRW: [fk(["STR_ID"], "PS_STR")],
  PS_STR_CFG_PS: [fk(["STR_ID"], "PS_STR")], // [U] not in G's list; a store's configuration row
  IM_INV: [fk(["ITEM_NO"], "IM_ITEM"), fk(["LOC_ID"], "IM_LOC")],
  IM_INV_CELL: [
    fk(["ITEM_NO", "LOC_ID"], "IM_INV"),
    fk(["ITEM_NO", "DIM_1_UPR"], "IM_GRID_DIM_1"),
    fk(["ITEM_NO", "DIM_2_UPR"], "IM_GRID_DIM_2"),
    fk(["ITEM_NO", "DIM_3_UPR"], "IM_GRID_DIM_3"),
  ],
  IM_PRC: [fk(["ITEM_NO"], "IM_ITEM")],
  IM_BARCOD: [fk(["ITEM_NO"], "IM_ITEM")],
  IM_GRID_DIM_1: [fk(["ITEM_NO"], "IM_ITEM")],
  IM_GRID_DIM_2: [fk(["ITEM_NO"], "IM_ITEM")],
  IM_GRID_DIM_3: [fk(["ITEM_NO"], "IM_ITEM")],
  IM_LOC: [fk(["DFLT_PO_TAX_COD"], "AR_TAX_COD", ["TAX_COD"])], // [U which IM_LOC column G's FK uses]
  AR_CUST: [fk(["STR_ID"], "PS_STR")],
  AR_SHIP_ADRS: [fk(["CUST_NO"], "AR_CUST")],
  AR_TAX_COD_AUTH: [fk(["TAX_COD"], "AR_TAX_COD")],
  SY_TAX_AUTH_RUL: [fk(["AUTH_COD"], "SY_TAX_AUTH")],
};

// ---- computed columns: the T-SQL formula comes from the catalog; these are the replica's equivalents ----

const q = (column: string) => `"${column}"`;
/** SQLite keeps decimals as binary floats: round differences back to the column's scale. */
const sqliteRound = (expr: string, scale: number) => `round(${expr}, ${scale})`;

function stockStatus(qty: string): string {
  return (
    `CASE WHEN ${qty} <= 0 THEN 'O' WHEN "MIN_QTY" = 0 AND "MAX_QTY" = 0 THEN '?' ` +
    `WHEN ${qty} < "MIN_QTY" THEN 'B' WHEN ${qty} >= "MIN_QTY" AND ${qty} <= "MAX_QTY" THEN 'K' ` +
    `WHEN ${qty} > "MAX_QTY" THEN 'A' END`
  );
}

const avail = `${q("QTY_ON_HND")} - ${q("QTY_COMMIT")}`;
const net = `((${avail}) + ${q("QTY_ON_PO")}) - ${q("QTY_ON_BO")}`;
const netStat = `((${avail}) - ${q("QTY_ON_BO")}) + ${q("QTY_ON_PO")}`;

function inventoryComputed(): Record<string, Omit<ComputedColumn, "tsql">> {
  return {
    QTY_AVAIL: { postgres: avail, sqlite: sqliteRound(avail, 4) },
    NET_QTY: { postgres: net, sqlite: sqliteRound(net, 4) },
    STK_STAT_PER_QTY_ON_HND: { postgres: stockStatus(q("QTY_ON_HND")), sqlite: stockStatus(q("QTY_ON_HND")) },
    STK_STAT_PER_QTY_AVAIL: {
      postgres: stockStatus(`(${avail})`),
      sqlite: stockStatus(sqliteRound(avail, 4)),
    },
    STK_STAT_PER_NET_QTY: {
      postgres: stockStatus(`(${netStat})`),
      sqlite: stockStatus(sqliteRound(netStat, 4)),
    },
  };
}

function lastFirstName(typeColumn: string): string {
  return (
    `CASE ${q(typeColumn)} WHEN 'P' THEN CASE WHEN "LST_NAM" IS NULL THEN COALESCE("FST_NAM", '') ` +
    `ELSE (COALESCE("LST_NAM", '') || ', ') || COALESCE("FST_NAM", '') END WHEN 'B' THEN "NAM" END`
  );
}

function prefUnit(base: string, alt: string, unitIsOne = false): string {
  const first = unitIsOne ? "1.0" : q(base);
  const alts = [1, 2, 3, 4, 5].map((n) => `WHEN '${n}' THEN ${q(`ALT_${n}_${alt}`)}`).join(" ");
  return `CASE "PREF_UNIT" WHEN '0' THEN ${first} ${alts} END`;
}

const same = (expr: string) => ({ postgres: expr, sqlite: expr });
const dimList = (sep: string) =>
  `("GRID_DIM_1_TAG" || COALESCE('${sep}' || "GRID_DIM_2_TAG", '')) || COALESCE('${sep}' || "GRID_DIM_3_TAG", '')`;

/**
 * Replica formulas of computed columns, by `TABLE.COLUMN`. A computed column missing here is created on the replica
 * as a generated column that is always NULL (still not writable), and marked [U].
 */
export const computedFormulas: Readonly<Record<string, Omit<ComputedColumn, "tsql">>> = {
  "AR_CUST.CUST_FST_LST_NAM": same(lastFirstName("CUST_NAM_TYP")),
  "AR_SHIP_ADRS.SHIP_FST_LST_NAM": same(lastFirstName("SHIP_NAM_TYP")),
  ...Object.fromEntries(Object.entries(inventoryComputed()).map(([c, f]) => [`IM_INV.${c}`, f])),
  ...Object.fromEntries(Object.entries(inventoryComputed()).map(([c, f]) => [`IM_INV_CELL.${c}`, f])),
  "IM_INV.AVG_COST": {
    postgres:
      `CASE WHEN "QTY_ON_HND" > 0 AND "GL_VAL" >= 0 THEN CAST("GL_VAL" / "QTY_ON_HND" AS numeric(15,4)) ` +
      `ELSE CASE WHEN "LST_AVG_COST" > 0 THEN "LST_AVG_COST" ELSE "LST_COST" END END`,
    sqlite:
      `CASE WHEN "QTY_ON_HND" > 0 AND "GL_VAL" >= 0 THEN round(CAST("GL_VAL" AS REAL) / "QTY_ON_HND", 4) ` +
      `ELSE CASE WHEN "LST_AVG_COST" > 0 THEN "LST_AVG_COST" ELSE "LST_COST" END END`,
  },
  "IM_ITEM.CATEG_SUBCAT": same(`(COALESCE("CATEG_COD", '') || '/') || COALESCE("SUBCAT_COD", '')`),
  "IM_ITEM.DIM_COD": same(dimList("|&|")),
  "IM_ITEM.DIM_COD_LABEL": same(dimList(" / ")),
  "IM_ITEM.DIM_COUNT": same(
    `(CASE WHEN "GRID_DIM_1_TAG" IS NULL THEN 0 ELSE 1 END + CASE WHEN "GRID_DIM_2_TAG" IS NULL THEN 0 ELSE 1 END)` +
      ` + CASE WHEN "GRID_DIM_3_TAG" IS NULL THEN 0 ELSE 1 END`,
  ),
  "IM_ITEM.PREF_UNIT_CUBE": same(prefUnit("CUBE", "CUBE")),
  "IM_ITEM.PREF_UNIT_DENOM": same(prefUnit("", "DENOM", true)),
  "IM_ITEM.PREF_UNIT_NAM": same(prefUnit("STK_UNIT", "UNIT")),
  "IM_ITEM.PREF_UNIT_NUMER": same(prefUnit("", "NUMER", true)),
  "IM_ITEM.PREF_UNIT_PRC_1": same(prefUnit("PRC_1", "PRC_1")),
  "IM_ITEM.PREF_UNIT_REG_PRC": same(prefUnit("REG_PRC", "REG_PRC")),
  "IM_ITEM.PREF_UNIT_WEIGHT": same(prefUnit("WEIGHT", "WEIGHT")),
  "IM_ITEM.ITEM_IS_MISC": same(`CASE WHEN "ITEM_TYP" IN ('S', 'D', 'N') THEN 'Y' ELSE 'N' END`),
  "IM_ITEM.BARCOD_3_OF_9": same(`('*' || "BARCOD") || '*'`),
  "IM_ITEM.ECOMM_ITEM_IS_DISCNTBL": same(
    `CASE WHEN "IS_DISCNTBL" = 'N' THEN 'N' ELSE CASE WHEN "ECOMM_DISC_ON_SAL" = 'Y' THEN 'Y' ELSE 'S' END END`,
  ),
};

/** Notes on single columns ([U] facts the catalog cannot carry). */
export const columnNotes: Readonly<Record<string, string>> = {
  "IM_INV.QTY_AVAIL":
    "computed QTY_ON_HND − QTY_COMMIT: G's formula, consistent with WP's observations, never read from a newer build [U]; " +
    "UPDATE fails (Msg 271)",
  "PS_DOC_HDR.DOC_ID": "not IDENTITY: fnGenDocId formula (numbering.ts)",
  "PS_DOC_HDR.TKT_NO": "native order numbers like O101-000354 from PS_STR_CFG_PS.NXT_ORD_NO",
  "PS_DOC_LIN.SELL_UNIT": "'0' = IM_ITEM.STK_UNIT, '1'..'5' = ALT_n_UNIT",
  "IM_PRC.LOC_ID": "price rows live at LOC_ID '*' [WP, GD]",
  "AR_CUST.PROF_COD_1": "tier-pricing profile code (RETAIL, TIER1…) read by price-rule CUST_FILT",
  "AR_CUST.LST_LOY_EARN_TKT_DT": "computed from datetime arithmetic; the replica yields NULL [U]",
  "AR_CUST.LST_LOY_RDM_TKT_DT": "computed from datetime arithmetic; the replica yields NULL [U]",
};
