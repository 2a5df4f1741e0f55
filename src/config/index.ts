export * from "./database-url.js";
export * from "./load-settings.js";
export * from "./settings.js";
