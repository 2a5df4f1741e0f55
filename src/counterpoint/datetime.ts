/**
 * Counterpoint keeps local wall-clock date-times (TKT_DT, LST_MAINT_DT…). cpwoo writes them as ISO text without a zone,
 * `YYYY-MM-DDTHH:MM:SS.mmm`: SQL Server reads that form the same under every language/DATEFORMAT setting, PostgreSQL
 * parses it, and on SQLite (which stores date-times as text) one fixed form keeps comparisons and ordering correct.
 */
export function cpDateTimeText(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("not a valid date");
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return (
    `${p(date.getFullYear(), 4)}-${p(date.getMonth() + 1)}-${p(date.getDate())}` +
    `T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.${p(date.getMilliseconds(), 3)}`
  );
}

/** A date-only value (BUS_DAT, SHIP_DAT…) as Counterpoint stores it: midnight local time. */
export function cpDateText(date: Date): string {
  return `${cpDateTimeText(date).slice(0, 10)}T00:00:00.000`;
}
