import type { OrderPorts } from "../orders/order-ports.js";

/** Where one web order's report stands; a test hook may stop the run at any of these (crash tests). */
export type FulfilmentStep = "pending-marked" | "note-added" | "web-updated" | "recorded";

/** The adapters of the fulfilment flow: the orders flow's, with its own step hook. */
export interface FulfilmentPorts extends Omit<OrderPorts, "onStep"> {
  onStep?: (step: FulfilmentStep, wooOrderId: number) => void | Promise<void>;
}
