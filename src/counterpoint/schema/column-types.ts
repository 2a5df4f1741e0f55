import type { ColumnType } from "kysely";

// Kysely column types of the Counterpoint tables. The generated database.generated.ts uses only these names.

/** varchar, text, uniqueidentifier. */
export type CpString = ColumnType<string, string, string>;
/**
 * decimal, numeric and money. Typed as text because cpwoo reads money as text: tedious returns DECIMAL/MONEY as
 * floats, so every read of such a column goes through the dialect's `moneyText()` and is parsed with decimal.js.
 * Written as text too (the money policy keeps JS numbers away from amounts).
 */
export type CpDecimal = ColumnType<string, string, string>;
export type CpInt = ColumnType<number, number, number>;
/** bigint (DOC_ID, DRW_SESSION_ID…): tedious and pg return text, better-sqlite3 a number. Keep DOC_IDs as text. */
export type CpBigInt = ColumnType<string | number, string | number, string | number>;
/** bit: a boolean from SQL Server, 0/1 from the replica; written as 0/1. */
export type CpBit = ColumnType<boolean | number, 0 | 1, 0 | 1>;
/**
 * datetime: a Date from SQL Server and PostgreSQL, text from SQLite. Written as Counterpoint-local ISO text
 * (`cpDateTimeText()`), which every engine reads the same way.
 */
export type CpDateTime = ColumnType<Date | string, string, string>;
export type CpBinary = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

type Parts<T> = T extends ColumnType<infer S, infer I, infer U> ? [S, I, U] : never;

/** A column that accepts NULL (and so may be left out of an insert). */
export type CpNullable<T> = ColumnType<Parts<T>[0] | null, Parts<T>[1] | null, Parts<T>[2] | null>;
/** A NOT NULL column with a default: may be left out of an insert. */
export type CpDefaulted<T> = ColumnType<Parts<T>[0], Parts<T>[1] | undefined, Parts<T>[2]>;
/** A computed column (or rowversion): read-only; NULL when its inputs are. */
export type CpComputed<T> = ColumnType<Parts<T>[0] | null, never, never>;
