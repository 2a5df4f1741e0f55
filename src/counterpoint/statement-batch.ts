import { type Compilable, CompiledQuery, type Kysely, type Transaction } from "kysely";
import pg from "pg";
import { engineOf } from "./dialect.js";

/**
 * Parameters one Counterpoint statement or request may carry: SQL Server takes at most 2,100 for a whole request
 * (batch); every cut of rows or statements stays under this.
 */
export const MSSQL_PARAMETER_BUDGET = 2000;

/** The character that closes quoted text opened by `open` ('…', "…", and […] on SQL Server), if `open` opens one. */
function closingQuote(open: number, engine: "postgres" | "mssql"): number | undefined {
  if (open === 39 || open === 34) return open; // ' "
  if (open === 91 && engine === "mssql") return 93; // [ ]
  return undefined;
}

/**
 * Rewrites the positional placeholders of one compiled statement (`$1` / `@1`, not `@@…`) through `replace`; quoted
 * text is passed over (a doubled closing character stays inside it). A hand-written scan: a document's statements
 * carry a thousand placeholders, and a regular expression with a callback cost 2.5 times as much.
 */
function mapPlaceholders(text: string, engine: "postgres" | "mssql", replace: (n: number) => string): string {
  const sigil = engine === "postgres" ? 36 : 64; // $ @
  let out = "";
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const close = closingQuote(c, engine);
    if (close !== undefined) {
      let end = i + 1;
      for (;;) {
        const at = text.indexOf(String.fromCharCode(close), end);
        if (at < 0) {
          end = text.length;
          break;
        }
        end = at + 1;
        if (text.charCodeAt(end) !== close) break;
        end += 1;
      }
      i = end;
      continue;
    }
    if (c === sigil && !(engine === "mssql" && text.charCodeAt(i - 1) === sigil)) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      if (j > i + 1) {
        out += text.slice(copied, i) + replace(Number(text.slice(i + 1, j)));
        copied = j;
        i = j;
        continue;
      }
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A value as a PostgreSQL quoted literal; pg's escapeLiteral builds it a character at a time, so only when needed. */
function quotedLiteral(value: string): string {
  return /['\\]/.test(value) ? pg.escapeLiteral(value) : `'${value}'`;
}

/**
 * A parameter value written as a PostgreSQL literal: NULL, or quoted text (numbers and booleans too). A quoted
 * literal has no type until PostgreSQL fits it to its column, exactly like a text parameter. Undefined when the value
 * is not plain text, number, bigint, boolean or null.
 */
export function postgresLiteral(value: unknown): string | undefined {
  if (value === null) return "NULL";
  if (typeof value === "string") return quotedLiteral(value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
    return quotedLiteral(String(value));
  }
  return undefined;
}

/** One statement's placeholders numbered on after `offset`, so statements compiled apart can share one request. */
export function shiftPlaceholders(text: string, engine: "postgres" | "mssql", offset: number): string {
  if (offset === 0) return text;
  const sigil = engine === "postgres" ? "$" : "@";
  return mapPlaceholders(text, engine, (n) => `${sigil}${n + offset}`);
}

/**
 * A PostgreSQL statement with its parameters written in as literals (`postgresLiteral`), so several can go in one
 * simple-protocol message. Undefined when a value is not plain.
 */
export function inlinePostgresLiterals(q: CompiledQuery): string | undefined {
  if (q.parameters.length === 0) return q.sql;
  let plain = true;
  const text = mapPlaceholders(q.sql, "postgres", (n) => {
    const literal = postgresLiteral(q.parameters[n - 1]);
    if (literal !== undefined) return literal;
    plain = false;
    return "NULL";
  });
  return plain ? text : undefined;
}

/** SQL Server statements compiled apart, numbered on and joined into one batch. */
export function joinMssqlStatements(parts: readonly CompiledQuery[]): CompiledQuery {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const texts: string[] = [];
  const parameters: unknown[] = [];
  for (const part of parts) {
    texts.push(shiftPlaceholders(part.sql, "mssql", parameters.length));
    parameters.push(...part.parameters);
  }
  return CompiledQuery.raw(texts.join(";\n"), parameters);
}

/**
 * Runs statements whose results are not needed (inserts, arithmetic updates) in as few round trips as the engine
 * allows: round trips, not rows, are what a document costs on a busy server.
 * - SQL Server: one batch per ~2,000 parameters (its limit is 2,100 per request).
 * - PostgreSQL: one simple-protocol message with the values written in as literals; a statement whose values are not
 *   plain is sent on its own with parameters, in its place. (A chain of data-modifying CTEs was measured: it costs
 *   PostgreSQL three times the CPU of separate statements.)
 * - SQLite is in-process: one statement at a time.
 * They run in the given order, inside the caller's transaction; a failing statement fails the call.
 */
export async function executeTogether<DB>(
  db: Kysely<DB> | Transaction<DB>,
  statements: readonly (Compilable | CompiledQuery)[],
): Promise<void> {
  const engine = engineOf(db);
  const compiled = statements.map((s) => ("compile" in s ? s.compile() : s));
  if (engine === "sqlite") {
    for (const q of compiled) await db.executeQuery(q);
    return;
  }
  if (engine === "postgres") {
    let texts: string[] = [];
    const flush = async () => {
      if (texts.length > 0) await db.executeQuery(CompiledQuery.raw(texts.join(";\n"), []));
      texts = [];
    };
    for (const q of compiled) {
      const text = inlinePostgresLiterals(q);
      if (text !== undefined) {
        texts.push(text);
        continue;
      }
      await flush();
      await db.executeQuery(q);
    }
    await flush();
    return;
  }
  let group: CompiledQuery[] = [];
  let size = 0;
  for (const q of compiled) {
    if (group.length > 0 && size + q.parameters.length > MSSQL_PARAMETER_BUDGET) {
      await db.executeQuery(joinMssqlStatements(group));
      group = [];
      size = 0;
    }
    group.push(q);
    size += q.parameters.length;
  }
  if (group.length > 0) await db.executeQuery(joinMssqlStatements(group));
}

/**
 * Runs statements as one atomic unit in as few round trips as the engine allows. PostgreSQL: one simple-protocol
 * message (several statements in one message run as one transaction, so BEGIN and COMMIT cost nothing); SQL Server
 * and SQLite: a transaction around `executeTogether` (SQL Server's 2,100 parameters per request rarely hold a whole
 * document). `build` makes the statements on the connection that will run them (for SQLite, inside the transaction).
 */
export async function executeAtomically<DB>(
  db: Kysely<DB>,
  build: (
    q: Kysely<DB> | Transaction<DB>,
  ) => readonly (Compilable | CompiledQuery)[] | Promise<readonly (Compilable | CompiledQuery)[]>,
): Promise<void> {
  if (engineOf(db) === "postgres") {
    const statements = (await build(db)).map((s) => ("compile" in s ? s.compile() : s));
    const texts = statements.map(inlinePostgresLiterals);
    if (texts.every((t): t is string => t !== undefined)) {
      await db.executeQuery(CompiledQuery.raw(texts.join(";\n"), []));
      return;
    }
  }
  await db.transaction().execute(async (trx) => executeTogether(trx, await build(trx)));
}
