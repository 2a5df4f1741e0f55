import { sql } from "kysely";
import { inList, serialPrimaryKey } from "./column-helpers.js";
import type { StateMigration } from "./state-migration.js";

// Frozen copies of the value sets as they were when this migration was written: a later migration
// changes them, this one never does.
const orderStates = [
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
];
const idKinds = ["customer", "product", "variation", "category"];
const runStatuses = ["running", "succeeded", "failed", "abandoned"];
const resolutions = ["retried", "skipped", "rolled_back"];

export const m0001StateTables: StateMigration = {
  id: "0001_state_tables",
  description: "synced orders, order transitions, id maps, cursors, run log, dead letters, pushed hashes",
  async up(db, engine) {
    await db.schema
      .createTable("synced_orders")
      .addColumn("store_id", "text", (c) => c.notNull())
      .addColumn("woo_order_id", "integer", (c) => c.notNull())
      .addColumn("woo_number", "text")
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("next_attempt_at", "text")
      .addColumn("reason", "text")
      .addColumn("cp_doc_id", "text")
      .addColumn("cp_tkt_no", "text")
      .addColumn("payload_hash", "text")
      .addColumn("woo_modified_gmt", "text")
      .addColumn("total", "text")
      .addColumn("currency", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("synced_orders_pk", ["store_id", "woo_order_id"])
      .addCheckConstraint("synced_orders_state", sql.raw(inList("state", orderStates)))
      .addCheckConstraint("synced_orders_attempts", sql`attempts >= 0`)
      .execute();
    await db.schema
      .createIndex("synced_orders_state_due")
      .on("synced_orders")
      .columns(["state", "next_attempt_at"])
      .execute();
    await db.schema.createIndex("synced_orders_cp_doc").on("synced_orders").column("cp_doc_id").execute();

    await db.schema
      .createTable("order_transitions")
      .addColumn("id", "integer", serialPrimaryKey(engine))
      .addColumn("store_id", "text", (c) => c.notNull())
      .addColumn("woo_order_id", "integer", (c) => c.notNull())
      .addColumn("from_state", "text")
      .addColumn("to_state", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .addForeignKeyConstraint(
        "order_transitions_order",
        ["store_id", "woo_order_id"],
        "synced_orders",
        ["store_id", "woo_order_id"],
        (c) => c.onDelete("cascade"),
      )
      .addCheckConstraint("order_transitions_to", sql.raw(inList("to_state", orderStates)))
      .execute();
    await db.schema
      .createIndex("order_transitions_order")
      .on("order_transitions")
      .columns(["store_id", "woo_order_id", "id"])
      .execute();

    await db.schema
      .createTable("id_maps")
      .addColumn("id", "integer", serialPrimaryKey(engine))
      .addColumn("store_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("woo_id", "integer", (c) => c.notNull())
      .addColumn("cp_key", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addUniqueConstraint("id_maps_woo", ["store_id", "kind", "woo_id"])
      .addUniqueConstraint("id_maps_cp", ["store_id", "kind", "cp_key"])
      .addCheckConstraint("id_maps_kind", sql.raw(inList("kind", idKinds)))
      .execute();

    await db.schema
      .createTable("cursors")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("run_log")
      .addColumn("id", "integer", serialPrimaryKey(engine))
      .addColumn("run_id", "text", (c) => c.notNull().unique())
      .addColumn("job_name", "text", (c) => c.notNull())
      .addColumn("job_id", "text")
      .addColumn("attempt", "integer")
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("counts", "text")
      .addColumn("error", "text")
      .addCheckConstraint("run_log_status", sql.raw(inList("status", runStatuses)))
      .execute();
    await db.schema.createIndex("run_log_job_started").on("run_log").columns(["job_name", "started_at"]).execute();
    await db.schema.createIndex("run_log_job_id").on("run_log").column("job_id").execute();

    await db.schema
      .createTable("dead_letters")
      .addColumn("id", "integer", serialPrimaryKey(engine))
      .addColumn("job_name", "text", (c) => c.notNull())
      .addColumn("job_id", "text", (c) => c.unique())
      .addColumn("payload", "text", (c) => c.notNull())
      .addColumn("error", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("resolution", "text")
      .addColumn("resolved_at", "text")
      .addColumn("resolution_note", "text")
      .addColumn("retry_job_id", "text")
      .addCheckConstraint(
        "dead_letters_resolution",
        sql.raw(`resolution is null or ${inList("resolution", resolutions)}`),
      )
      .execute();
    await db.schema.createIndex("dead_letters_open").on("dead_letters").columns(["resolution", "created_at"]).execute();

    await db.schema
      .createTable("pushed_hashes")
      .addColumn("store_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("pushed_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("pushed_hashes_pk", ["store_id", "kind", "key"])
      .execute();
  },
};
