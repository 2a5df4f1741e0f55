export type * from "./document-shipment.js";
export type * from "./fulfilment-ports.js";
export * from "./read-shipments.js";
export * from "./shipment-report.js";
export * from "./sync-fulfilment.js";
export * from "./web-update.js";
