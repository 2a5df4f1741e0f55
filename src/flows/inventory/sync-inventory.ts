import type { CatalogSyncReport } from "../catalog/catalog-ops.js";
import { type CatalogPorts, type CatalogSyncOptions, syncCatalog } from "../catalog/sync-catalog.js";

/**
 * Stock only: available-to-sell of items already on the web, for changed items (IM_INV / IM_INV_CELL / IM_ITEM
 * maintenance since the last run) or all with `full`. The daemon runs this every minute by default.
 */
export function syncInventory(
  ports: CatalogPorts,
  options: Omit<CatalogSyncOptions, "parts"> = {},
): Promise<CatalogSyncReport> {
  return syncCatalog(ports, { ...options, parts: ["stock"] });
}
