import { createHash } from "node:crypto";
import type { FulfilmentSettings } from "../../config/settings-fulfilment.js";
import type { MetaDataWrite, Order } from "../../woocommerce/index.js";
import type { TrackingNumber } from "./document-shipment.js";
import type { ShipmentReport } from "./shipment-report.js";

/** Order meta holding the key of the shipment last written: its presence means the web update went through. */
export const FULFILMENT_META = "_cpwoo_fulfilment";
/** The meta WooCommerce Shipment Tracking (and plugins compatible with it) read. */
export const TRACKING_META = "_wc_shipment_tracking_items";

/** One entry of `_wc_shipment_tracking_items`, in the shape the Shipment Tracking plugin stores. */
export interface TrackingItem {
  tracking_provider: string;
  custom_tracking_provider: string;
  custom_tracking_link: string;
  tracking_number: string;
  /** Unix time (seconds) of the ship date. */
  date_shipped: number;
  tracking_id: string;
}

interface Carrier {
  provider: string;
  name: string;
  link: string;
}

function carrierOf(shipVia: string | null, settings: FulfilmentSettings): Carrier {
  const mapped = shipVia === null ? undefined : settings.carriers[shipVia.trim()];
  const name = mapped?.name ?? shipVia?.trim() ?? "";
  const link = mapped?.link ?? (mapped?.provider ? "" : (settings.trackingUrl ?? ""));
  return { provider: mapped?.provider ?? "", name, link };
}

/** The carrier's name as the customer would know it (note text). */
export function carrierName(shipVia: string | null, settings: FulfilmentSettings): string {
  const c = carrierOf(shipVia, settings);
  return c.name || c.provider.toUpperCase();
}

function shippedAt(shipDate: string | null, now: Date): number {
  const at = shipDate === null ? now.getTime() : Date.parse(`${shipDate}T00:00:00Z`);
  return Math.floor(at / 1000);
}

/** A tracking entry; its id is a hash of carrier and number, so writing it again changes nothing. */
export function trackingItem(
  t: TrackingNumber,
  shipDate: string | null,
  settings: FulfilmentSettings,
  now: Date,
): TrackingItem {
  const c = carrierOf(t.shipVia, settings);
  const named = c.provider !== "";
  return {
    tracking_provider: c.provider,
    custom_tracking_provider: named ? "" : c.name,
    custom_tracking_link: named || c.link === "" ? "" : c.link.replaceAll("{tracking}", encodeURIComponent(t.number)),
    tracking_number: t.number,
    date_shipped: shippedAt(shipDate, now),
    tracking_id: createHash("md5")
      .update(`${c.provider || c.name}-${t.number}`)
      .digest("hex"),
  };
}

/**
 * The private note of a shipment, e.g. "Shipped from Counterpoint (order O101-000355) on 2026-01-05. Carrier: UPS.
 * Tracking: 1Z999AA10123456784." or "Partly shipped from Counterpoint (…): 2 of 3 PBO-TOTE. Still open.".
 */
export function fulfilmentNoteText(report: ShipmentReport, tktNo: string | null, settings: FulfilmentSettings): string {
  const doc =
    tktNo === null
      ? ""
      : ` (${report.postedAs !== null && report.postedAs !== tktNo ? `${tktNo}, posted as ${report.postedAs}` : tktNo})`;
  const parts: string[] = [];
  if (report.kind === "complete") {
    parts.push(`Shipped from Counterpoint${doc}${report.shipDate === null ? "" : ` on ${report.shipDate}`}.`);
  } else {
    const what = report.lines.map((l) => `${l.shipped} of ${l.qty} ${l.itemNo}`).join(", ");
    parts.push(`Partly shipped from Counterpoint${doc}${what === "" ? "" : `: ${what}`}. The rest is still open.`);
  }
  const carriers = [...new Set(report.tracking.map((t) => carrierName(t.shipVia, settings)).filter((n) => n !== ""))];
  if (carriers.length === 0 && report.shipVia !== null) carriers.push(carrierName(report.shipVia, settings));
  if (carriers.length > 0) parts.push(`Carrier: ${carriers.join(", ")}.`);
  if (report.tracking.length > 0) parts.push(`Tracking: ${report.tracking.map((t) => t.number).join(", ")}.`);
  return parts.join(" ");
}

function existingTracking(order: Order): TrackingItem[] {
  const value = order.meta_data.find((m) => m.key === TRACKING_META)?.value;
  return Array.isArray(value) ? (value.filter((v) => v !== null && typeof v === "object") as TrackingItem[]) : [];
}

/**
 * The meta of one web order's update: cpwoo's tracking entries merged into what the order already has (entries a
 * person added stay; ours are replaced by number), and the shipment key last.
 */
export function fulfilmentMeta(
  order: Order,
  report: ShipmentReport,
  settings: FulfilmentSettings,
  now: Date,
): MetaDataWrite[] {
  const meta: MetaDataWrite[] = [];
  if (report.tracking.length > 0) {
    const ours = report.tracking.map((t) => trackingItem(t, report.shipDate, settings, now));
    const numbers = new Set(ours.map((t) => t.tracking_number));
    const kept = existingTracking(order).filter((t) => !numbers.has(String(t.tracking_number)));
    meta.push({ key: TRACKING_META, value: [...kept, ...ours] });
  }
  meta.push({ key: FULFILMENT_META, value: report.key });
  return meta;
}
