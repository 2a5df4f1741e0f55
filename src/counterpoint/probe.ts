import { type Kysely, sql } from "kysely";
import type { DatabaseKind } from "../config/index.js";
import { engineOf } from "./dialect.js";
import { counterpointTable } from "./schema/counterpoint-schema.js";
import { columnWidth, type TableDef } from "./schema/definition.js";
import { usedTables } from "./schema/used-columns.js";

/** One table cpwoo needs, with the columns it needs and whether cpwoo inserts into it. */
export interface RequiredTable {
  table: string;
  writes: boolean;
  columns: readonly string[];
}

function requiredColumns(def: TableDef, writes: boolean, listed: readonly string[]): string[] {
  const out = new Set(listed);
  if (writes) {
    for (const c of def.columns) if (c.notNull && !c.default && !c.computed) out.add(c.name);
  }
  // keep the definition's column order
  return def.columns.map((c) => c.name).filter((n) => out.has(n));
}

/** Every table and column cpwoo uses, derived from `used-columns.ts` and the definition. */
export const requiredCounterpointSchema: readonly RequiredTable[] = Object.entries(usedTables).map(([table, use]) => ({
  table,
  writes: use.writes,
  columns: requiredColumns(counterpointTable(table), use.writes, use.columns),
}));

/** What the live database reports for one column. */
export interface LiveColumn {
  table: string;
  column: string;
  dataType: string;
  maxLength: number | null;
  nullable: boolean;
  hasDefault: boolean;
  /** Computed, identity or rowversion: filled by the server. */
  serverFilled: boolean;
}

export interface SchemaProbeResult {
  engine: DatabaseKind;
  ok: boolean;
  missingTables: string[];
  /** `TABLE.COLUMN` cpwoo uses that the database lacks. */
  missingColumns: string[];
  /** NOT NULL columns without a default in tables cpwoo inserts into that cpwoo does not know: inserts would fail. */
  unknownRequiredColumns: string[];
  /** String columns cpwoo writes that are narrower in the database than in cpwoo's definition (fit() would not cut enough). */
  narrowerColumns: { column: string; database: number; definition: number }[];
}

function liveColumnsQuery(engine: DatabaseKind, tables: readonly string[]) {
  const list = sql.join(tables);
  switch (engine) {
    case "mssql":
      return sql<Record<string, unknown>>`
        SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.DATA_TYPE AS data_type,
               c.CHARACTER_MAXIMUM_LENGTH AS max_length, c.IS_NULLABLE AS is_nullable,
               CASE WHEN c.COLUMN_DEFAULT IS NULL THEN 0 ELSE 1 END AS has_default,
               CASE WHEN COLUMNPROPERTY(OBJECT_ID(QUOTENAME(c.TABLE_SCHEMA) + '.' + QUOTENAME(c.TABLE_NAME)),
                         c.COLUMN_NAME, 'IsComputed') = 1
                      OR COLUMNPROPERTY(OBJECT_ID(QUOTENAME(c.TABLE_SCHEMA) + '.' + QUOTENAME(c.TABLE_NAME)),
                         c.COLUMN_NAME, 'IsIdentity') = 1
                      OR c.DATA_TYPE = 'timestamp' THEN 1 ELSE 0 END AS server_filled
        FROM INFORMATION_SCHEMA.COLUMNS c
        WHERE c.TABLE_SCHEMA = 'dbo' AND c.TABLE_NAME IN (${list})`;
    case "postgres":
      return sql<Record<string, unknown>>`
        SELECT c.table_name, c.column_name, c.data_type, c.character_maximum_length AS max_length, c.is_nullable,
               CASE WHEN c.column_default IS NULL THEN 0 ELSE 1 END AS has_default,
               CASE WHEN c.is_generated = 'ALWAYS' OR c.is_identity = 'YES' THEN 1 ELSE 0 END AS server_filled
        FROM information_schema.columns c
        WHERE c.table_schema = current_schema() AND c.table_name IN (${list})`;
    case "sqlite":
      // pragma_table_xinfo lists generated columns too (hidden 2/3); the declared type carries the varchar width.
      return sql<Record<string, unknown>>`
        SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, NULL AS max_length,
               CASE WHEN p."notnull" = 1 THEN 'NO' ELSE 'YES' END AS is_nullable,
               CASE WHEN p.dflt_value IS NULL THEN 0 ELSE 1 END AS has_default,
               CASE WHEN p.hidden IN (2, 3) THEN 1 ELSE 0 END AS server_filled
        FROM sqlite_master m, pragma_table_xinfo(m.name) p
        WHERE m.type = 'table' AND m.name IN (${list})`;
  }
}

