import type { Insertable } from "kysely";
import type { CounterpointTableName } from "../../counterpoint/column-widths.js";
import type { CounterpointDatabase } from "../../counterpoint/schema/database.generated.js";

export type RowValue = string | number | null | Uint8Array;

/** One row for one Counterpoint table, as the demo-store generator produces them. */
export interface DemoRow {
  table: CounterpointTableName;
  row: Readonly<Record<string, RowValue | undefined>>;
}

/** A row checked against the table's Kysely insert type (names, NOT NULLs, value types). */
export function demoRow<T extends CounterpointTableName>(table: T, row: Insertable<CounterpointDatabase[T]>): DemoRow {
  return { table, row };
}
