import { sql } from "kysely";
import type { StateMigration } from "./state-migration.js";

/**
 * The line of orders a worker claims from, in claim order. Without it every claim read all workable orders (10,000 in
 * a backlog) and sorted them to take 50. Partial: done orders, most of the table, are not in it. The states are those
 * of `workableOrderStates` when this shipped (a test holds the two together).
 */
export const statesWorkableAtM0011 = ["received", "staged", "retrying", "created"] as const;

export const m0011WorkableOrders: StateMigration = {
  id: "0011_workable_orders",
  description: "index of the orders workers claim, oldest change first",
  async up(db) {
    await db.schema
      .createIndex("synced_orders_workable")
      .on("synced_orders")
      .columns(["store_id", "updated_at", "woo_order_id"])
      .where(sql.ref("state"), "in", [...statesWorkableAtM0011])
      .execute();
  },
};
