export * from "./database-url.js";
export * from "./load-settings.js";
export * from "./settings.js";
export * from "./settings-catalog.js";
export * from "./settings-customers.js";
export * from "./settings-fulfilment.js";
export * from "./settings-orders.js";
export * from "./settings-pricing.js";
