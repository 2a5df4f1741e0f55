import { catalogTables } from "./catalog.generated.js";
import { catalogTableNames } from "./catalog-column.js";
import { type ColumnDef, parseDefault, parseSqlType, SchemaDefinitionError, type TableDef } from "./definition.js";
import { handTables } from "./hand-tables.js";
import {
  addedColumns,
  allowedValues,
  columnNotes,
  computedFormulas,
  foreignKeys,
  primaryKeys,
  widthOverrides,
  yesNoCheckedTables,
} from "./overrides.js";

function catalogTable(name: (typeof catalogTableNames)[number]): TableDef {
  const columns: ColumnDef[] = catalogTables[name].map(([colName, udt, typeText, notNull, defaultText, tsql]) => {
    const key = `${name}.${colName}`;
    let type = parseSqlType(typeText);
    let note = columnNotes[key] ?? null;
    const width = widthOverrides[key];
    if (width) {
      if (type.kind !== "varchar") throw new SchemaDefinitionError(`${key}: width override on a non-varchar column`);
      type = { kind: "varchar", length: width.length };
      note = note ? `${note}; ${width.note}` : width.note;
    }
    let allowed = allowedValues[key] ?? null;
    if (allowed === null && udt === "T_BOOL" && yesNoCheckedTables.includes(name)) allowed = ["Y", "N"];
    const formula = tsql === undefined ? null : (computedFormulas[key] ?? { postgres: null, sqlite: null });
    if (tsql !== undefined && !computedFormulas[key]) {
      note = note ?? "computed; the replica yields NULL [U]";
    }
    return {
      name: colName,
      udt,
      type,
      notNull: notNull && tsql === undefined,
      default: parseDefault(defaultText),
      computed: formula && tsql !== undefined ? { tsql, ...formula } : null,
      allowed,
      note,
    };
  });
  const added = addedColumns[name];
  if (added) {
    const at = columns.findIndex((c) => c.name === added.after);
    if (at < 0) throw new SchemaDefinitionError(`${name}: no column ${added.after} to add ${added.column.name} after`);
    columns.splice(at + 1, 0, added.column);
  }
  const primaryKey = primaryKeys[name];
  if (!primaryKey) throw new SchemaDefinitionError(`${name}: no primary key in overrides.ts`);
  return { name, source: "catalog", columns, primaryKey, foreignKeys: foreignKeys[name] ?? [], note: null };
}

function validate(tables: readonly TableDef[]): void {
  const byName = new Map(tables.map((t) => [t.name, t]));
  for (const t of tables) {
    const names = new Set(t.columns.map((c) => c.name));
    if (names.size !== t.columns.length) throw new SchemaDefinitionError(`${t.name}: duplicate column names`);
    for (const c of t.primaryKey) if (!names.has(c)) throw new SchemaDefinitionError(`${t.name}: key column ${c}?`);
    for (const f of t.foreignKeys) {
      const target = byName.get(f.references);
      if (!target) throw new SchemaDefinitionError(`${t.name}: foreign key to unknown table ${f.references}`);
      const targetNames = new Set(target.columns.map((c) => c.name));
      f.columns.forEach((c) => {
        if (!names.has(c)) throw new SchemaDefinitionError(`${t.name}: foreign key column ${c}?`);
      });
      f.referencedColumns.forEach((c) => {
        if (!targetNames.has(c)) throw new SchemaDefinitionError(`${t.name}: references ${f.references}.${c}?`);
      });
    }
  }
  for (const key of [...Object.keys(widthOverrides), ...Object.keys(allowedValues), ...Object.keys(computedFormulas)]) {
    const [table, column] = key.split(".");
    if (!byName.get(table ?? "")?.columns.some((c) => c.name === column)) {
      throw new SchemaDefinitionError(`override for unknown column ${key}`);
    }
  }
}

function build(): readonly TableDef[] {
  const tables = [...catalogTableNames.map(catalogTable), ...handTables].sort((a, b) => a.name.localeCompare(b.name));
  validate(tables);
  return tables;
}

/**
 * THE definition of the Counterpoint tables cpwoo reads or writes: real names, ordinal order, types and widths, NOT
 * NULLs, defaults, keys, check constraints and computed columns. The replica DDL, the Kysely types, the column-width
 * table and the schema probe are all derived from it.
 */
export const counterpointSchema: readonly TableDef[] = build();

const byName = new Map(counterpointSchema.map((t) => [t.name, t]));

/** The definition of one table; throws for a table outside the definition. */
export function counterpointTable(name: string): TableDef {
  const table = byName.get(name);
  if (!table) throw new SchemaDefinitionError(`${name} is not in cpwoo's Counterpoint definition`);
  return table;
}
