import { type CounterpointColumnName, type CounterpointTableName, widthOf } from "./column-widths.js";

/** What `fit()` cut from a value: enough for the caller to record a warning naming the record and field. */
export interface FitCut {
  table: string;
  column: string;
  width: number;
  original: string;
  /** The characters dropped from the end. */
  removed: string;
}

export interface Fitted {
  value: string;
  /** null when the value already fitted. */
  cut: FitCut | null;
}

/**
 * Fits a string to its Counterpoint column: returns it unchanged when it fits, else its first `width` characters and
 * what was cut. Characters are counted as Unicode code points (never splitting a surrogate pair), which is how the
 * replica engines count; SQL Server's varchar counts bytes of its code page, the same for the Latin text stores use.
 * Columns without a width (text, numbers, dates) pass through unchanged.
 */
export function fit<T extends CounterpointTableName>(
  table: T,
  column: CounterpointColumnName<T>,
  value: string,
): Fitted {
  const width = widthOf(table, column);
  if (width === null) return { value, cut: null };
  if (value.length <= width) return { value, cut: null }; // fast path: UTF-16 length ≥ code points
  const points = [...value];
  if (points.length <= width) return { value, cut: null };
  const kept = points.slice(0, width).join("");
  return { value: kept, cut: { table, column, width, original: value, removed: points.slice(width).join("") } };
}

/** A one-line warning for a cut, e.g. `AR_CUST.NAM cut to 40 characters: dropped "…ltd"`. */
export function describeCut(cut: FitCut): string {
  return `${cut.table}.${cut.column} cut to ${cut.width} characters: dropped ${JSON.stringify(cut.removed)}`;
}
