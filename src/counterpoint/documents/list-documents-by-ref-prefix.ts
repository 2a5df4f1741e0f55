import type { Kysely, Transaction } from "kysely";
import { maintText } from "../catalog/maint-text.js";
import { engineOf, moneyText, pageRows } from "../dialect.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";
import { likePrefix } from "./like-prefix.js";

type Db = Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>;

export interface ListedDocument {
  docId: string;
  tktNo: string;
  docType: string;
  ref: string;
  custNo: string | null;
  enteredAt: string | null;
  /** TOT of the document's O (order) or S (ticket) totals row; null when it has neither. */
  total: string | null;
}

/**
 * A page of the open documents whose REF starts with `prefix` (matched literally), in DOC_ID order, for
 * reconciliation: page on with `offset` until fewer than `n` rows come back.
 */
export async function listDocumentsByRefPrefix(
  db: Db,
  prefix: string,
  offset: number,
  n: number,
): Promise<ListedDocument[]> {
  const engine = engineOf(db);
  const q = db
    .selectFrom("PS_DOC_HDR as h")
    .leftJoin("PS_DOC_HDR_TOT as t", (j) => j.onRef("t.DOC_ID", "=", "h.DOC_ID").on("t.TOT_TYP", "in", ["O", "S"]))
    .select([
      "h.DOC_ID",
      "h.TKT_NO",
      "h.DOC_TYP",
      "h.REF",
      "h.CUST_NO",
      "h.TKT_DT",
      moneyText(engine, "t.TOT", 2).as("TOT"),
    ])
    .where(likePrefix("h.REF", prefix, "%"))
    .orderBy("h.DOC_ID");
  const rows = await pageRows(engine, q, offset, n).execute();
  return rows.map((r) => ({
    docId: String(r.DOC_ID),
    tktNo: r.TKT_NO,
    docType: r.DOC_TYP,
    ref: r.REF ?? "",
    custNo: r.CUST_NO,
    enteredAt: maintText(r.TKT_DT),
    total: r.TOT,
  }));
}
