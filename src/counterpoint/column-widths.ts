import type { CounterpointDatabase } from "./schema/database.generated.js";
import { counterpointSchema } from "./schema/counterpoint-schema.js";
import { columnWidth } from "./schema/definition.js";

export type CounterpointTableName = Extract<keyof CounterpointDatabase, string>;
export type CounterpointColumnName<T extends CounterpointTableName> = keyof CounterpointDatabase[T] & string;

/**
 * Width in characters of every bounded string column (varchar(n)), by table and column, from THE definition.
 * SQL Server rejects a longer value ("String or binary data would be truncated"), so writers fit values first.
 */
export const columnWidths: Readonly<Record<string, Readonly<Record<string, number>>>> = Object.fromEntries(
  counterpointSchema.map((t) => [
    t.name,
    Object.fromEntries(
      t.columns.flatMap((c) => {
        const width = columnWidth(c);
        return width === null || c.computed ? [] : [[c.name, width]];
      }),
    ),
  ]),
);

/** Width of a string column, or null when the column is not a bounded string (text, numbers, dates). */
export function widthOf<T extends CounterpointTableName>(table: T, column: CounterpointColumnName<T>): number | null {
  return columnWidths[table]?.[column] ?? null;
}
