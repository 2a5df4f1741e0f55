import { sql } from "kysely";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import { engineOf, moneyText } from "../../../src/counterpoint/dialect.js";
import { MIN_CUSTOMERS, MIN_ITEMS } from "../../../src/sandbox/replica/demo-store-rows.js";
import { initDemoStore } from "../../../src/sandbox/replica/fill-demo-store.js";
import type { TestDatabase } from "../../helpers/databases.js";

/** The demo replica with the recorded items and fixed customers (native orders O101-000350…353 included). */
export async function demoReplica(database: TestDatabase): Promise<CounterpointDb> {
  return (await initDemoStore(database.url, { items: MIN_ITEMS, customers: MIN_CUSTOMERS, seed: "docs" })).db;
}

/** QTY_ON_SO of an item (cell null) or a cell at a location, as text; undefined when the row does not exist. */
export async function qtyOnSo(
  db: CounterpointDb,
  itemNo: string,
  loc: string,
  cell: readonly [string, string, string] | null = null,
): Promise<string | undefined> {
  const e = engineOf(db);
  if (cell === null) {
    const r = await db
      .selectFrom("IM_INV")
      .select(moneyText(e, "QTY_ON_SO", 4).as("q"))
      .where("ITEM_NO", "=", itemNo)
      .where("LOC_ID", "=", loc)
      .executeTakeFirst();
    return r?.q ?? undefined;
  }
  const r = await db
    .selectFrom("IM_INV_CELL")
    .select(moneyText(e, "QTY_ON_SO", 4).as("q"))
    .where("ITEM_NO", "=", itemNo)
    .where("LOC_ID", "=", loc)
    .where("DIM_1_UPR", "=", cell[0])
    .where("DIM_2_UPR", "=", cell[1])
    .where("DIM_3_UPR", "=", cell[2])
    .executeTakeFirst();
  return r?.q ?? undefined;
}

export const docTables = [
  "PS_DOC_HDR",
  "PS_DOC_HDR_DOC_STAT",
  "PS_DOC_LIN",
  "PS_DOC_LIN_CELL",
  "PS_DOC_LIN_PRICE",
  "PS_DOC_HDR_TOT",
  "PS_DOC_HDR_MISC_CHRG",
  "PS_DOC_TAX",
  "PS_DOC_PMT",
  "PS_DOC_CONTACT",
  "PS_DOC_NOTE",
  "PS_DOC_AUDIT_LOG",
] as const;

/** Raw rows of one document table (every column). */
export async function rowsOf(db: CounterpointDb, table: string, docId: string): Promise<Record<string, unknown>[]> {
  const r = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} WHERE "DOC_ID" = ${docId}`.execute(db);
  return r.rows;
}

/** The tables holding at least one row of the document. */
export async function tablesWithRows(db: CounterpointDb, docId: string): Promise<string[]> {
  const out: string[] = [];
  for (const t of docTables) if ((await rowsOf(db, t, docId)).length > 0) out.push(t);
  return out;
}

/** The columns of a row whose value is not NULL, sorted. */
export function nonNull(row: Record<string, unknown> | undefined): string[] {
  return Object.entries(row ?? {})
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k]) => k)
    .sort();
}

export async function docIdOfTkt(db: CounterpointDb, tktNo: string): Promise<string> {
  const r = await db.selectFrom("PS_DOC_HDR").select("DOC_ID").where("TKT_NO", "=", tktNo).executeTakeFirstOrThrow();
  return String(r.DOC_ID);
}

export async function countDocs(db: CounterpointDb): Promise<number> {
  const r = await db
    .selectFrom("PS_DOC_HDR")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function ordersOfCustomer(db: CounterpointDb, custNo: string): Promise<number> {
  const r = await db.selectFrom("AR_CUST").select("NO_OF_ORDS").where("CUST_NO", "=", custNo).executeTakeFirstOrThrow();
  return Number(r.NO_OF_ORDS);
}
