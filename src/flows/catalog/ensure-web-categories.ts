import type { EcCategory } from "../../counterpoint/catalog/read-ec-categories.js";
import type { StateDb } from "../../store/state-db.js";
import { WooApiError, type WooClient } from "../../woocommerce/index.js";
import { loadIdMap, saveIdMaps } from "./catalog-state.js";

export interface CategoryOutcome {
  /** EC_CATEG id → web category id. */
  map: Map<string, number>;
  created: number;
  failed: Array<{ key: string; reason: string }>;
}

/** Parents before children; a node whose parent is unknown or in a cycle is treated as top-level. */
function parentsFirst(categories: readonly EcCategory[]): EcCategory[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const out: EcCategory[] = [];
  const seen = new Set<string>();
  const visit = (c: EcCategory, path: Set<string>) => {
    if (seen.has(c.id)) return;
    const parent = c.parentId === null ? undefined : byId.get(c.parentId);
    if (parent !== undefined && !path.has(parent.id)) visit(parent, new Set([...path, c.id]));
    seen.add(c.id);
    out.push(c);
  };
  for (const c of categories) visit(c, new Set([c.id]));
  return out;
}

/**
 * Makes every EC_CATEG node exist on the web and be mapped (id_maps kind "category"). An unmapped node is matched to
 * a web category with the same name (ignoring case) under the same parent, else created; `term_exists` from a race
 * links the existing term. Dry runs create nothing.
 */
export async function ensureWebCategories(
  woo: WooClient,
  state: StateDb,
  storeId: string,
  categories: readonly EcCategory[],
  dryRun: boolean,
): Promise<CategoryOutcome> {
  const map = await loadIdMap(state, storeId, "category");
  const outcome: CategoryOutcome = { map, created: 0, failed: [] };
  const missing = parentsFirst(categories).filter((c) => !map.has(c.id));
  if (missing.length === 0) return outcome;
  const web = await woo.categories.list();
  const taken = new Set(map.values());
  const found: Array<{ cpKey: string; wooId: number }> = [];
  for (const c of missing) {
    // A parent that could not be mapped (or points nowhere) puts the node at the top level.
    const parent = (c.parentId === null ? 0 : map.get(c.parentId)) ?? 0;
    const match = web.find(
      (w) => !taken.has(w.id) && w.parent === parent && w.name.trim().toLowerCase() === c.name.trim().toLowerCase(),
    );
    if (match) {
      map.set(c.id, match.id);
      taken.add(match.id);
      found.push({ cpKey: c.id, wooId: match.id });
      continue;
    }
    if (dryRun) continue;
    try {
      const made = await woo.categories.create({ name: c.name.trim(), parent, menu_order: c.seq });
      map.set(c.id, made.id);
      taken.add(made.id);
      found.push({ cpKey: c.id, wooId: made.id });
      outcome.created++;
    } catch (err) {
      const existing = existingTermId(err);
      if (existing !== null && !taken.has(existing)) {
        map.set(c.id, existing);
        taken.add(existing);
        found.push({ cpKey: c.id, wooId: existing });
      } else {
        outcome.failed.push({
          key: `category ${c.id} "${c.name}"`,
          reason: err instanceof Error ? err.message : String(err),
        });
      }
    }
  }
  if (!dryRun) await saveIdMaps(state, storeId, "category", found);
  return outcome;
}

function existingTermId(err: unknown): number | null {
  if (!(err instanceof WooApiError) || err.wooCode !== "term_exists") return null;
  const data = err.data as { resource_id?: unknown } | null;
  return typeof data?.resource_id === "number" ? data.resource_id : null;
}
