import { counterpointSchema } from "../../counterpoint/schema/counterpoint-schema.js";
import type { ColumnDef, ColumnDefault, SqlType, TableDef } from "../../counterpoint/schema/definition.js";

export type ReplicaEngine = "sqlite" | "postgres";

/** The message SQL Server gives for an over-width string; the SQLite width checks are named after it. */
export const TRUNCATION_MESSAGE = "String or binary data would be truncated";

const id = (name: string) => `"${name.replaceAll('"', '""')}"`;
const lit = (value: string) => `'${value.replaceAll("'", "''")}'`;

function integerRange(kind: SqlType["kind"]): [string, string] | null {
  switch (kind) {
    case "tinyint":
      return ["0", "255"];
    case "smallint":
      return ["-32768", "32767"];
    case "int":
      return ["-2147483648", "2147483647"];
    case "bigint":
      return ["-9223372036854775808", "9223372036854775807"];
    case "bit":
      return ["0", "1"];
    default:
      return null;
  }
}

function postgresType(type: SqlType): string {
  switch (type.kind) {
    case "varchar":
      return `varchar(${type.length})`;
    case "text":
      return "text";
    case "decimal":
      return `numeric(${type.precision},${type.scale})`;
    case "money":
      return "numeric(19,4)";
    case "bigint":
      return "bigint";
    case "int":
      return "integer";
    case "smallint":
    case "tinyint":
    case "bit":
      return "smallint";
    case "datetime":
    case "smalldatetime":
      return "timestamp(3)";
    case "uniqueidentifier":
      return "uuid";
    case "rowversion":
    case "image":
      return "bytea";
  }
}

/** SQLite declared types: chosen for their affinity (NUMERIC for decimals keeps comparisons numeric). */
function sqliteType(type: SqlType): string {
  switch (type.kind) {
    case "varchar":
      return `VARCHAR(${type.length})`;
    case "decimal":
      return `DECIMAL(${type.precision},${type.scale})`;
    case "money":
      return "DECIMAL(19,4)";
    case "bigint":
    case "int":
    case "smallint":
    case "tinyint":
    case "bit":
      return "INTEGER";
    case "text":
    case "datetime":
    case "smalldatetime":
    case "uniqueidentifier":
      return "TEXT";
    case "rowversion":
    case "image":
      return "BLOB";
  }
}

function defaultSql(engine: ReplicaEngine, d: ColumnDefault): string {
  switch (d.kind) {
    case "text":
      return lit(d.value);
    case "number":
      return d.value;
    case "server":
      return lit(d.replica);
    case "utcNow":
      return engine === "postgres"
        ? "(CAST(now() AT TIME ZONE 'utc' AS timestamp(3)))"
        : "(strftime('%Y-%m-%dT%H:%M:%f', 'now'))";
    case "now":
      return engine === "postgres" ? "LOCALTIMESTAMP(3)" : "(strftime('%Y-%m-%dT%H:%M:%f', 'now', 'localtime'))";
  }
}

/** Checks that make SQLite refuse what SQL Server refuses (PostgreSQL's own types already do, except tinyint/bit). */
function sqliteChecks(table: string, c: ColumnDef): string[] {
  const col = id(c.name);
  const where = `${table}.${c.name}`;
  const t = c.type;
  switch (t.kind) {
    case "varchar":
      return [
        `CONSTRAINT ${id(`${TRUNCATION_MESSAGE}: ${where} (max ${t.length})`)} CHECK (length(${col}) <= ${t.length})`,
      ];
    case "decimal":
    case "money": {
      const [p, s] = t.kind === "money" ? [19, 4] : [t.precision, t.scale];
      return [
        `CONSTRAINT ${id(`Arithmetic overflow or not a number: ${where} decimal(${p},${s})`)} CHECK (${col} IS NULL OR ` +
          `(typeof(${col}) IN ('integer', 'real') AND abs(${col}) < 1e${p - s}))`,
      ];
    }
    case "bigint":
    case "int":
    case "smallint":
    case "tinyint":
    case "bit": {
      const [lo, hi] = integerRange(t.kind) ?? ["0", "0"];
      return [
        `CONSTRAINT ${id(`Arithmetic overflow or not an integer: ${where} ${t.kind}`)} CHECK (${col} IS NULL OR ` +
          `(typeof(${col}) = 'integer' AND ${col} BETWEEN ${lo} AND ${hi}))`,
      ];
    }
    case "datetime":
    case "smalldatetime":
      return [
        `CONSTRAINT ${id(`Conversion failed when converting date and/or time: ${where}`)} CHECK (${col} IS NULL OR ` +
          `(${col} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]*' AND julianday(${col}) IS NOT NULL))`,
      ];
    case "uniqueidentifier":
      return [
        `CONSTRAINT ${id(`Conversion failed when converting to uniqueidentifier: ${where}`)} CHECK (${col} IS NULL OR ` +
          `${col} GLOB '[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]-*-*-*-*')`,
      ];
    default:
      return [];
  }
}

