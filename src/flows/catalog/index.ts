export * from "./catalog-item.js";
export * from "./catalog-ops.js";
export * from "./catalog-store-id.js";
export * from "./own-echo.js";
export * from "./read-last-pushed.js";
export * from "./sku-mapping.js";
export * from "./sync-catalog.js";
export { syncInventory } from "../inventory/sync-inventory.js";
export { syncPrices } from "../prices/sync-prices.js";
