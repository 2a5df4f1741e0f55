import type { Generated } from "kysely";
import type { OrderRefundsTable } from "./refunds/order-refunds.js";

/**
 * Kysely types of cpwoo's own state tables. Every time is ISO-8601 UTC text with milliseconds
 * (`2025-01-31T23:59:59.123Z`) on both engines, written by cpwoo, so values compare correctly as text.
 * Money is decimal text, never a float. JSON columns are text.
 */
export interface StateTables {
  synced_orders: SyncedOrdersTable;
  order_transitions: OrderTransitionsTable;
  id_maps: IdMapsTable;
  cursors: CursorsTable;
  run_log: RunLogTable;
  dead_letters: DeadLettersTable;
  pushed_hashes: PushedHashesTable;
  job_queue: JobQueueTable;
  job_schedules: JobSchedulesTable;
  customer_quarantine: CustomerQuarantineTable;
  customer_numbers: CustomerNumbersTable;
  api_keys: ApiKeysTable;
  order_fulfilment: OrderFulfilmentTable;
  order_refunds: OrderRefundsTable;
  cpwoo_migrations: MigrationsTable;
}

export interface SyncedOrdersTable {
  store_id: string;
  woo_order_id: number;
  woo_number: string | null;
  state: string;
  attempts: number;
  next_attempt_at: string | null;
  reason: string | null;
  cp_doc_id: string | null;
  cp_tkt_no: string | null;
  payload_hash: string | null;
  woo_modified_gmt: string | null;
  /** Order total as decimal text, e.g. "123.45". */
  total: string | null;
  currency: string | null;
  created_at: string;
  updated_at: string;
  /** The worker holding the order (0006), until `claimed_until`. */
  claimed_by: string | null;
  claimed_until: string | null;
  /** JSON array of the mapping's warnings (0006). */
  warnings: string | null;
}

export interface OrderTransitionsTable {
  id: Generated<number>;
  store_id: string;
  woo_order_id: number;
  from_state: string | null;
  to_state: string;
  at: string;
  reason: string | null;
}

export interface IdMapsTable {
  id: Generated<number>;
  store_id: string;
  kind: string;
  woo_id: number;
  cp_key: string;
  created_at: string;
  updated_at: string;
}

export interface CursorsTable {
  name: string;
  value: string;
  updated_at: string;
}

export interface RunLogTable {
  id: Generated<number>;
  run_id: string;
  job_name: string;
  job_id: string | null;
  attempt: number | null;
  started_at: string;
  finished_at: string | null;
  status: string;
  /** JSON object of named counts, e.g. `{"created":3,"failed":1}`. */
  counts: string | null;
  error: string | null;
  /** `host:pid` of the `cpwoo run` process running it (null for other runs). */
  owner: string | null;
}

export interface DeadLettersTable {
  id: Generated<number>;
  job_name: string;
  job_id: string | null;
  /** JSON text of the job's payload. */
  payload: string;
  error: string;
  attempts: number;
  created_at: string;
  resolution: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
  retry_job_id: string | null;
}

export interface PushedHashesTable {
  store_id: string;
  kind: string;
  key: string;
  hash: string;
  pushed_at: string;
}

/** Jobs of the embedded (SQLite) queue. The pg-boss adapter keeps its jobs in pg-boss's own schema. */
export interface JobQueueTable {
  seq: Generated<number>;
  id: string;
  name: string;
  payload: string;
  state: string;
  priority: number;
  attempts: number;
  retry_limit: number;
  backoff_base_ms: number;
  backoff_max_ms: number;
  lease_seconds: number;
  singleton_key: string | null;
  run_after: string;
  claim_token: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

/** One row per cron schedule: the last slot fired, shared by every process using this database. */
export interface JobSchedulesTable {
  name: string;
  cron: string;
  timezone: string | null;
  job_name: string;
  /** The slot (scheduled time) last fired; null until the first fire. */
  last_slot: string | null;
  /** When this schedule was first seen: slots before it are never fired. */
  registered_at: string;
  updated_at: string;
}

/** Web customers held back by the bot filter (migration 0003). */
export interface CustomerQuarantineTable {
  store_id: string;
  /** `customer:<woo id>` or `guest:<e-mail>`. */
  source_key: string;
  woo_id: number | null;
  email: string;
  /** `quarantined` or `released`. */
  state: string;
  /** JSON array of `{code, detail}`. */
  reasons: string;
  /** JSON of the web customer as seen. */
  source: string;
  created_at: string;
  updated_at: string;
  released_at: string | null;
  released_by: string | null;
}

/** The next CUST_NO number per prefix, taken under the row's lock (migration 0003). */
export interface CustomerNumbersTable {
  prefix: string;
  next_number: number;
  updated_at: string;
}

/** Pricing-service API keys (migration 0005): SHA-256 of the key, never the key. */
export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** The shipment last reported to each web order (migration 0007). */
export interface OrderFulfilmentTable {
  store_id: string;
  woo_order_id: number;
  reported_key: string | null;
  pending_key: string | null;
  /** JSON array of tracking numbers reported. */
  tracking: string | null;
  /** JSON of the shipped quantity per line reported. */
  shipped_lines: string | null;
  completed_at: string | null;
  reported_at: string | null;
  updated_at: string;
}

export interface MigrationsTable {
  id: string;
  applied_at: string;
}
