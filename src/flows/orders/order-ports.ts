import type { Settings } from "../../config/index.js";
import type { CounterpointDb } from "../../counterpoint/connect.js";
import type { StateStore } from "../../store/index.js";
import type { WooClient } from "../../woocommerce/index.js";

/** Where an order stands inside one attempt; a test hook may stop the process at any of these (crash tests). */
export type OrderStep =
  | "claimed"
  | "staged"
  | "cp-committed"
  | "created"
  | "note-added"
  | "web-updated"
  | "acknowledged";

export interface OrderLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** The adapters the orders flow works with (built by the app context, passed in). */
export interface OrderPorts {
  woo: WooClient;
  cp: CounterpointDb;
  state: StateStore;
  settings: Settings;
  /** Key of the WooCommerce store in cpwoo's state. */
  storeId: string;
  log?: OrderLog;
  now?: () => Date;
  /** Called after each step of each order; the crash tests kill the process here. */
  onStep?: (step: OrderStep, wooOrderId: number) => void | Promise<void>;
}

export const silentLog: OrderLog = { info: () => undefined, warn: () => undefined };

export function nowOf(ports: OrderPorts): Date {
  return ports.now ? ports.now() : new Date();
}
