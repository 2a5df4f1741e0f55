import type { ColumnDefinitionBuilder } from "kysely";
import type { StateEngine } from "../open-state-store.js";

/** An auto-numbered integer primary key, spelled the way each engine wants it. */
export function serialPrimaryKey(engine: StateEngine): (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return engine === "sqlite"
    ? (column) => column.primaryKey().autoIncrement()
    : (column) => column.primaryKey().generatedByDefaultAsIdentity();
}

/** `column IN ('a', 'b')` as CHECK text. Values are our own constants, never user input. */
export function inList(column: string, values: readonly string[]): string {
  for (const value of values) if (!/^[a-z_]+$/.test(value)) throw new Error(`bad enum value ${value}`);
  return `${column} in (${values.map((v) => `'${v}'`).join(", ")})`;
}
