import { type RawBuilder, sql } from "kysely";

/**
 * `column LIKE 'prefix…' ESCAPE '!'`: the prefix matched literally on SQL Server, PostgreSQL and SQLite (`%`, `_`,
 * `[` and `!` escaped), followed by `tail` (raw LIKE syntax, e.g. `%` or `______`).
 */
export function likePrefix(column: string, prefix: string, tail: string): RawBuilder<boolean> {
  const escaped = prefix.replace(/[!%_[]/g, (c) => `!${c}`);
  return sql<boolean>`${sql.ref(column)} LIKE ${escaped + tail} ESCAPE '!'`;
}
