import type { StateMigration } from "./state-migration.js";

/**
 * Web cancellations and refunds of orders that already have a Counterpoint document, each its own unit of work:
 * keyed by (store, web order, web refund id; 0 = the cancellation of the whole order), so a webhook and a poll seeing
 * the same refund queue it once, and what was done in Counterpoint is recorded once.
 */
export const m0008OrderRefunds: StateMigration = {
  id: "0008_order_refunds",
  description: "order refunds: web cancellations and refunds queued for Counterpoint, with what was done",
  async up(db) {
    await db.schema
      .createTable("order_refunds")
      .addColumn("store_id", "text", (c) => c.notNull())
      .addColumn("woo_order_id", "integer", (c) => c.notNull())
      .addColumn("woo_refund_id", "integer", (c) => c.notNull())
      // `cancel` (refund id 0) or `refund`.
      .addColumn("kind", "text", (c) => c.notNull())
      // pending → done | held (an operator must act) | failed (attempts exhausted).
      .addColumn("state", "text", (c) => c.notNull())
      // What was done: cancelled, voided, deleted, returned, payment, nothing-open, covered…
      .addColumn("outcome", "text")
      .addColumn("amount", "text")
      .addColumn("cp_doc_id", "text")
      .addColumn("cp_tkt_no", "text")
      .addColumn("reason", "text")
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("order_refunds_pk", ["store_id", "woo_order_id", "woo_refund_id"])
      .addForeignKeyConstraint(
        "order_refunds_order",
        ["store_id", "woo_order_id"],
        "synced_orders",
        ["store_id", "woo_order_id"],
        (c) => c.onDelete("cascade"),
      )
      .execute();
    await db.schema.createIndex("order_refunds_due").on("order_refunds").columns(["store_id", "state"]).execute();
  },
};
