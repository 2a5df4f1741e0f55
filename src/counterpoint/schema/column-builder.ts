import { type ColumnDef, parseDefault, parseSqlType } from "./definition.js";

export interface ColumnOptions {
  notNull?: boolean;
  /** Default-constraint text as SQL Server stores it: `('N')`, `((0))`, `(getutcdate())`. */
  default?: string;
  udt?: string;
  allowed?: readonly string[];
  note?: string;
}

/** A hand-defined column, written the way the catalog records one (type text and default text). */
export function col(name: string, type: string, options: ColumnOptions = {}): ColumnDef {
  return {
    name,
    udt: options.udt ?? null,
    type: parseSqlType(type),
    notNull: options.notNull ?? false,
    default: parseDefault(options.default ?? null),
    computed: null,
    allowed: options.allowed ?? null,
    note: options.note ?? null,
  };
}

/** The maintenance columns most Counterpoint master tables end with. */
export function maintenanceColumns(): ColumnDef[] {
  return [
    col("LST_MAINT_DT", "datetime", { udt: "T_DT" }),
    col("LST_MAINT_USR_ID", "varchar(10)", { udt: "T_USR_ID" }),
    col("LST_LCK_DT", "datetime", { udt: "T_DT" }),
  ];
}
