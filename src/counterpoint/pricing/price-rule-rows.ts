import { type AliasedRawBuilder, sql } from "kysely";
import { type Money, money } from "../../money/index.js";
import type { CounterpointDb } from "../connect.js";
import { cpDateTimeText } from "../datetime.js";
import { chunks } from "../catalog/maint-text.js";
import { engineOf, moneyText } from "../dialect.js";
import { counterpointTable } from "../schema/counterpoint-schema.js";
import { decimalScale } from "../schema/definition.js";

/** Raw IM_PRC_GRP row (dates as Counterpoint-local text `YYYY-MM-DDTHH:MM:SS.mmm`). */
export interface RawPriceGroup {
  GRP_TYP: string;
  GRP_COD: string;
  GRP_SEQ_NO: number | null;
  DESCR: string | null;
  CUST_FILT: string | null;
  CUST_NO: string | null;
  NO_BEG_DAT: string | null;
  BEG_DAT: string | null;
  BEG_DT: string | null;
  BEG_TIM_FLG: number | null;
  NO_END_DAT: string | null;
  END_DAT: string | null;
  END_DT: string | null;
  END_TIM_FLG: number | null;
  ENABLED: string | null;
}

/** Raw IM_PRC_RUL row (MIN_QTY as decimal text). */
export interface RawPriceRule {
  GRP_TYP: string;
  GRP_COD: string;
  RUL_SEQ_NO: number;
  DESCR: string | null;
  CUST_FILT: string | null;
  ITEM_FILT: string | null;
  SAL_FILT: string | null;
  MIN_QTY: string | null;
  CUST_NO: string | null;
  ITEM_NO: string | null;
}

/** Raw IM_PRC_RUL_BRK row (MIN_QTY and AMT_OR_PCT as decimal text). */
export interface RawPriceBreak {
  GRP_TYP: string;
  GRP_COD: string;
  RUL_SEQ_NO: number;
  MIN_QTY: string;
  PRC_METH: string;
  PRC_BASIS: string | null;
  AMT_OR_PCT: string | null;
  PRC_BRK_DESCR: string | null;
}

/** Base prices of one item at one location (IM_PRC, grid cell `*`/`*`/`*`), as decimal text. */
export interface RawBasePrice {
  ITEM_NO: string;
  LOC_ID: string;
  REG_PRC: string | null;
  PRC_1: string | null;
  PRC_2: string | null;
  PRC_3: string | null;
  PRC_4: string | null;
  PRC_5: string | null;
  PRC_6: string | null;
}

/** A column value for in-memory filters: text, a whole number, an exact decimal, or NULL. */
export type RowValue = string | number | Money | null;
export type ValueRow = Readonly<Record<string, RowValue>>;

export interface RawItem {
  itemNo: string;
  /** ITEM_NO plus every requested IM_ITEM column. */
  row: ValueRow;
  cost: string | null;
  prc1: string | null;
  regPrc: string | null;
}

export interface RawCustomer {
  custNo: string;
  row: ValueRow;
}

export class PriceRuleLoadError extends Error {}

/** Counterpoint-local date-time text from whatever the driver returned (Date from tedious/pg, text from SQLite). */
function localText(value: Date | string | null): string | null {
  if (value === null) return null;
  if (value instanceof Date) return cpDateTimeText(value);
  const t = value.replace(" ", "T");
  return t.length === 10 ? `${t}T00:00:00.000` : t.length === 19 ? `${t}.000` : t;
}

export async function loadPriceGroups(db: CounterpointDb): Promise<RawPriceGroup[]> {
  const rows = await db
    .selectFrom("IM_PRC_GRP")
    .select([
      "GRP_TYP",
      "GRP_COD",
      "GRP_SEQ_NO",
      "DESCR",
      "CUST_FILT",
      "CUST_NO",
      "NO_BEG_DAT",
      "BEG_DAT",
      "BEG_DT",
      "BEG_TIM_FLG",
      "NO_END_DAT",
      "END_DAT",
      "END_DT",
      "END_TIM_FLG",
      "ENABLED",
    ])
    .orderBy("GRP_TYP")
    .orderBy("GRP_COD")
    .execute();
  return rows.map((r) => ({
    ...r,
    BEG_DAT: localText(r.BEG_DAT),
    BEG_DT: localText(r.BEG_DT),
    END_DAT: localText(r.END_DAT),
    END_DT: localText(r.END_DT),
  }));
}

