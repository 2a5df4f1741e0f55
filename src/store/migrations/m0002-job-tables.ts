import { sql } from "kysely";
import { inList, serialPrimaryKey } from "./column-helpers.js";
import type { StateMigration } from "./state-migration.js";

const jobStates = ["created", "retry", "active", "completed", "failed", "cancelled"];

export const m0002JobTables: StateMigration = {
  id: "0002_job_tables",
  description: "embedded job queue and cron schedule state",
  async up(db, engine) {
    await db.schema
      .createTable("job_queue")
      // Insertion order: jobs enqueued in the same millisecond still run first-in, first-out.
      .addColumn("seq", "integer", serialPrimaryKey(engine))
      .addColumn("id", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("payload", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("priority", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("retry_limit", "integer", (c) => c.notNull())
      .addColumn("backoff_base_ms", "integer", (c) => c.notNull())
      .addColumn("backoff_max_ms", "integer", (c) => c.notNull())
      .addColumn("lease_seconds", "integer", (c) => c.notNull())
      .addColumn("singleton_key", "text")
      .addColumn("run_after", "text", (c) => c.notNull())
      .addColumn("claim_token", "text")
      .addColumn("lease_expires_at", "text")
      .addColumn("last_error", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("started_at", "text")
      .addColumn("finished_at", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addCheckConstraint("job_queue_state", sql.raw(inList("state", jobStates)))
      .execute();
    // At most one queued-or-active job per (name, singleton key).
    await db.schema
      .createIndex("job_queue_singleton")
      .on("job_queue")
      .columns(["name", "singleton_key"])
      .unique()
      .where(sql.ref("singleton_key"), "is not", null)
      .where(sql.raw<boolean>(inList("state", ["created", "retry", "active"])))
      .execute();
    await db.schema.createIndex("job_queue_ready").on("job_queue").columns(["state", "priority", "seq"]).execute();
    await db.schema.createIndex("job_queue_lease").on("job_queue").columns(["state", "lease_expires_at"]).execute();

    await db.schema
      .createTable("job_schedules")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("cron", "text", (c) => c.notNull())
      .addColumn("timezone", "text")
      .addColumn("job_name", "text", (c) => c.notNull())
      .addColumn("last_slot", "text")
      .addColumn("registered_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
  },
};
