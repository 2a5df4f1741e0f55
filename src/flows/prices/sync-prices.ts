import type { CatalogSyncReport } from "../catalog/catalog-ops.js";
import { type CatalogPorts, type CatalogSyncOptions, syncCatalog } from "../catalog/sync-catalog.js";

/**
 * Regular prices only (configured IM_PRC level at the configured location, per grid cell when IM_PRC has cell rows).
 * Sale prices from promotional rules and customer-tier prices are not pushed yet.
 */
export function syncPrices(
  ports: CatalogPorts,
  options: Omit<CatalogSyncOptions, "parts"> = {},
): Promise<CatalogSyncReport> {
  return syncCatalog(ports, { ...options, parts: ["price"] });
}
