/** One line of a document as shipping sees it; quantities are exact decimal text. */
export interface ShipmentLine {
  seq: number;
  lineType: string;
  itemNo: string;
  qty: string;
  /** QTY_SHIPPED: grows as Counterpoint releases the line. */
  shipped: string;
}

export interface TrackingNumber {
  number: string;
  /** PS_DOC_PKG_TRK_NO.SHIP_VIA_COD, else the document's. */
  shipVia: string | null;
}

/** What Counterpoint shows of one cpwoo document's shipping, read in bulk by `readShipments`. */
export interface DocumentShipment {
  docId: string;
  /**
   * `open`: still in PS_DOC_HDR; `posted`: the document, or a release ticket of it, is in ticket history (or a release
   * ticket exists while the order itself is gone); `missing`: none of these (deleted, or not yet visible).
   */
  where: "open" | "posted" | "missing";
  docType: string | null;
  /** SHIP_DAT (open) or BUS_DAT (posted) as `YYYY-MM-DD`; null when unset. */
  shipDate: string | null;
  shipVia: string | null;
  lines: ShipmentLine[];
  tracking: TrackingNumber[];
  /** TKT_NO of the posted document or release ticket that proves the shipment. */
  postedAs: string | null;
}
