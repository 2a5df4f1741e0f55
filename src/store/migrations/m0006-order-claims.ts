import type { StateMigration } from "./state-migration.js";

/**
 * Orders are their own work queue: a worker claims due orders for a lease, so several workers (threads or machines on
 * one PostgreSQL state store) never process the same order at once, and a killed worker's claims simply expire.
 */
export const m0006OrderClaims: StateMigration = {
  id: "0006_order_claims",
  description: "order claims (worker and lease) and the mapping warnings of each order",
  async up(db) {
    await db.schema.alterTable("synced_orders").addColumn("claimed_by", "text").execute();
    await db.schema.alterTable("synced_orders").addColumn("claimed_until", "text").execute();
    // JSON array of strings: what the mapping cut or defaulted (e.g. a fitted address), for `cpwoo orders show`.
    await db.schema.alterTable("synced_orders").addColumn("warnings", "text").execute();
    await db.schema
      .createIndex("synced_orders_store_state")
      .on("synced_orders")
      .columns(["store_id", "state", "next_attempt_at"])
      .execute();
  },
};
