/** Every state a synced order can be in (see ARCHITECTURE.md, "Orders: the state machine"). */
export const orderStates = [
  "received",
  "staged",
  "created",
  "acknowledged",
  "invalid",
  "retrying",
  "dead",
  "skipped",
  "cancelled",
  "rolled_back",
] as const;

export type OrderState = (typeof orderStates)[number];

export function isOrderState(value: string): value is OrderState {
  return (orderStates as readonly string[]).includes(value);
}

/**
 * Which state may follow which. The main line is received → staged → created → acknowledged; `retrying`
 * may resume at any step (a create always looks up the Woo reference first, so resuming is safe);
 * operator-facing states (`invalid`, `dead`, `skipped`, `cancelled`, `rolled_back`) lead back to `received`
 * once someone has fixed or re-opened the order. Only `retrying` may follow itself (attempt n + 1).
 */
export const orderTransitions: Readonly<Record<OrderState, readonly OrderState[]>> = {
  received: ["staged", "invalid", "retrying", "dead", "skipped", "cancelled"],
  staged: ["received", "created", "invalid", "retrying", "dead", "skipped", "cancelled"],
  retrying: ["received", "staged", "created", "acknowledged", "retrying", "invalid", "dead", "skipped", "cancelled"],
  created: ["acknowledged", "retrying", "cancelled", "rolled_back"],
  acknowledged: ["cancelled", "rolled_back"],
  invalid: ["received", "staged", "retrying", "skipped", "cancelled"],
  dead: ["received", "staged", "retrying", "skipped", "cancelled", "rolled_back"],
  skipped: ["received"],
  cancelled: ["received", "rolled_back"],
  rolled_back: ["received"],
};

export function canTransition(from: OrderState, to: OrderState): boolean {
  return orderTransitions[from].includes(to);
}

/** States an operator must see a reason for. */
export const statesNeedingReason: readonly OrderState[] = ["invalid", "retrying", "dead"];
