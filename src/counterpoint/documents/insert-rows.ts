import { type Compilable, CompiledQuery, type Insertable, type Kysely, type Transaction } from "kysely";
import { engineOf } from "../dialect.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";
import { MSSQL_PARAMETER_BUDGET, postgresLiteral } from "../statement-batch.js";

type Db = Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>;

/**
 * The INSERTs for rows of one table, as few as possible (multi-row VALUES), cut so no statement passes SQL Server's
 * parameter limit. Every row must carry the same columns (SQLite has no DEFAULT in a VALUES list).
 */
export function insertRowsStatements<T extends keyof CounterpointDatabase>(
  trx: Db,
  table: T,
  rows: readonly Insertable<CounterpointDatabase[T]>[],
): (Compilable | CompiledQuery)[] {
  const first = rows[0];
  if (first === undefined) return [];
  const perRow = Math.max(1, Object.keys(first).length);
  const size = Math.max(1, Math.min(1000, Math.floor(MSSQL_PARAMETER_BUDGET / perRow)));
  const statements: (Compilable | CompiledQuery)[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const part = rows.slice(i, i + size);
    statements.push(plainInsert(trx, table, part) ?? trx.insertInto(table).values(part));
  }
  return statements;
}

/**
 * The INSERT Kysely would compile for rows of plain values that all carry the same columns, written directly: a
 * document's rows are thousands of values, and Kysely's query tree for them (a frozen node per value) cost twice the
 * CPU and most of the garbage. On PostgreSQL the values are written in as literals (`postgresLiteral`), as
 * `inlinePostgresLiterals` would write Kysely's statement, rather than as placeholders to be rewritten right after.
 * Undefined when a row differs or holds anything but a plain value: Kysely builds those.
 */
function plainInsert(trx: Db, table: string, rows: readonly object[]): CompiledQuery | undefined {
  const first = rows[0];
  if (first === undefined) return undefined;
  const columns = Object.keys(first);
  if (columns.length === 0) return undefined;
  const engine = engineOf(trx);
  const head = `insert into ${quoted(table)} (${columns.map(quoted).join(", ")}) values `;
  if (engine === "postgres") {
    const literal = literalValues(rows, columns);
    if (literal !== undefined) return CompiledQuery.raw(head + literal, []);
  }
  const placeholder = engine === "postgres" ? "$" : engine === "mssql" ? "@" : "?";
  const parameters: unknown[] = [];
  const groups: string[] = [];
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    if (Object.keys(values).length !== columns.length) return undefined;
    const marks: string[] = [];
    for (const column of columns) {
      const value = values[column];
      if (value === undefined || (value !== null && typeof value === "object" && !(value instanceof Date))) {
        return undefined;
      }
      if (typeof value === "function" || typeof value === "symbol") return undefined;
      parameters.push(value);
      marks.push(placeholder === "?" ? "?" : `${placeholder}${parameters.length}`);
    }
    groups.push(`(${marks.join(", ")})`);
  }
  return CompiledQuery.raw(head + groups.join(", "), parameters);
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The VALUES groups of rows as PostgreSQL literals; undefined when a row differs or a value is not plain. */
function literalValues(rows: readonly object[], columns: readonly string[]): string | undefined {
  let text = "";
  for (const [i, row] of rows.entries()) {
    const values = row as Record<string, unknown>;
    if (Object.keys(values).length !== columns.length) return undefined;
    text += i === 0 ? "(" : ", (";
    for (const [j, column] of columns.entries()) {
      const literal = postgresLiteral(values[column]);
      if (literal === undefined) return undefined;
      text += j === 0 ? literal : `, ${literal}`;
    }
    text += ")";
  }
  return text;
}
