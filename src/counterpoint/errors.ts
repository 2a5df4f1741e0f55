/**
 * True when a database error says a string was too long for its column: SQL Server 8152/2628 "String or binary data
 * would be truncated", PostgreSQL SQLSTATE 22001, or the replica's SQLite width check (named after the same message).
 */
export function isTruncationError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: unknown; number?: unknown };
  if (e.number === 8152 || e.number === 2628) return true;
  if (e.code === "22001") return true;
  return /String or binary data would be truncated/i.test(e.message);
}
