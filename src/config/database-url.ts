/** Which engine a `CPWOO_*_DB` value names. Parsing only: each port builds its own Kysely dialect from this. */
export type DatabaseKind = "mssql" | "postgres" | "sqlite";

export interface DatabaseUrl {
  kind: DatabaseKind;
  /** The value as given (may hold a password: print only through `redactDatabaseUrl`). */
  url: string;
  /** SQLite only: the file path, or `:memory:`. */
  file?: string;
}

export class DatabaseUrlError extends Error {}

export function parseDatabaseUrl(value: string): DatabaseUrl {
  const v = value.trim();
  if (v.startsWith("sqlite:")) {
    const file = v.slice("sqlite:".length).replace(/^\/\//, "");
    if (file === "") throw new DatabaseUrlError("sqlite: needs a file path, e.g. sqlite:./data/cpwoo.sqlite");
    return { kind: "sqlite", url: v, file };
  }
  if (v.startsWith("postgres://") || v.startsWith("postgresql://")) return { kind: "postgres", url: v };
  if (v.startsWith("mssql://") || v.startsWith("sqlserver://")) return { kind: "mssql", url: v };
  throw new DatabaseUrlError("must start with mssql://, postgres:// or sqlite:");
}

/** The URL with its password replaced by `***`. */
export function redactDatabaseUrl(value: string): string {
  return value.replace(/^([a-z]+:\/\/[^:/@]*:)([^@]*)@/i, "$1***@").replace(/([?&]password=)[^&]*/i, "$1***");
}
