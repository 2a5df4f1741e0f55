import type { CounterpointDb } from "../connect.js";
import { chunks } from "./maint-text.js";

/** One node of Counterpoint's web category tree (EC_CATEG). */
export interface EcCategory {
  id: string;
  name: string;
  /** Null at the top (NULL or empty PARENT_ID). */
  parentId: string | null;
  seq: number;
}

export async function readEcCategories(db: CounterpointDb): Promise<EcCategory[]> {
  const rows = await db
    .selectFrom("EC_CATEG")
    .select(["CATEG_ID", "DESCR", "PARENT_ID", "DISP_SEQ_NO"])
    .orderBy("CATEG_ID")
    .execute();
  return rows.map((r) => ({
    id: r.CATEG_ID,
    name: r.DESCR,
    parentId: r.PARENT_ID === null || r.PARENT_ID.trim() === "" ? null : r.PARENT_ID,
    seq: r.DISP_SEQ_NO,
  }));
}

/** ITEM_NO → its EC_CATEG ids, in ENTRY_SEQ_NO order. */
export async function readItemEcCategories(
  db: CounterpointDb,
  itemNos: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunks([...new Set(itemNos)])) {
    const rows = await db
      .selectFrom("EC_CATEG_ITEM")
      .select(["ITEM_NO", "CATEG_ID", "ENTRY_SEQ_NO"])
      .where("ITEM_NO", "in", part)
      .orderBy("ITEM_NO")
      .orderBy("ENTRY_SEQ_NO")
      .execute();
    for (const r of rows) out.set(r.ITEM_NO, [...(out.get(r.ITEM_NO) ?? []), r.CATEG_ID]);
  }
  return out;
}
