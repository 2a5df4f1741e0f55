import { cpDateTimeText } from "../datetime.js";

/**
 * A maintenance date-time (LST_MAINT_DT) as cpwoo's fixed text form `YYYY-MM-DDTHH:MM:SS.mmm`: SQLite hands back text,
 * PostgreSQL and SQL Server a Date read as local wall-clock time. Null stays null.
 */
export function maintText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return cpDateTimeText(value);
  if (typeof value !== "string") throw new RangeError(`LST_MAINT_DT: unexpected ${typeof value} value`);
  const text = value.trim().replace(" ", "T");
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(text)) throw new RangeError(`LST_MAINT_DT: "${text}" is not a date-time`);
  const [whole = text, fraction = ""] = text.split(".");
  return `${whole.slice(0, 19)}.${fraction.padEnd(3, "0").slice(0, 3)}`;
}

/** IN-lists are cut to this many values: SQL Server allows 2,100 parameters per statement, SQLite 32,766. */
export const IN_LIST_CHUNK = 500;

export function chunks<T>(values: readonly T[], size = IN_LIST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
