import type { StateMigration } from "./state-migration.js";

/**
 * What cpwoo last told the web about each order's shipment, so a shipment is reported once per change and a fully
 * reported order is never read again (the predecessor re-read every shipped order forever, B25).
 */
export const m0007OrderFulfilment: StateMigration = {
  id: "0007_fulfilment",
  description: "order fulfilment: the shipment state last reported to the web order, per order",
  async up(db) {
    await db.schema
      .createTable("order_fulfilment")
      .addColumn("store_id", "text", (c) => c.notNull())
      .addColumn("woo_order_id", "integer", (c) => c.notNull())
      // Hash of the shipment last reported (lines shipped, tracking numbers, complete or not); null before the first.
      .addColumn("reported_key", "text")
      // The shipment being reported now: set before the first web request, cleared once recorded. A run that finds
      // it equal to its own key resumes after a crash and looks for its note before adding one.
      .addColumn("pending_key", "text")
      // JSON array of the tracking numbers reported.
      .addColumn("tracking", "text")
      .addColumn("shipped_lines", "text")
      .addColumn("completed_at", "text")
      .addColumn("reported_at", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("order_fulfilment_pk", ["store_id", "woo_order_id"])
      .addForeignKeyConstraint(
        "order_fulfilment_order",
        ["store_id", "woo_order_id"],
        "synced_orders",
        ["store_id", "woo_order_id"],
        (c) => c.onDelete("cascade"),
      )
      .execute();
    await db.schema
      .createIndex("order_fulfilment_open")
      .on("order_fulfilment")
      .columns(["store_id", "completed_at", "woo_order_id"])
      .execute();
  },
};
