import type { Selectable } from "kysely";
import { isOrderState, type OrderState } from "../order-states.js";
import { StoreError } from "../store-error.js";
import type { SyncedOrdersTable } from "../state-tables.js";

/** A synced order's key: the Woo store it came from and its Woo order id. */
export interface OrderKey {
  storeId: string;
  wooOrderId: number;
}

export interface SyncedOrder extends OrderKey {
  wooNumber: string | null;
  state: OrderState;
  attempts: number;
  nextAttemptAt: string | null;
  reason: string | null;
  cpDocId: string | null;
  cpTktNo: string | null;
  payloadHash: string | null;
  wooModifiedGmt: string | null;
  /** Decimal text, e.g. "123.45". */
  total: string | null;
  currency: string | null;
  /** What the mapping cut or defaulted on the last attempt. */
  warnings: string[];
  claimedBy: string | null;
  claimedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderTransition extends OrderKey {
  id: number;
  from: OrderState | null;
  to: OrderState;
  at: string;
  reason: string | null;
}

export function describeOrder(key: OrderKey): string {
  return `order ${key.wooOrderId} of store "${key.storeId}"`;
}

export function checkOrderKey(key: OrderKey): void {
  if (key.storeId.trim() === "") throw new StoreError("bad_value", "storeId: must not be empty");
  if (!Number.isSafeInteger(key.wooOrderId) || key.wooOrderId <= 0) {
    throw new StoreError("bad_value", `wooOrderId: ${key.wooOrderId} is not a positive integer`);
  }
}

export function toOrderState(value: string, where: string): OrderState {
  if (!isOrderState(value)) throw new StoreError("unknown_state", `${where}: unknown order state "${value}"`);
  return value;
}

export function toSyncedOrder(row: Selectable<SyncedOrdersTable>): SyncedOrder {
  return {
    storeId: row.store_id,
    wooOrderId: Number(row.woo_order_id),
    wooNumber: row.woo_number,
    state: toOrderState(row.state, describeOrder({ storeId: row.store_id, wooOrderId: row.woo_order_id })),
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    reason: row.reason,
    cpDocId: row.cp_doc_id,
    cpTktNo: row.cp_tkt_no,
    payloadHash: row.payload_hash,
    wooModifiedGmt: row.woo_modified_gmt,
    total: row.total,
    currency: row.currency,
    warnings: parseWarnings(row.warnings),
    claimedBy: row.claimed_by ?? null,
    claimedUntil: row.claimed_until ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function parseWarnings(text: string | null | undefined): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [String(value)];
  } catch {
    return [text];
  }
}
