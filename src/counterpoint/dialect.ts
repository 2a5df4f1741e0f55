import {
  type AliasedExpression,
  type InsertQueryBuilder,
  type InsertResult,
  type Kysely,
  MssqlAdapter,
  PostgresAdapter,
  type RawBuilder,
  type Selectable,
  type SelectQueryBuilder,
  type Transaction,
  SqliteAdapter,
  sql,
  type UpdateQueryBuilder,
  type UpdateResult,
} from "kysely";
import type { DatabaseKind } from "../config/index.js";

/**
 * What differs between the three engines a Counterpoint query runs on: SQL Server in production, the replica on
 * PostgreSQL or SQLite. One row per engine; the helpers below are the only place that branches on it.
 */
export interface DialectCapabilities {
  engine: DatabaseKind;
  /** "First n rows": T-SQL `SELECT TOP (n)`; elsewhere `LIMIT n` (Kysely's `.limit()` is invalid T-SQL). */
  firstRows: "top" | "limit";
  /** A page of rows: T-SQL `ORDER BY … OFFSET o ROWS FETCH NEXT n ROWS ONLY`; elsewhere `LIMIT n OFFSET o`. */
  paging: "offset-fetch" | "limit-offset";
  /** How a transaction locks the rows it read and will update (counters): a table hint, FOR UPDATE, or nothing. */
  rowLock: "table-hint UPDLOCK, HOLDLOCK" | "FOR UPDATE" | "none (single writer)";
  /** How an INSERT/UPDATE hands back its rows. */
  changedRows: "OUTPUT inserted.*" | "RETURNING";
  /** How a decimal/money column is selected as exact text. */
  moneyAsText:
    | "CONVERT(varchar, CONVERT(decimal(38,s), x))"
    | "CAST(CAST(x AS numeric(38,s)) AS text)"
    | "printf('%.sf', x)";
}

export const dialectCapabilities: Readonly<Record<DatabaseKind, DialectCapabilities>> = {
  mssql: {
    engine: "mssql",
    firstRows: "top",
    paging: "offset-fetch",
    rowLock: "table-hint UPDLOCK, HOLDLOCK",
    changedRows: "OUTPUT inserted.*",
    moneyAsText: "CONVERT(varchar, CONVERT(decimal(38,s), x))",
  },
  postgres: {
    engine: "postgres",
    firstRows: "limit",
    paging: "limit-offset",
    rowLock: "FOR UPDATE",
    changedRows: "RETURNING",
    moneyAsText: "CAST(CAST(x AS numeric(38,s)) AS text)",
  },
  sqlite: {
    engine: "sqlite",
    firstRows: "limit",
    paging: "limit-offset",
    rowLock: "none (single writer)",
    changedRows: "RETURNING",
    moneyAsText: "printf('%.sf', x)",
  },
};

export class UnknownDialectError extends Error {}

