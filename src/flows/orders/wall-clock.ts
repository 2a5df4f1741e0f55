const WOO_DATE = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)$/;

/**
 * A WooCommerce site-local date (`date_created`, no `_gmt`) as the same wall-clock time in a local `Date`, which is
 * how Counterpoint date-times are written (`cpDateTimeText` reads local components). Never shifted by the site's
 * offset (B21). Null when the text is not a real date.
 */
export function parseWooLocalDate(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const m = WOO_DATE.exec(value);
  if (m === null) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(y, mo - 1, d, h, mi, s);
  // The Date constructor rolls 2026-02-30 into March: refuse it. (A time skipped by a DST change moves an hour on.)
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
}
