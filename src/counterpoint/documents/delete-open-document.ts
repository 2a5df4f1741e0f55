import { money } from "../../money/index.js";
import type { CounterpointDb } from "../connect.js";
import { engineOf, moneyText, selectForUpdate } from "../dialect.js";
import { DocumentDeleteRefusedError } from "./document-errors.js";
import { documentTables } from "./document-rows.js";
import { changeCustomerOrderCount } from "./customer-order-count.js";
import { changeStockOnOrder, type StockOnOrderChange } from "./stock-on-order.js";

export interface DeleteDocumentOptions {
  /** Refuse unless the document's REF starts with this: only cpwoo's own documents are rolled back. */
  refPrefix?: string;
}

export interface DeletedDocument {
  docId: string;
  tktNo: string;
  ref: string | null;
  /** QTY_ON_SO given back, per item/cell and location. */
  released: { itemNo: string; cell: readonly [string, string, string] | null; locId: string; qty: string }[];
}

const refuse = (docId: string, why: string) => new DocumentDeleteRefusedError(`document ${docId} not deleted: ${why}`);

/**
 * The operator's rollback of one open order cpwoo wrote, in one transaction: refused (DocumentDeleteRefusedError) unless
 * the document is still in PS_DOC_HDR as an open order (DOC_TYP O, DOC_STAT O) with nothing released, picked,
 * invoiced or shipped and no tracking number; then the QTY_ON_SO its stock lines (LIN_TYP O, ITEM_TYP I) allocated is
 * released on IM_INV / IM_INV_CELL, the customer's NO_OF_ORDS goes down by one, and every PS_DOC_* row is deleted,
 * children first.
 */
export async function deleteOpenDocument(
  db: CounterpointDb,
  docId: string,
  opts: DeleteDocumentOptions = {},
): Promise<DeletedDocument> {
  const engine = engineOf(db);
  return db.transaction().execute(async (trx) => {
    const hdr = await selectForUpdate(trx, "PS_DOC_HDR")
      .select([
        "DOC_ID",
        "TKT_NO",
        "DOC_TYP",
        "CUST_NO",
        "REF",
        "STK_LOC_ID",
        "HAS_RLSD_LINS",
        "HAS_PCKD_LINS",
        "HAS_PCKVRFD_LINS",
        "HAS_INVCD_LINS",
      ])
      .where("DOC_ID", "=", docId)
      .executeTakeFirst();
    if (hdr === undefined) throw refuse(docId, "there is no open document with this DOC_ID (posted or deleted?)");
    if (hdr.DOC_TYP !== "O") throw refuse(docId, `it is not an order (DOC_TYP ${hdr.DOC_TYP})`);
    if (opts.refPrefix !== undefined && !(hdr.REF ?? "").startsWith(opts.refPrefix)) {
      throw refuse(docId, `its REF "${hdr.REF ?? ""}" does not start with "${opts.refPrefix}" (not cpwoo's)`);
    }
    const flags = ["HAS_RLSD_LINS", "HAS_PCKD_LINS", "HAS_PCKVRFD_LINS", "HAS_INVCD_LINS"] as const;
    const set = flags.filter((f) => hdr[f] !== "N");
    if (set.length > 0) throw refuse(docId, `Counterpoint already processed it (${set.join(", ")} not N)`);

    const [stat, tracking, lines] = await Promise.all([
      trx.selectFrom("PS_DOC_HDR_DOC_STAT").select("DOC_STAT").where("DOC_ID", "=", docId).executeTakeFirst(),
      trx.selectFrom("PS_DOC_PKG_TRK_NO").select("PKG_TRK_NO").where("DOC_ID", "=", docId).execute(),
      trx
        .selectFrom("PS_DOC_LIN")
        .select([
          "LIN_SEQ_NO",
          "LIN_TYP",
          "ITEM_TYP",
          "ITEM_NO",
          "STK_LOC_ID",
          "IS_SINGLE_CELL",
          "DIM_1_UPR",
          "DIM_2_UPR",
          "DIM_3_UPR",
          moneyText(engine, "QTY_SOLD", 4).as("QTY_SOLD"),
          moneyText(engine, "QTY_SHIPPED", 4).as("QTY_SHIPPED"),
        ])
        .where("DOC_ID", "=", docId)
        .orderBy("LIN_SEQ_NO")
        .execute(),
    ]);
    if (stat !== undefined && stat.DOC_STAT !== "O") throw refuse(docId, `its DOC_STAT is ${stat.DOC_STAT}, not O`);
    if (tracking.length > 0) throw refuse(docId, "it has package tracking numbers (shipped)");
    const shipped = lines.find((l) => !money(l.QTY_SHIPPED ?? "0").isZero());
    if (shipped !== undefined)
      throw refuse(docId, `line ${shipped.LIN_SEQ_NO} (${shipped.ITEM_NO}) has shipped quantity`);

    const byLoc = new Map<string, StockOnOrderChange[]>();
    for (const l of lines) {
      if (l.LIN_TYP !== "O" || l.ITEM_TYP !== "I") continue;
      const loc = l.STK_LOC_ID ?? hdr.STK_LOC_ID;
      if (loc === null) continue;
      const cell =
        l.IS_SINGLE_CELL === "Y" ? ([l.DIM_1_UPR ?? "*", l.DIM_2_UPR ?? "*", l.DIM_3_UPR ?? "*"] as const) : null;
      const list = byLoc.get(loc) ?? [];
      list.push({ itemNo: l.ITEM_NO, cell, qty: money(l.QTY_SOLD ?? "0").negated() });
      byLoc.set(loc, list);
    }
    const released: DeletedDocument["released"] = [];
    for (const [loc, changes] of byLoc) {
      await changeStockOnOrder(trx, loc, changes);
      for (const c of changes)
        released.push({ itemNo: c.itemNo, cell: c.cell, locId: loc, qty: c.qty.negated().toFixed(4) });
    }

    if (hdr.CUST_NO !== null) await changeCustomerOrderCount(trx, hdr.CUST_NO, -1);
    await trx.deleteFrom("PS_DOC_LIN_CELL").where("DOC_ID", "=", docId).execute();
    for (const table of [...documentTables].reverse()) {
      await trx.deleteFrom(table).where("DOC_ID", "=", docId).execute();
    }
    return { docId: String(hdr.DOC_ID), tktNo: hdr.TKT_NO, ref: hdr.REF, released };
  });
}
