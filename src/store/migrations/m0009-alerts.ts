import { serialPrimaryKey } from "./column-helpers.js";
import type { StateMigration } from "./state-migration.js";

/**
 * What the alerting already told the operators (so several processes and restarts never mail twice), and every mail
 * tried, sent or not.
 */
export const m0009Alerts: StateMigration = {
  id: "0009_alerts",
  description: "alert state (open incident, what was mailed) and the log of alert mails",
  async up(db, engine) {
    await db.schema
      .createTable("alert_state")
      .addColumn("name", "text", (c) => c.primaryKey())
      // Compare-and-set counter: the process that bumps it sends the mail.
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("alert_mails")
      .addColumn("id", "integer", serialPrimaryKey(engine))
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("recipients", "text", (c) => c.notNull())
      .addColumn("sent", "integer", (c) => c.notNull())
      .addColumn("error", "text")
      .execute();
    await db.schema.createIndex("alert_mails_at").on("alert_mails").column("at").execute();
  },
};
