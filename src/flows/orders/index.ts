export * from "./allocate-cents.js";
export * from "./map-order-to-document.js";
export * from "./mapping-context.js";
export * from "./sku-match.js";
export * from "./order-ref.js";
export * from "./sku-candidates.js";
export * from "./wall-clock.js";
