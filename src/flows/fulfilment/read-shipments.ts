import { sql } from "kysely";
import { chunks } from "../../counterpoint/catalog/maint-text.js";
import { maintText } from "../../counterpoint/catalog/maint-text.js";
import type { CounterpointDb } from "../../counterpoint/connect.js";
import { engineOf, moneyText } from "../../counterpoint/dialect.js";
import { likePrefix } from "../../counterpoint/documents/like-prefix.js";
import type { DocumentShipment } from "./document-shipment.js";

export interface ShipmentQuery {
  docId: string;
  /** The document's TKT_NO as cpwoo wrote it: release tickets are numbered `<TKT_NO>-01`, `-02`… */
  tktNo: string | null;
}

const dateOf = (value: unknown): string | null => maintText(value)?.slice(0, 10) ?? null;
const qty = (v: string | null) => v ?? "0";

/**
 * The shipping state of many cpwoo documents, a few queries per chunk of 500 (never one per document):
 * the header (SHIP_DAT, SHIP_VIA_COD), the lines (QTY_SOLD, QTY_SHIPPED) and PS_DOC_PKG_TRK_NO by DOC_ID; documents no
 * longer open are looked for in PS_TKT_HIST by DOC_ID (a posted ticket keeps it; history has no REF column), then by
 * release-ticket number `<TKT_NO>-nn` in history and among open documents. Returns one entry per query, same order.
 */
export async function readShipments(
  db: CounterpointDb,
  queries: readonly ShipmentQuery[],
): Promise<DocumentShipment[]> {
  const out = new Map<string, DocumentShipment>();
  for (const chunk of chunks(queries)) {
    for (const s of await readChunk(db, chunk)) out.set(s.docId, s);
  }
  return queries.map(
    (q) =>
      out.get(q.docId) ?? {
        docId: q.docId,
        where: "missing",
        docType: null,
        shipDate: null,
        shipVia: null,
        lines: [],
        tracking: [],
        postedAs: null,
      },
  );
}

async function readChunk(db: CounterpointDb, queries: readonly ShipmentQuery[]): Promise<DocumentShipment[]> {
  const e = engineOf(db);
  const ids = queries.map((q) => q.docId);
  const headers = await db
    .selectFrom("PS_DOC_HDR")
    .select(["DOC_ID", "TKT_NO", "DOC_TYP", "SHIP_DAT", "SHIP_VIA_COD"])
    .where("DOC_ID", "in", ids)
    .execute();
  const open = new Map(headers.map((h) => [String(h.DOC_ID), h]));
  const openIds = [...open.keys()];
  const [lines, tracking] = await Promise.all([
    openIds.length === 0
      ? []
      : db
          .selectFrom("PS_DOC_LIN")
          .select([
            "DOC_ID",
            "LIN_SEQ_NO",
            "LIN_TYP",
            "ITEM_NO",
            moneyText(e, "QTY_SOLD", 4).as("QTY_SOLD"),
            moneyText(e, "QTY_SHIPPED", 4).as("QTY_SHIPPED"),
          ])
          .where("DOC_ID", "in", openIds)
          .orderBy("DOC_ID")
          .orderBy("LIN_SEQ_NO")
          .execute(),
    readTracking(db, ids),
  ]);

  const result: DocumentShipment[] = [];
  for (const [docId, h] of open) {
    result.push({
      docId,
      where: "open",
      docType: h.DOC_TYP,
      shipDate: dateOf(h.SHIP_DAT),
      shipVia: h.SHIP_VIA_COD,
      lines: lines
        .filter((l) => String(l.DOC_ID) === docId)
        .map((l) => ({
          seq: l.LIN_SEQ_NO,
          lineType: l.LIN_TYP,
          itemNo: l.ITEM_NO,
          qty: qty(l.QTY_SOLD),
          shipped: qty(l.QTY_SHIPPED),
        })),
      tracking: (tracking.get(docId) ?? []).map((t) => ({ number: t.number, shipVia: t.shipVia ?? h.SHIP_VIA_COD })),
      postedAs: null,
    });
  }

  const gone = queries.filter((q) => !open.has(q.docId));
  if (gone.length === 0) return result;
  const posted = await db
    .selectFrom("PS_TKT_HIST")
    .select(["DOC_ID", "TKT_NO", "BUS_DAT"])
    .where(
      "DOC_ID",
      "in",
      gone.map((q) => q.docId),
    )
    .execute();
  const postedById = new Map(posted.map((p) => [String(p.DOC_ID), p]));
  const released = await readReleaseTickets(
    db,
    gone.filter((q) => !postedById.has(q.docId) && q.tktNo !== null),
  );
  for (const q of gone) {
    const p = postedById.get(q.docId);
    const r = released.get(q.docId);
    if (p === undefined && r === undefined) continue;
    result.push({
      docId: q.docId,
      where: "posted",
      docType: null,
      shipDate: p !== undefined ? dateOf(p.BUS_DAT) : (r?.date ?? null),
      shipVia: r?.shipVia ?? null,
      lines: [],
      tracking: [...(tracking.get(q.docId) ?? []), ...(r?.tracking ?? [])],
      postedAs: p?.TKT_NO ?? r?.tktNo ?? null,
    });
  }
  return result;
}

