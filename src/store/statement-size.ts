/**
 * Parameters per statement, one rule for every engine: SQL Server takes 2,100, SQLite 32,766 (999 before 3.32),
 * PostgreSQL 65,535. Batched writes and IN-lists are cut to stay under it.
 */
export const MAX_STATEMENT_PARAMETERS = 2000;

/** How many rows of `perRow` parameters fit in one statement beside `fixed` other parameters (at least one). */
export function rowsPerStatement(perRow: number, fixed = 0): number {
  return Math.max(1, Math.floor((MAX_STATEMENT_PARAMETERS - fixed) / Math.max(1, perRow)));
}