function columnSql(engine: ReplicaEngine, table: TableDef, c: ColumnDef): string {
  const type = engine === "postgres" ? postgresType(c.type) : sqliteType(c.type);
  const parts = [id(c.name), type];
  if (c.computed) {
    const formula = engine === "postgres" ? c.computed.postgres : c.computed.sqlite;
    // No replica formula: a generated column that is always NULL, still refusing writes as SQL Server does.
    const expr = formula ?? (engine === "postgres" ? `NULL::${type}` : "NULL");
    parts.push(`GENERATED ALWAYS AS (${expr})`, engine === "postgres" ? "STORED" : "VIRTUAL");
    return parts.join(" ");
  }
  if (c.notNull) parts.push("NOT NULL");
  if (c.default) parts.push(`DEFAULT ${defaultSql(engine, c.default)}`);
  return parts.join(" ");
}

function tableConstraints(engine: ReplicaEngine, t: TableDef): string[] {
  const out: string[] = [];
  out.push(`CONSTRAINT ${id(`PK_${t.name}`)} PRIMARY KEY (${t.primaryKey.map(id).join(", ")})`);
  for (const c of t.columns) {
    if (c.computed) continue;
    if (c.allowed) {
      out.push(
        `CONSTRAINT ${id(`CK_${t.name}_${c.name}`)} CHECK (${id(c.name)} IN (${c.allowed.map(lit).join(", ")}))`,
      );
    }
    if (engine === "sqlite") {
      out.push(...sqliteChecks(t.name, c));
    } else if (c.type.kind === "tinyint" || c.type.kind === "bit") {
      const [lo, hi] = integerRange(c.type.kind) ?? ["0", "0"];
      out.push(`CHECK (${id(c.name)} BETWEEN ${lo} AND ${hi})`);
    }
  }
  t.foreignKeys.forEach((f, i) => {
    out.push(
      `CONSTRAINT ${id(`FK_${t.name}_${i + 1}`)} FOREIGN KEY (${f.columns.map(id).join(", ")}) ` +
        `REFERENCES ${id(f.references)} (${f.referencedColumns.map(id).join(", ")})`,
    );
  });
  return out;
}

/** Tables ordered so that every table comes after the tables its foreign keys reference. */
export function inDependencyOrder(tables: readonly TableDef[]): TableDef[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableDef[] = [];
  const visit = (t: TableDef, path: string[]) => {
    if (done.has(t.name)) return;
    if (path.includes(t.name)) throw new Error(`foreign-key cycle: ${[...path, t.name].join(" → ")}`);
    for (const f of t.foreignKeys) {
      const target = byName.get(f.references);
      if (target && target !== t) visit(target, [...path, t.name]);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of tables) visit(t, []);
  return out;
}

/**
 * The replica's DDL for one engine, generated from THE Counterpoint definition: one CREATE TABLE per table (real names,
 * types, widths, NOT NULLs, defaults, keys, check constraints, foreign keys, computed columns as generated columns),
 * plus the DELETE trigger placeholder CP has on PS_DOC_HDR.
 */
export function replicaDdl(engine: ReplicaEngine, tables: readonly TableDef[] = counterpointSchema): string[] {
  const statements: string[] = [];
  for (const t of inDependencyOrder(tables)) {
    const body = [...t.columns.map((c) => columnSql(engine, t, c)), ...tableConstraints(engine, t)];
    statements.push(`CREATE TABLE ${id(t.name)} (\n  ${body.join(",\n  ")}\n)`);
  }
  if (tables.some((t) => t.name === "PS_DOC_HDR")) {
    // TR_RS_PS_DOC_HDR_D exists in CP [V] (replication bookkeeping); the replica keeps an empty stand-in.
    if (engine === "postgres") {
      statements.push(
        `CREATE FUNCTION "TR_RS_PS_DOC_HDR_D_FN"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
        `CREATE TRIGGER "TR_RS_PS_DOC_HDR_D" AFTER DELETE ON "PS_DOC_HDR" FOR EACH ROW EXECUTE FUNCTION "TR_RS_PS_DOC_HDR_D_FN"()`,
      );
    } else {
      statements.push(`CREATE TRIGGER "TR_RS_PS_DOC_HDR_D" AFTER DELETE ON "PS_DOC_HDR" BEGIN SELECT 1; END`);
    }
  }
  return statements;
}
