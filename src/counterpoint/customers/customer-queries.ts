import type { Kysely, Transaction } from "kysely";
import { engineOf, firstRows } from "../dialect.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";

type Db = Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>;

/** The AR_CUST columns the customers flow shows, compares and pushes. */
export const customerColumns = [
  "CUST_NO",
  "NAM",
  "FST_NAM",
  "LST_NAM",
  "CUST_NAM_TYP",
  "ADRS_1",
  "ADRS_2",
  "ADRS_3",
  "CITY",
  "STATE",
  "ZIP_COD",
  "CNTRY",
  "PHONE_1",
  "EMAIL_ADRS_1",
  "CATEG_COD",
  "PROF_COD_1",
  "PROF_COD_2",
  "PROF_COD_3",
  "TAX_COD",
  "IS_ECOMM_CUST",
] as const;

export interface CpCustomer {
  CUST_NO: string;
  NAM: string;
  FST_NAM: string | null;
  LST_NAM: string | null;
  CUST_NAM_TYP: string;
  ADRS_1: string | null;
  ADRS_2: string | null;
  ADRS_3: string | null;
  CITY: string | null;
  STATE: string | null;
  ZIP_COD: string | null;
  CNTRY: string | null;
  PHONE_1: string | null;
  EMAIL_ADRS_1: string | null;
  CATEG_COD: string | null;
  PROF_COD_1: string | null;
  PROF_COD_2: string | null;
  PROF_COD_3: string | null;
  TAX_COD: string | null;
  IS_ECOMM_CUST: string;
}

export async function getCustomer(db: Db, custNo: string): Promise<CpCustomer | undefined> {
  return db.selectFrom("AR_CUST").select(customerColumns).where("CUST_NO", "=", custNo).executeTakeFirst();
}

/** `getCustomer` for many customers at once (500 a statement): the row of each CUST_NO that exists. */
export async function getCustomers(db: Db, custNos: readonly string[]): Promise<Map<string, CpCustomer>> {
  const wanted = [...new Set(custNos)];
  const found = new Map<string, CpCustomer>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .selectFrom("AR_CUST")
      .select(customerColumns)
      .where("CUST_NO", "in", wanted.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.CUST_NO, r);
  }
  return found;
}

/**
 * CUST_NO of each e-mail (compared case-insensitively and trimmed), for at most 500 e-mails a call. When several
 * customers share an e-mail the lowest CUST_NO wins, so repeated runs pick the same one.
 */
export async function custNosByEmail(db: Db, emails: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== ""))];
  const found = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const chunk = wanted.slice(i, i + 500);
    const rows = await db
      .selectFrom("AR_CUST")
      .select((eb) => ["CUST_NO", eb.fn<string>("lower", [eb.fn("trim", ["EMAIL_ADRS_1"])]).as("email")])
      .where((eb) => eb(eb.fn("lower", [eb.fn("trim", ["EMAIL_ADRS_1"])]), "in", chunk))
      .orderBy("CUST_NO")
      .execute();
    for (const r of rows) if (!found.has(r.email)) found.set(r.email, r.CUST_NO);
  }
  return found;
}

/** Whether a CUST_NO is taken. */
export async function custNoExists(db: Db, custNo: string): Promise<boolean> {
  const q = db.selectFrom("AR_CUST").select("CUST_NO").where("CUST_NO", "=", custNo);
  return (await firstRows(engineOf(db), q, 1).executeTakeFirst()) !== undefined;
}

/** The highest number after `prefix` among existing CUST_NOs that are exactly prefix + digits (0 when none). */
export async function highestCustNumber(db: Db, prefix: string): Promise<number> {
  let q = db.selectFrom("AR_CUST").select("CUST_NO");
  if (prefix !== "") q = q.where("CUST_NO", "like", `${prefix.replace(/[%_[]/g, "")}%`);
  let highest = 0;
  const digits = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}(\\d{1,15})$`);
  for (const r of await q.execute()) {
    const m = digits.exec(r.CUST_NO.trim());
    if (m?.[1] !== undefined) highest = Math.max(highest, Number(m[1]));
  }
  return highest;
}

/** Every tax code Counterpoint has (AR_TAX_COD), as stored. */
export async function taxCodes(db: Db): Promise<string[]> {
  return (await db.selectFrom("AR_TAX_COD").select("TAX_COD").orderBy("TAX_COD").execute()).map((r) => r.TAX_COD);
}

/** The codes and flags a template customer lends (see `templateColumns` in the flow), or undefined. */
export async function customerTemplateRow(
  db: Db,
  custNo: string,
  columns: readonly Extract<keyof CounterpointDatabase["AR_CUST"], string>[],
): Promise<Record<string, string | null> | undefined> {
  // The selected columns are all varchar codes and flags: read as text or NULL.
  const row: Record<string, unknown> | undefined = await db
    .selectFrom("AR_CUST")
    .select(columns as readonly "CUST_NO"[])
    .where("CUST_NO", "=", custNo)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "string" ? v : null]));
}

/** A page of e-commerce customers (IS_ECOMM_CUST = 'Y') after `afterCustNo`, in CUST_NO order (keyset paging). */
export async function ecommerceCustomersAfter(db: Db, afterCustNo: string | null, n: number): Promise<CpCustomer[]> {
  let q = db.selectFrom("AR_CUST").select(customerColumns).where("IS_ECOMM_CUST", "=", "Y");
  if (afterCustNo !== null) q = q.where("CUST_NO", ">", afterCustNo);
  return firstRows(engineOf(db), q.orderBy("CUST_NO"), n).execute();
}

/** A page of all customers after `afterCustNo` (for `cpwoo customers list`). */
export async function customersAfter(db: Db, afterCustNo: string | null, n: number): Promise<CpCustomer[]> {
  let q = db.selectFrom("AR_CUST").select(customerColumns);
  if (afterCustNo !== null) q = q.where("CUST_NO", ">", afterCustNo);
  return firstRows(engineOf(db), q.orderBy("CUST_NO"), n).execute();
}

/** Contract price group (IM_PRC_GRP, GRP_TYP 'C', keyed to one customer) of each customer that has one. */
export async function contractGroupsOf(db: Db, custNos: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < custNos.length; i += 500) {
    const chunk = custNos.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom("IM_PRC_GRP")
      .select(["CUST_NO", "GRP_COD"])
      .where("GRP_TYP", "=", "C")
      .where("CUST_NO", "in", chunk)
      .orderBy("GRP_COD")
      .execute();
    for (const r of rows) if (r.CUST_NO !== null && !found.has(r.CUST_NO)) found.set(r.CUST_NO, r.GRP_COD);
  }
  return found;
}

/** Ship-to addresses of a customer. */
export async function shipTosOf(
  db: Db,
  custNo: string,
): Promise<
  { SHIP_ADRS_ID: string; NAM: string; ADRS_1: string | null; CITY: string | null; ZIP_COD: string | null }[]
> {
  return db
    .selectFrom("AR_SHIP_ADRS")
    .select(["SHIP_ADRS_ID", "NAM", "ADRS_1", "CITY", "ZIP_COD"])
    .where("CUST_NO", "=", custNo)
    .orderBy("SHIP_ADRS_ID")
    .execute();
}
