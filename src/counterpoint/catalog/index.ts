export type * from "./catalog-item-row.js";
export * from "./maint-text.js";
export * from "./read-catalog-items.js";
export * from "./read-changed-items.js";
export * from "./read-ec-categories.js";
export * from "./read-grid-cells.js";
export * from "./read-prices.js";
