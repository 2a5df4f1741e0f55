import type { Kysely, Transaction } from "kysely";
import { engineOf, firstRows } from "../dialect.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";

type Db = Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>;

export interface FoundDocument {
  docId: string;
  tktNo: string;
  docType: string;
  custNo: string | null;
  /** `open`: still in PS_DOC_HDR; `history`: posted to PS_TKT_HIST. */
  where: "open" | "history";
}

/**
 * The document cpwoo wrote for a web order, by PS_DOC_HDR.REF (the lowest DOC_ID if, against every rule, there are
 * several). Only open documents carry REF: PS_TKT_HIST as cpwoo knows it has no REF column, so a posted ticket is not
 * found here and `where` is `open` today [U whether CP's history keeps REF].
 */
export async function findDocumentByRef(db: Db, ref: string): Promise<FoundDocument | undefined> {
  const q = db
    .selectFrom("PS_DOC_HDR")
    .select(["DOC_ID", "TKT_NO", "DOC_TYP", "CUST_NO"])
    .where("REF", "=", ref)
    .orderBy("DOC_ID");
  const row = await firstRows(engineOf(db), q, 1).executeTakeFirst();
  return row === undefined ? undefined : foundDocument(row);
}

function foundDocument(row: {
  DOC_ID: string | number | bigint;
  TKT_NO: string;
  DOC_TYP: string;
  CUST_NO: string | null;
}): FoundDocument {
  return { docId: String(row.DOC_ID), tktNo: row.TKT_NO, docType: row.DOC_TYP, custNo: row.CUST_NO, where: "open" };
}

/** References per look-up: well inside SQL Server's 2,100 parameters. */
const REFS_PER_QUERY = 1000;

/**
 * The documents cpwoo wrote for many web orders, by reference, in one look-up per thousand (a batch of orders is
 * checked with one scan instead of one per order); the lowest DOC_ID where a reference has several.
 */
export async function findDocumentsByRefs(db: Db, refs: readonly string[]): Promise<Map<string, FoundDocument>> {
  const found = new Map<string, FoundDocument>();
  const unique = [...new Set(refs)];
  for (let i = 0; i < unique.length; i += REFS_PER_QUERY) {
    const rows = await db
      .selectFrom("PS_DOC_HDR")
      .select(["REF", "DOC_ID", "TKT_NO", "DOC_TYP", "CUST_NO"])
      .where("REF", "in", unique.slice(i, i + REFS_PER_QUERY))
      .orderBy("DOC_ID")
      .execute();
    for (const row of rows) {
      if (row.REF === null || found.has(row.REF)) continue;
      found.set(row.REF, foundDocument(row));
    }
  }
  return found;
}
