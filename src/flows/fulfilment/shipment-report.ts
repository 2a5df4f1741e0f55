import { money } from "../../money/index.js";
import { stableHash } from "../../store/stable-hash.js";
import type { DocumentShipment, TrackingNumber } from "./document-shipment.js";

export interface ShippedLine {
  seq: number;
  itemNo: string;
  /** Plain decimal text without trailing zeros ("2", "1.5"). */
  shipped: string;
  qty: string;
}

/**
 * What a document's shipping means for its web order. `none`: nothing to say yet; `partial`: some lines or packages
 * left, more to come (the web order stays open); `complete`: every line shipped, or the document was posted;
 * `missing`: the document is neither open nor in history (deleted, or history not visible to cpwoo).
 */
export interface ShipmentReport {
  kind: "none" | "partial" | "complete" | "missing";
  /** Identifies this shipment state: a web order is told again only when it changes. */
  key: string;
  shipDate: string | null;
  shipVia: string | null;
  lines: ShippedLine[];
  tracking: TrackingNumber[];
  postedAs: string | null;
}

const plain = (text: string) => money(text).toString();

/**
 * Interprets a document's shipping (pure). Order documents (DOC_TYP O) follow their lines: complete once every line's
 * QTY_SHIPPED reaches QTY_SOLD, partial while some have shipped or a package has a tracking number. SHIP_DAT alone does
 * not complete an order, since order entry fills it as the planned ship date. Other documents (tickets: the goods are
 * already sold) are complete once they carry a ship date or a tracking number. A posted document is complete.
 */
export function shipmentReport(doc: DocumentShipment): ShipmentReport {
  const tracking = [...new Map(doc.tracking.map((t) => [t.number, t])).values()].sort((a, b) =>
    a.number < b.number ? -1 : a.number > b.number ? 1 : 0,
  );
  const counted = doc.lines.filter((l) => money(l.qty).gt(0));
  const lines: ShippedLine[] = counted
    .filter((l) => money(l.shipped).gt(0))
    .map((l) => ({ seq: l.seq, itemNo: l.itemNo, shipped: plain(l.shipped), qty: plain(l.qty) }));
  const allShipped = counted.length > 0 && counted.every((l) => money(l.shipped).gte(money(l.qty)));
  let kind: ShipmentReport["kind"];
  if (doc.where === "missing") kind = "missing";
  else if (doc.where === "posted" || allShipped) kind = "complete";
  else if (doc.docType !== "O" && (doc.shipDate !== null || tracking.length > 0)) kind = "complete";
  else if (lines.length > 0 || tracking.length > 0) kind = "partial";
  else kind = "none";
  const key = stableHash({
    kind,
    lines: lines.map((l) => [l.seq, l.shipped]),
    tracking: tracking.map((t) => t.number),
  }).slice(0, 32);
  return { kind, key, shipDate: doc.shipDate, shipVia: doc.shipVia, lines, tracking, postedAs: doc.postedAs };
}