function toLive(row: Record<string, unknown>): LiveColumn {
  const dataType = typeof row.data_type === "string" ? row.data_type : "";
  let maxLength = row.max_length === null || row.max_length === undefined ? null : Number(row.max_length);
  // SQLite: the width is in the declared type, e.g. VARCHAR(40).
  const declared = /^varchar\((\d+)\)$/i.exec(dataType);
  if (maxLength === null && declared?.[1]) maxLength = Number(declared[1]);
  return {
    table: String(row.table_name),
    column: String(row.column_name),
    dataType,
    maxLength,
    nullable: String(row.is_nullable).toUpperCase() === "YES",
    hasDefault: Number(row.has_default) === 1,
    serverFilled: Number(row.server_filled) === 1,
  };
}

/** The columns the database reports for the given tables (INFORMATION_SCHEMA on SQL Server/PostgreSQL, pragma on SQLite). */
export async function readLiveColumns<DB>(db: Kysely<DB>, tables: readonly string[]): Promise<LiveColumn[]> {
  if (tables.length === 0) return [];
  const result = await liveColumnsQuery(engineOf(db), tables).execute(db);
  return result.rows.map(toLive);
}

/**
 * Checks a Counterpoint database for every table and column cpwoo uses (for `cpwoo doctor`): what is missing, NOT NULL
 * columns cpwoo would not fill on insert, and string columns narrower than cpwoo assumes. Read-only.
 */
export async function probeCounterpointSchema<DB>(
  db: Kysely<DB>,
  required: readonly RequiredTable[] = requiredCounterpointSchema,
): Promise<SchemaProbeResult> {
  const engine = engineOf(db);
  const live = await readLiveColumns(
    db,
    required.map((r) => r.table),
  );
  const byTable = new Map<string, Map<string, LiveColumn>>();
  for (const c of live) {
    // SQL Server's default collation is case-insensitive: compare names upper-cased.
    const t = c.table.toUpperCase();
    if (!byTable.has(t)) byTable.set(t, new Map());
    byTable.get(t)?.set(c.column.toUpperCase(), c);
  }
  const result: SchemaProbeResult = {
    engine,
    ok: true,
    missingTables: [],
    missingColumns: [],
    unknownRequiredColumns: [],
    narrowerColumns: [],
  };
  for (const r of required) {
    const columns = byTable.get(r.table);
    if (!columns) {
      result.missingTables.push(r.table);
      continue;
    }
    const def = counterpointTable(r.table);
    for (const name of r.columns) {
      const liveCol = columns.get(name);
      if (!liveCol) {
        result.missingColumns.push(`${r.table}.${name}`);
        continue;
      }
      const defCol = def.columns.find((c) => c.name === name);
      const width = defCol ? columnWidth(defCol) : null;
      if (
        r.writes &&
        width !== null &&
        liveCol.maxLength !== null &&
        liveCol.maxLength > 0 &&
        liveCol.maxLength < width
      ) {
        result.narrowerColumns.push({ column: `${r.table}.${name}`, database: liveCol.maxLength, definition: width });
      }
    }
    if (r.writes) {
      const known = new Set(def.columns.map((c) => c.name));
      for (const [name, c] of columns) {
        if (!known.has(name) && !c.nullable && !c.hasDefault && !c.serverFilled) {
          result.unknownRequiredColumns.push(`${r.table}.${name}`);
        }
      }
    }
  }
  result.ok =
    result.missingTables.length === 0 &&
    result.missingColumns.length === 0 &&
    result.unknownRequiredColumns.length === 0 &&
    result.narrowerColumns.length === 0;
  return result;
}
