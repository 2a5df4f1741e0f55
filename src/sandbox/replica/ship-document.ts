import { maintText } from "../../counterpoint/catalog/maint-text.js";
import type { CounterpointDb } from "../../counterpoint/connect.js";
import { cpDateText } from "../../counterpoint/datetime.js";
import { engineOf, moneyText } from "../../counterpoint/dialect.js";
import { documentTables } from "../../counterpoint/documents/document-rows.js";
import { freeDocId } from "../../counterpoint/documents/free-doc-id.js";
import { money } from "../../money/index.js";

export interface ReleaseOptions {
  /** Lines to release, by LIN_SEQ_NO, with the quantity; default every line in full. */
  lines?: ReadonlyArray<{ seq: number; qty: number }>;
  /** SHIP_DAT to set; default the day of the release. Null leaves it. */
  shipDate?: Date | null;
}

/**
 * Releases (ships) lines of an open document the way Counterpoint's release does to the order: QTY_SHIPPED grows,
 * QTY_TO_REL shrinks, HAS_RLSD_LINS becomes Y and SHIP_DAT is set. Sandbox and tests only.
 */
export async function releaseDocumentLines(
  db: CounterpointDb,
  docId: string,
  opts: ReleaseOptions = {},
): Promise<void> {
  const e = engineOf(db);
  await db.transaction().execute(async (trx) => {
    const lines = await trx
      .selectFrom("PS_DOC_LIN")
      .select([
        "LIN_SEQ_NO",
        moneyText(e, "QTY_SOLD", 4).as("QTY_SOLD"),
        moneyText(e, "QTY_SHIPPED", 4).as("QTY_SHIPPED"),
        moneyText(e, "QTY_TO_REL", 4).as("QTY_TO_REL"),
      ])
      .where("DOC_ID", "=", docId)
      .execute();
    if (lines.length === 0) throw new Error(`document ${docId} has no open lines`);
    for (const line of lines) {
      const wanted = opts.lines === undefined ? undefined : opts.lines.find((l) => l.seq === line.LIN_SEQ_NO);
      if (opts.lines !== undefined && wanted === undefined) continue;
      const shipped = money(line.QTY_SHIPPED ?? "0");
      const left = money(line.QTY_SOLD ?? "0").minus(shipped);
      const qty = wanted === undefined ? left : money(wanted.qty);
      const toRel = money(line.QTY_TO_REL ?? "0").minus(qty);
      await trx
        .updateTable("PS_DOC_LIN")
        .set({ QTY_SHIPPED: shipped.plus(qty).toFixed(4), QTY_TO_REL: (toRel.isNeg() ? money(0) : toRel).toFixed(4) })
        .where("DOC_ID", "=", docId)
        .where("LIN_SEQ_NO", "=", line.LIN_SEQ_NO)
        .execute();
    }
    const shipDate = opts.shipDate === undefined ? new Date() : opts.shipDate;
    await trx
      .updateTable("PS_DOC_HDR")
      .set({ HAS_RLSD_LINS: "Y", ...(shipDate === null ? {} : { SHIP_DAT: cpDateText(shipDate) }) })
      .where("DOC_ID", "=", docId)
      .execute();
  });
}

/** Adds package tracking numbers to an open document (PS_DOC_PKG_TRK_NO), as Counterpoint's shipping screen does. */
export async function addTrackingNumbers(
  db: CounterpointDb,
  docId: string,
  numbers: readonly string[],
  shipVia: string | null = null,
): Promise<void> {
  if (numbers.length === 0) return;
  await db
    .insertInto("PS_DOC_PKG_TRK_NO")
    .values(numbers.map((n) => ({ DOC_ID: docId, PKG_TRK_NO: n, SHIP_VIA_COD: shipVia })))
    .execute();
}

export interface PostOptions {
  /** BUS_DAT of the posting; default today. */
  busDate?: Date;
  /**
   * Post as the order's release ticket (`<TKT_NO>-01`, a new DOC_ID), as Counterpoint does when it releases a whole
   * order; default: the document itself is posted under its own DOC_ID and TKT_NO.
   */
  asReleaseTicket?: boolean;
}

/**
 * Moves an open document to ticket history: a PS_TKT_HIST row and a PS_TKT_HIST_LIN row per line, then every PS_DOC_*
 * row (and its tracking numbers) deleted. Returns the DOC_ID and TKT_NO it was posted under. Sandbox and tests only.
 */
export async function postDocument(
  db: CounterpointDb,
  docId: string,
  opts: PostOptions = {},
): Promise<{ docId: string; tktNo: string }> {
  const e = engineOf(db);
  const busDate = cpDateText(opts.busDate ?? new Date());
  return db.transaction().execute(async (trx) => {
    const h = await trx
      .selectFrom("PS_DOC_HDR")
      .select(["DOC_ID", "STR_ID", "STA_ID", "DRW_ID", "TKT_NO", "DOC_TYP", "CUST_NO", "TKT_DT"])
      .where("DOC_ID", "=", docId)
      .executeTakeFirstOrThrow();
    const lines = await trx
      .selectFrom("PS_DOC_LIN")
      .select([
        "LIN_SEQ_NO",
        "LIN_TYP",
        "ITEM_NO",
        "DESCR",
        moneyText(e, "QTY_SOLD", 4).as("QTY_SOLD"),
        moneyText(e, "EXT_PRC", 2).as("EXT_PRC"),
      ])
      .where("DOC_ID", "=", docId)
      .execute();
    const postedId = opts.asReleaseTicket ? await freeDocId(trx, (BigInt(docId) + 1n).toString()) : docId;
    const tktNo = opts.asReleaseTicket ? `${h.TKT_NO}-01` : h.TKT_NO;
    await trx
      .insertInto("PS_TKT_HIST")
      .values({
        BUS_DAT: busDate,
        DOC_ID: postedId,
        STR_ID: h.STR_ID,
        STA_ID: h.STA_ID,
        DRW_ID: h.DRW_ID,
        TKT_NO: tktNo,
        DOC_TYP: "T",
        CUST_NO: h.CUST_NO,
        TKT_DT: maintText(h.TKT_DT),
        POST_DAT: busDate,
      })
      .execute();
    if (lines.length > 0) {
      await trx
        .insertInto("PS_TKT_HIST_LIN")
        .values(
          lines.map((l) => ({
            BUS_DAT: busDate,
            DOC_ID: postedId,
            LIN_SEQ_NO: l.LIN_SEQ_NO,
            STR_ID: h.STR_ID,
            STA_ID: h.STA_ID,
            TKT_NO: tktNo,
            LIN_TYP: l.LIN_TYP === "O" ? "S" : l.LIN_TYP,
            ITEM_NO: l.ITEM_NO,
            DESCR: l.DESCR,
            QTY_SOLD: l.QTY_SOLD ?? "0",
            EXT_PRC: l.EXT_PRC ?? "0",
          })),
        )
        .execute();
    }
    await trx.deleteFrom("PS_DOC_PKG_TRK_NO").where("DOC_ID", "=", docId).execute();
    for (const table of [...documentTables].reverse()) {
      await trx.deleteFrom(table).where("DOC_ID", "=", docId).execute();
    }
    return { docId: postedId, tktNo };
  });
}