/** Which engine a Kysely instance talks to, read from its adapter (works without a connection). */
export function engineOf<DB>(db: Kysely<DB> | Transaction<DB>): DatabaseKind {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof MssqlAdapter) return "mssql";
  if (adapter instanceof PostgresAdapter) return "postgres";
  if (adapter instanceof SqliteAdapter) return "sqlite";
  throw new UnknownDialectError("Counterpoint queries run on SQL Server, PostgreSQL or SQLite only");
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${n}`);
}

/** The first `n` rows of a query: `TOP (n)` on SQL Server, `LIMIT n` elsewhere. */
export function firstRows<DB, TB extends keyof DB, O>(
  engine: DatabaseKind,
  query: SelectQueryBuilder<DB, TB, O>,
  n: number,
): SelectQueryBuilder<DB, TB, O> {
  checkCount(n, "row count");
  return dialectCapabilities[engine].firstRows === "top" ? query.top(n) : query.limit(n);
}

/** A page of an ordered query (the query must have an ORDER BY: SQL Server requires it for OFFSET). */
export function pageRows<DB, TB extends keyof DB, O>(
  engine: DatabaseKind,
  query: SelectQueryBuilder<DB, TB, O>,
  offset: number,
  n: number,
): SelectQueryBuilder<DB, TB, O> {
  checkCount(offset, "offset");
  checkCount(n, "page size");
  return dialectCapabilities[engine].paging === "offset-fetch"
    ? query.offset(offset).fetch(n)
    : query.limit(n).offset(offset);
}

/**
 * A `SELECT … FROM table` that locks the rows it reads until the transaction ends, for read-then-update work such as
 * taking the next document number: `FROM [T] WITH (UPDLOCK, HOLDLOCK)` on SQL Server, `… FOR UPDATE` on PostgreSQL;
 * SQLite has one writer at a time, so nothing is added there. Use it inside a transaction.
 */
export function selectForUpdate<DB, T extends keyof DB & string>(
  db: Kysely<DB> | Transaction<DB>,
  table: T,
): SelectQueryBuilder<DB, T, object> {
  const engine = engineOf(db);
  if (engine === "mssql") {
    // A T-SQL table hint follows the table name; Kysely has no node for it, so the FROM item is raw SQL that still
    // exposes the table under its own name (so `T.COL` references keep working).
    const hinted = sql`${sql.table(table)} WITH (UPDLOCK, HOLDLOCK)`;
    const fromItem = {
      get expression() {
        return hinted;
      },
      get alias() {
        return table;
      },
      toOperationNode: () => hinted.toOperationNode(),
    } as unknown as AliasedExpression<DB[T], T>;
    return db.selectFrom(fromItem) as unknown as SelectQueryBuilder<DB, T, object>;
  }
  const query = db.selectFrom(table as never) as unknown as SelectQueryBuilder<DB, T, object>;
  return engine === "postgres" ? query.forUpdate() : query;
}

/**
 * A decimal/money column (or expression) selected as exact decimal text with `scale` decimals, e.g. "41.7690".
 * tedious would return DECIMAL/MONEY as a float, so Counterpoint money is always read through this and parsed with
 * `money()`. NULL stays NULL.
 */
export function moneyText(engine: DatabaseKind, column: string, scale: number): RawBuilder<string | null> {
  checkCount(scale, "scale");
  const ref = sql.ref(column);
  switch (engine) {
    case "mssql":
      return sql<string | null>`CONVERT(varchar(50), CONVERT(decimal(38, ${sql.raw(String(scale))}), ${ref}))`;
    case "postgres":
      return sql<string | null>`CAST(CAST(${ref} AS numeric(38, ${sql.raw(String(scale))})) AS text)`;
    case "sqlite":
      // printf on a NULL prints 0: keep NULL explicit.
      return sql<string | null>`CASE WHEN ${ref} IS NULL THEN NULL ELSE printf(${sql.lit(`%.${scale}f`)}, ${ref}) END`;
  }
}

/** The database's local date-time now (Counterpoint stores local wall-clock times). */
export function nowSql(engine: DatabaseKind): RawBuilder<Date | string> {
  switch (engine) {
    case "mssql":
      return sql`GETDATE()`;
    case "postgres":
      return sql`LOCALTIMESTAMP(3)`;
    case "sqlite":
      return sql`strftime('%Y-%m-%dT%H:%M:%f', 'now', 'localtime')`;
  }
}

interface OutputCapable {
  output(columns: readonly string[]): unknown;
}
interface ReturningCapable {
  returning(columns: readonly string[]): unknown;
}

/** An INSERT that hands back the given columns of the inserted rows: `OUTPUT inserted.…` or `RETURNING …`. */
export function insertReturning<DB, TB extends keyof DB & string, C extends keyof Selectable<DB[TB]> & string>(
  engine: DatabaseKind,
  query: InsertQueryBuilder<DB, TB, InsertResult>,
  columns: readonly C[],
): InsertQueryBuilder<DB, TB, Pick<Selectable<DB[TB]>, C>> {
  const q = query as unknown as OutputCapable & ReturningCapable;
  const built =
    dialectCapabilities[engine].changedRows === "RETURNING"
      ? q.returning(columns)
      : q.output(columns.map((c) => `inserted.${c}`));
  return built as InsertQueryBuilder<DB, TB, Pick<Selectable<DB[TB]>, C>>;
}

/** An UPDATE that hands back the given columns of the updated rows, as written: `OUTPUT inserted.…` or `RETURNING …`. */
export function updateReturning<DB, UT extends keyof DB & string, C extends keyof Selectable<DB[UT]> & string>(
  engine: DatabaseKind,
  query: UpdateQueryBuilder<DB, UT, UT, UpdateResult>,
  columns: readonly C[],
): UpdateQueryBuilder<DB, UT, UT, Pick<Selectable<DB[UT]>, C>> {
  const q = query as unknown as OutputCapable & ReturningCapable;
  const built =
    dialectCapabilities[engine].changedRows === "RETURNING"
      ? q.returning(columns)
      : q.output(columns.map((c) => `inserted.${c}`));
  return built as UpdateQueryBuilder<DB, UT, UT, Pick<Selectable<DB[UT]>, C>>;
}
