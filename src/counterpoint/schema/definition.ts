/** SQL Server column types that occur in the Counterpoint tables cpwoo touches. */
export type SqlType =
  | { kind: "varchar"; length: number }
  | { kind: "text" }
  | { kind: "decimal"; precision: number; scale: number }
  /** SQL Server `money`: decimal(19,4) semantics. */
  | { kind: "money" }
  | { kind: "bigint" | "int" | "smallint" | "tinyint" | "bit" }
  | { kind: "datetime" | "smalldatetime" }
  | { kind: "uniqueidentifier" }
  /** `timestamp`/`rowversion`: maintained by SQL Server, never written. */
  | { kind: "rowversion" }
  | { kind: "image" };

export type ColumnDefault =
  /** A string literal, e.g. `('N')`. */
  | { kind: "text"; value: string }
  /** A numeric literal, kept as its text, e.g. `((0))` → "0". */
  | { kind: "number"; value: string }
  | { kind: "utcNow" }
  | { kind: "now" }
  /** A server function such as `host_name()`; the replica stores `replica` instead. */
  | { kind: "server"; tsql: string; replica: string };

/** A computed column: its T-SQL formula and the same formula for the replica engines (null: the replica yields NULL). */
export interface ComputedColumn {
  tsql: string;
  postgres: string | null;
  sqlite: string | null;
}

export interface ColumnDef {
  name: string;
  /** Counterpoint's user-defined type (T_COD, T_MONEY…), null when unknown. */
  udt: string | null;
  type: SqlType;
  notNull: boolean;
  default: ColumnDefault | null;
  computed: ComputedColumn | null;
  /** A check constraint: the value must be one of these (NULL stays allowed on nullable columns). */
  allowed: readonly string[] | null;
  /** Uncertain facts about this column ([U]) and where its shape came from when not from the catalog. */
  note: string | null;
}

export interface ForeignKeyDef {
  columns: readonly string[];
  references: string;
  referencedColumns: readonly string[];
}

export interface TableDef {
  name: string;
  /** `catalog`: columns from catalog.json (GOLF_WAREHOUSE, real CP DDL); `hand`: typed from SCHEMA*.md. */
  source: "catalog" | "hand";
  columns: readonly ColumnDef[];
  primaryKey: readonly string[];
  foreignKeys: readonly ForeignKeyDef[];
  note: string | null;
}

export class SchemaDefinitionError extends Error {}

/** Parses a catalog type text (`varchar(40)`, `decimal(15,4)`, `timestamp`…). */
export function parseSqlType(text: string): SqlType {
  const m = /^([a-z]+)(?:\((\d+)(?:,(\d+))?\))?$/.exec(text.trim().toLowerCase());
  if (!m) throw new SchemaDefinitionError(`unknown SQL type text: ${text}`);
  const [, base, a, b] = m;
  switch (base) {
    case "varchar":
    case "char":
      if (a === undefined) throw new SchemaDefinitionError(`${text}: varchar needs a length`);
      return { kind: "varchar", length: Number(a) };
    case "text":
    case "ntext":
      return { kind: "text" };
    case "decimal":
    case "numeric":
      return { kind: "decimal", precision: Number(a ?? 18), scale: Number(b ?? 0) };
    case "money":
      return { kind: "money" };
    case "bigint":
    case "int":
    case "smallint":
    case "tinyint":
    case "bit":
    case "datetime":
    case "smalldatetime":
    case "uniqueidentifier":
    case "image":
      return { kind: base };
    case "timestamp":
    case "rowversion":
      return { kind: "rowversion" };
    default:
      throw new SchemaDefinitionError(`unknown SQL type: ${text}`);
  }
}

const serverFunctions: Readonly<Record<string, string>> = {
  "host_name()": "CPWOO-REPLICA",
  "@@servername": "CPWOO-REPLICA",
  "db_name()": "CPWOO_REPLICA",
};

/** Parses default-constraint text as SQL Server stores it: `('N')`, `((0))`, `((0.00))`, `(getutcdate())`. */
export function parseDefault(text: string | null): ColumnDefault | null {
  if (text === null) return null;
  let t = text.trim();
  while (t.startsWith("(") && t.endsWith(")")) t = t.slice(1, -1).trim();
  if (/^'.*'$/s.test(t)) return { kind: "text", value: t.slice(1, -1).replaceAll("''", "'") };
  if (/^-?\d+(\.\d+)?$/.test(t)) return { kind: "number", value: t };
  const fn = t.toLowerCase();
  if (fn === "getutcdate()") return { kind: "utcNow" };
  if (fn === "getdate()") return { kind: "now" };
  const replica = serverFunctions[fn];
  if (replica !== undefined) return { kind: "server", tsql: fn, replica };
  throw new SchemaDefinitionError(`unknown default text: ${text}`);
}

/** Longest string a column accepts (characters), or null when the column is not a bounded string. */
export function columnWidth(column: ColumnDef): number | null {
  return column.type.kind === "varchar" ? column.type.length : null;
}

/** Scale of a decimal or money column, or null for other types. */
export function decimalScale(type: SqlType): number | null {
  if (type.kind === "decimal") return type.scale;
  if (type.kind === "money") return 4;
  return null;
}

export function isDecimal(type: SqlType): boolean {
  return type.kind === "decimal" || type.kind === "money";
}
