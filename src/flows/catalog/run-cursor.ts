import type { StateDb } from "../../store/state-db.js";
import type { CatalogPart } from "./catalog-ops.js";

/** Maintenance marks per Counterpoint table (null: the table was empty). */
export type TableMarks = Record<string, string | null>;

const PARTS: ReadonlySet<string> = new Set<CatalogPart>(["product", "stock", "price"]);

/** The cursor a part set's delta runs resume from: `catalog:<store>:<parts sorted, joined by +>`. */
export function catalogCursorName(storeId: string, parts: readonly CatalogPart[]): string {
  return `catalog:${storeId}:${[...new Set(parts)].sort().join("+")}`;
}

/**
 * Where a delta run of `parts` may resume: its own cursor when it has one; else, per table, the latest mark among the
 * cursors of the part sets that include `parts`. A completed run of a wider set (say `catalog sync` for stock, price
 * and product) handled every change of our tables up to its marks, so the first `inventory sync` after it need not
 * read the whole catalog. Undefined when neither exists (the run then reads everything).
 */
export async function resumeMarks(
  db: StateDb,
  storeId: string,
  parts: readonly CatalogPart[],
  tables: readonly string[],
): Promise<TableMarks | undefined> {
  const prefix = `catalog:${storeId}:`;
  const own = catalogCursorName(storeId, parts);
  const rows = await db.selectFrom("cursors").select(["name", "value"]).where("name", "like", "catalog:%").execute();
  const ownRow = rows.find((r) => r.name === own);
  if (ownRow !== undefined) return JSON.parse(ownRow.value) as TableMarks;
  const wanted = new Set(parts);
  let out: TableMarks | undefined;
  for (const row of rows) {
    if (!row.name.startsWith(prefix)) continue;
    const set = row.name.slice(prefix.length).split("+");
    if (!set.every((p) => PARTS.has(p)) || ![...wanted].every((p) => set.includes(p))) continue;
    const marks = JSON.parse(row.value) as TableMarks;
    // A cursor written before a table joined the part set cannot vouch for it.
    if (!tables.every((t) => t in marks)) continue;
    const merged: TableMarks = out ?? {};
    for (const t of tables) merged[t] = laterMark(merged[t], marks[t]);
    out = merged;
  }
  return out;
}

/** The later of two marks (texts in one fixed format, so they compare as strings); null and absent are earliest. */
export function laterMark(a: string | null | undefined, b: string | null | undefined): string | null {
  if (a === undefined || a === null) return b ?? null;
  if (b === undefined || b === null) return a;
  return a > b ? a : b;
}
