import type { OrderRefundState } from "../../store/index.js";

/** Steps of one cancellation or refund; a test hook may stop the process at any of them (crash tests). */
export type RefundStep = "cp-committed" | "noted";

/** What handling one queued cancellation or refund came to. */
export interface Handled {
  state: OrderRefundState | "wait";
  outcome: string | null;
  reason: string;
  cpDocId?: string | null;
  cpTktNo?: string | null;
}

/** What a handler may ask of the pass running it. */
export interface RefundHooks {
  onStep(step: RefundStep): Promise<void>;
  /** Records an intent on the queued row before a Counterpoint call (its outcome column). */
  mark(outcome: string): Promise<void>;
  /** Moves the synced order to `cancelled` (when the state machine allows it). */
  cancelOrder(reason: string): Promise<void>;
}