export async function loadPriceRules(db: CounterpointDb): Promise<RawPriceRule[]> {
  const engine = engineOf(db);
  return db
    .selectFrom("IM_PRC_RUL")
    .select([
      "GRP_TYP",
      "GRP_COD",
      "RUL_SEQ_NO",
      "DESCR",
      "CUST_FILT",
      "ITEM_FILT",
      "SAL_FILT",
      "CUST_NO",
      "ITEM_NO",
      moneyText(engine, "MIN_QTY", 4).as("MIN_QTY"),
    ])
    .orderBy("GRP_TYP")
    .orderBy("GRP_COD")
    .orderBy("RUL_SEQ_NO")
    .execute();
}

export async function loadPriceBreaks(db: CounterpointDb): Promise<RawPriceBreak[]> {
  const engine = engineOf(db);
  const rows = await db
    .selectFrom("IM_PRC_RUL_BRK")
    .select([
      "GRP_TYP",
      "GRP_COD",
      "RUL_SEQ_NO",
      moneyText(engine, "MIN_QTY", 4).as("MIN_QTY"),
      "PRC_METH",
      "PRC_BASIS",
      moneyText(engine, "AMT_OR_PCT", 4).as("AMT_OR_PCT"),
      "PRC_BRK_DESCR",
    ])
    .orderBy("GRP_TYP")
    .orderBy("GRP_COD")
    .orderBy("RUL_SEQ_NO")
    .execute();
  return rows.map((r) => ({ ...r, MIN_QTY: r.MIN_QTY ?? "0" }));
}

/** Base prices at every location, for the whole-item cell (`*`/`*`/`*`): of every item, or of these items only. */
export async function loadBasePrices(db: CounterpointDb, itemNos?: readonly string[]): Promise<RawBasePrice[]> {
  if (itemNos !== undefined) {
    const out: RawBasePrice[] = [];
    for (const part of chunks([...new Set(itemNos)]))
      out.push(...(await basePriceQuery(db).where("ITEM_NO", "in", part).execute()));
    return out;
  }
  return basePriceQuery(db).execute();
}

function basePriceQuery(db: CounterpointDb) {
  const engine = engineOf(db);
  const m = (c: string) => moneyText(engine, c, 4);
  return db
    .selectFrom("IM_PRC")
    .select([
      "ITEM_NO",
      "LOC_ID",
      m("REG_PRC").as("REG_PRC"),
      m("PRC_1").as("PRC_1"),
      m("PRC_2").as("PRC_2"),
      m("PRC_3").as("PRC_3"),
      m("PRC_4").as("PRC_4"),
      m("PRC_5").as("PRC_5"),
      m("PRC_6").as("PRC_6"),
    ])
    .where("DIM_1_UPR", "=", "*")
    .where("DIM_2_UPR", "=", "*")
    .where("DIM_3_UPR", "=", "*");
}

/** The columns of a table as the definition knows them (upper-case names). */
export function definedColumns(table: "AR_CUST" | "IM_ITEM"): ReadonlySet<string> {
  return new Set(counterpointTable(table).columns.map((c) => c.name));
}

/**
 * Select list for filter columns. Names come from parsed filters and are checked against the definition before they
 * reach SQL (as identifiers, never as text); decimals are read as exact text, date-times converted afterwards.
 */
