import type { StateMigration } from "./state-migration.js";

/**
 * Which process runs a job: `host:pid`, stamped by `cpwoo run` when a run starts. A restarted daemon closes the runs
 * its host's dead processes left `running` (and gives their jobs back) instead of waiting for their leases.
 */
export const m0010RunOwners: StateMigration = {
  id: "0010_run_owners",
  description: "the process (host:pid) that owns each running job run",
  async up(db) {
    await db.schema.alterTable("run_log").addColumn("owner", "text").execute();
    await db.schema.createIndex("run_log_status_owner").on("run_log").columns(["status", "owner"]).execute();
  },
};
