const WOO_DATE = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)$/;

/**
 * Reads a WooCommerce `_gmt` date (`YYYY-MM-DDTHH:MM:SS`, no offset) as the UTC instant it is. Never use it on the
 * un-suffixed twin: that one is in the site's time zone.
 */
export function parseWooGmtDate(value: string, field = "date"): Date {
  const m = WOO_DATE.exec(value);
  if (m === null) throw new RangeError(`${field}: not a WooCommerce date (YYYY-MM-DDTHH:MM:SS): "${value}"`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2026-02-30 over into March; a round trip catches it.
  if (formatWooGmtDate(date) !== value) throw new RangeError(`${field}: no such date: "${value}"`);
  return date;
}

/** As `parseWooGmtDate`, passing `null` (an unset date) through. */
export function parseWooGmtDateOrNull(value: string | null, field = "date"): Date | null {
  return value === null ? null : parseWooGmtDate(value, field);
}

/** A UTC instant in WooCommerce's form, whole seconds, for filters sent with `dates_are_gmt=true`. */
export function formatWooGmtDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("invalid Date");
  return date.toISOString().slice(0, 19);
}