function filterSelections(
  db: CounterpointDb,
  table: "AR_CUST" | "IM_ITEM",
  columns: Iterable<string>,
): {
  select: AliasedRawBuilder<unknown, string>[];
  convert: (row: Record<string, unknown>) => Record<string, RowValue>;
} {
  const engine = engineOf(db);
  const def = counterpointTable(table);
  const wanted = [...new Set(columns)].map((name) => {
    const col = def.columns.find((c) => c.name === name);
    if (!col) throw new PriceRuleLoadError(`${table}.${name} is not a known Counterpoint column`);
    return col;
  });
  const select = wanted.map((col) => {
    const scale = decimalScale(col.type);
    const alias = `F_${col.name}`;
    if (scale !== null) return moneyText(engine, `${table}.${col.name}`, scale).as(alias);
    return sql<unknown>`${sql.ref(`${table}.${col.name}`)}`.as(alias);
  });
  const convert = (row: Record<string, unknown>) => {
    const out: Record<string, RowValue> = {};
    for (const col of wanted) {
      const v = row[`F_${col.name}`];
      if (v === null || v === undefined) out[col.name] = null;
      else if (decimalScale(col.type) !== null && (typeof v === "string" || typeof v === "number"))
        out[col.name] = money(v);
      else if (v instanceof Date) out[col.name] = cpDateTimeText(v);
      else if (typeof v === "number" || typeof v === "string") out[col.name] = v;
      else if (typeof v === "bigint") out[col.name] = String(v);
      else if (typeof v === "boolean") out[col.name] = v ? 1 : 0;
      else out[col.name] = null;
    }
    return out;
  };
  return { select, convert };
}

/**
 * Items with ITEM_NO, LST_COST, PRC_1, REG_PRC and the IM_ITEM columns the filters read: every item, or these only.
 */
export async function loadItems(
  db: CounterpointDb,
  filterColumns: Iterable<string>,
  itemNos?: readonly string[],
): Promise<RawItem[]> {
  const engine = engineOf(db);
  const f = filterSelections(db, "IM_ITEM", filterColumns);
  const query = db
    .selectFrom("IM_ITEM")
    .select([
      "ITEM_NO",
      moneyText(engine, "IM_ITEM.LST_COST", 4).as("P_LST_COST"),
      moneyText(engine, "IM_ITEM.PRC_1", 4).as("P_PRC_1"),
      moneyText(engine, "IM_ITEM.REG_PRC", 4).as("P_REG_PRC"),
    ])
    .select(f.select);
  const rows =
    itemNos === undefined
      ? await query.execute()
      : (
          await Promise.all(chunks([...new Set(itemNos)]).map((part) => query.where("ITEM_NO", "in", part).execute()))
        ).flat();
  return rows.map((r) => {
    const record = r as Record<string, unknown>;
    return {
      itemNo: r.ITEM_NO,
      row: { ...f.convert(record), ITEM_NO: r.ITEM_NO },
      cost: r.P_LST_COST,
      prc1: r.P_PRC_1,
      regPrc: r.P_REG_PRC,
    };
  });
}

/** Every customer with CUST_NO and the AR_CUST columns the filters read. */
export async function loadCustomers(db: CounterpointDb, filterColumns: Iterable<string>): Promise<RawCustomer[]> {
  const f = filterSelections(db, "AR_CUST", filterColumns);
  const rows = await db.selectFrom("AR_CUST").select("CUST_NO").select(f.select).execute();
  return rows.map((r) => ({
    custNo: r.CUST_NO,
    row: { ...f.convert(r as Record<string, unknown>), CUST_NO: r.CUST_NO },
  }));
}

export const PRICING_TABLES = ["IM_PRC_GRP", "IM_PRC_RUL", "IM_PRC_RUL_BRK", "IM_ITEM", "IM_PRC", "AR_CUST"] as const;

/**
 * A fingerprint of the pricing tables: per table the newest LST_MAINT_DT and the row count (a delete changes the
 * count). When it differs from the last load, the cache reloads.
 */
export async function readPricingStamps(db: CounterpointDb): Promise<string> {
  const parts: string[] = [];
  for (const table of PRICING_TABLES) {
    const row = await db
      .selectFrom(table)
      .select([
        sql<Date | string | null>`max(${sql.ref("LST_MAINT_DT")})`.as("stamp"),
        sql<number | string>`count(*)`.as("n"),
      ])
      .executeTakeFirst();
    const stamp = row?.stamp ?? null;
    parts.push(`${table}:${localText(stamp) ?? "-"}:${String(row?.n ?? 0)}`);
  }
  return parts.join("|");
}
