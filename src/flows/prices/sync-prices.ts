import type { CatalogSyncReport } from "../catalog/catalog-ops.js";
import { type CatalogPorts, type CatalogSyncOptions, syncCatalog } from "../catalog/sync-catalog.js";

/**
 * Regular prices (configured IM_PRC level at the configured location, per grid cell when IM_PRC has cell rows), sale
 * prices and dates from public promotions, and customer-tier prices as meta (docs/configuration.md, "Prices").
 */
export function syncPrices(
  ports: CatalogPorts,
  options: Omit<CatalogSyncOptions, "parts"> = {},
): Promise<CatalogSyncReport> {
  return syncCatalog(ports, { ...options, parts: ["price"] });
}