async function readTracking(
  db: CounterpointDb,
  ids: readonly string[],
): Promise<Map<string, Array<{ number: string; shipVia: string | null }>>> {
  const byDoc = new Map<string, Array<{ number: string; shipVia: string | null }>>();
  if (ids.length === 0) return byDoc;
  const rows = await db
    .selectFrom("PS_DOC_PKG_TRK_NO")
    .select(["DOC_ID", "PKG_TRK_NO", "SHIP_VIA_COD"])
    .where("DOC_ID", "in", [...ids])
    .orderBy("DOC_ID")
    .orderBy("PKG_TRK_NO")
    .execute();
  for (const r of rows) {
    const list = byDoc.get(String(r.DOC_ID)) ?? [];
    list.push({ number: r.PKG_TRK_NO.trim(), shipVia: r.SHIP_VIA_COD });
    byDoc.set(String(r.DOC_ID), list);
  }
  return byDoc;
}

interface ReleaseFound {
  tktNo: string;
  date: string | null;
  shipVia: string | null;
  tracking: Array<{ number: string; shipVia: string | null }>;
}

/**
 * Release tickets (`<order TKT_NO>-nn`) of orders no longer open, posted or still open. Only orders that left
 * PS_DOC_HDR get here, so the LIKE list stays short.
 */
async function readReleaseTickets(
  db: CounterpointDb,
  orders: readonly ShipmentQuery[],
): Promise<Map<string, ReleaseFound>> {
  const found = new Map<string, ReleaseFound>();
  if (orders.length === 0) return found;
  const byPrefix = new Map(orders.map((o) => [`${o.tktNo}-`, o.docId]));
  const anyRelease = (column: string) =>
    sql.join(
      [...byPrefix.keys()].map((p) => likePrefix(column, p, "%")),
      sql` OR `,
    );
  const [posted, open] = await Promise.all([
    db
      .selectFrom("PS_TKT_HIST")
      .select(["TKT_NO", "BUS_DAT"])
      .where(sql<boolean>`(${anyRelease("TKT_NO")})`)
      .orderBy("TKT_NO")
      .execute(),
    db
      .selectFrom("PS_DOC_HDR")
      .select(["DOC_ID", "TKT_NO", "SHIP_DAT", "SHIP_VIA_COD"])
      .where(sql<boolean>`(${anyRelease("TKT_NO")})`)
      .orderBy("TKT_NO")
      .execute(),
  ]);
  const orderOf = (tktNo: string) => byPrefix.get(tktNo.slice(0, tktNo.lastIndexOf("-") + 1));
  const openTracking = await readTracking(
    db,
    open.map((o) => String(o.DOC_ID)),
  );
  for (const p of posted) {
    const docId = orderOf(p.TKT_NO);
    if (docId !== undefined)
      found.set(docId, { tktNo: p.TKT_NO, date: dateOf(p.BUS_DAT), shipVia: null, tracking: [] });
  }
  for (const o of open) {
    const docId = orderOf(o.TKT_NO);
    if (docId === undefined) continue;
    const prior = found.get(docId);
    const tracking = (openTracking.get(String(o.DOC_ID)) ?? []).map((t) => ({
      ...t,
      shipVia: t.shipVia ?? o.SHIP_VIA_COD,
    }));
    found.set(docId, {
      tktNo: prior?.tktNo ?? o.TKT_NO,
      date: prior?.date ?? dateOf(o.SHIP_DAT),
      shipVia: o.SHIP_VIA_COD,
      tracking: [...(prior?.tracking ?? []), ...tracking],
    });
  }
  return found;
}
