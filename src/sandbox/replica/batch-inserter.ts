import { type Kysely, sql } from "kysely";
import { counterpointSchema } from "../../counterpoint/schema/counterpoint-schema.js";
import type { SqlType } from "../../counterpoint/schema/definition.js";
import type { DemoRow, RowValue } from "./demo-row.js";
import { inDependencyOrder, type ReplicaEngine } from "./replica-ddl.js";

/** Bound parameters per SQLite statement: under its limit of 32,766. */
const MAX_SQLITE_PARAMETERS = 30_000;
/** Rows per PostgreSQL statement (one array parameter per column, so the parameter count does not grow). */
const POSTGRES_ROWS_PER_STATEMENT = 5_000;
/** Rows held before everything buffered is written. */
const FLUSH_AT_ROWS = 20_000;

const tableOrder = inDependencyOrder(counterpointSchema).map((t) => t.name);
/** Columns whose default is the server clock: filled with the generator's fixed time so data stay reproducible. */
const clockColumns = new Map(
  counterpointSchema.map((t) => [
    t.name,
    t.columns.filter((c) => c.default?.kind === "utcNow" || c.default?.kind === "now").map((c) => c.name),
  ]),
);

function postgresArrayType(type: SqlType): string {
  switch (type.kind) {
    case "varchar":
    case "text":
      return "text[]";
    case "decimal":
    case "money":
      return "numeric[]";
    case "bigint":
      return "bigint[]";
    case "int":
      return "integer[]";
    case "smallint":
    case "tinyint":
    case "bit":
      return "smallint[]";
    case "datetime":
    case "smalldatetime":
      return "timestamp[]";
    case "uniqueidentifier":
      return "uuid[]";
    case "rowversion":
    case "image":
      return "bytea[]";
  }
}

/** PostgreSQL array type per table and column, for INSERT … SELECT FROM unnest(…). */
const postgresArrayTypes = new Map(
  counterpointSchema.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, postgresArrayType(c.type)]))]),
);

/**
 * Buffers rows per table and writes them in bulk: multi-row VALUES on SQLite, INSERT … SELECT FROM unnest(arrays) on
 * PostgreSQL. A flush writes every buffer in foreign-key order, so a child row never reaches the database before its
 * parent. Use inside a transaction.
 */
export class BatchInserter<DB> {
  private readonly buffers = new Map<string, Record<string, RowValue>[]>();
  private buffered = 0;
  /** Rows written so far, per table. */
  readonly written = new Map<string, number>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly engine: ReplicaEngine,
    private readonly clockText: string,
    private readonly onFlush: (rowsWritten: number) => void = () => {},
  ) {}

  async add(row: DemoRow): Promise<void> {
    const values: Record<string, RowValue> = {};
    for (const [k, v] of Object.entries(row.row)) if (v !== undefined) values[k] = v;
    for (const c of clockColumns.get(row.table) ?? []) if (!(c in values)) values[c] = this.clockText;
    let list = this.buffers.get(row.table);
    if (!list) {
      list = [];
      this.buffers.set(row.table, list);
    }
    list.push(values);
    if (++this.buffered >= FLUSH_AT_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    for (const table of tableOrder) {
      const rows = this.buffers.get(table);
      if (!rows || rows.length === 0) continue;
      await this.insert(table, rows);
      this.written.set(table, (this.written.get(table) ?? 0) + rows.length);
      this.buffers.set(table, []);
    }
    this.buffered = 0;
    this.onFlush([...this.written.values()].reduce((a, b) => a + b, 0));
  }

  private async insert(table: string, rows: Record<string, RowValue>[]): Promise<void> {
    // Rows of one statement share one column list: group by the columns each row sets.
    const groups = new Map<string, Record<string, RowValue>[]>();
    for (const r of rows) {
      const key = Object.keys(r).join(",");
      const g = groups.get(key);
      if (g) g.push(r);
      else groups.set(key, [r]);
    }
    for (const [key, group] of groups) {
      const columns = key.split(",");
      const target = sql`${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})`;
      if (this.engine === "postgres") {
        const types = postgresArrayTypes.get(table);
        for (let i = 0; i < group.length; i += POSTGRES_ROWS_PER_STATEMENT) {
          const chunk = group.slice(i, i + POSTGRES_ROWS_PER_STATEMENT);
          const arrays = columns.map(
            (c) => sql`${chunk.map((r) => r[c] ?? null)}::${sql.raw(types?.get(c) ?? "text[]")}`,
          );
          await sql`INSERT INTO ${target} SELECT * FROM unnest(${sql.join(arrays)})`.execute(this.db);
        }
        continue;
      }
      const perStatement = Math.max(1, Math.floor(MAX_SQLITE_PARAMETERS / columns.length));
      for (let i = 0; i < group.length; i += perStatement) {
        const chunk = group.slice(i, i + perStatement);
        const values = chunk.map((r) => sql`(${sql.join(columns.map((c) => r[c] ?? null))})`);
        await sql`INSERT INTO ${target} VALUES ${sql.join(values)}`.execute(this.db);
      }
    }
  }
}
