import { sql } from "kysely";
import { inList } from "./column-helpers.js";
import type { StateMigration } from "./state-migration.js";

// Frozen copy of the quarantine states as this migration wrote them.
const quarantineStates = ["quarantined", "released"];

export const m0003CustomerTables: StateMigration = {
  id: "0003_customer_tables",
  description: "customer quarantine (bots are held, never deleted) and the CUST_NO counter",
  async up(db) {
    await db.schema
      .createTable("customer_quarantine")
      .addColumn("store_id", "text", (c) => c.notNull())
      // `customer:<woo id>` or `guest:<e-mail>`.
      .addColumn("source_key", "text", (c) => c.notNull())
      .addColumn("woo_id", "integer")
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      // JSON array of {code, detail}.
      .addColumn("reasons", "text", (c) => c.notNull())
      // JSON of the web customer as seen, so a release needs no second fetch.
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("released_at", "text")
      .addColumn("released_by", "text")
      .addPrimaryKeyConstraint("customer_quarantine_pk", ["store_id", "source_key"])
      .addCheckConstraint("customer_quarantine_state", sql.raw(inList("state", quarantineStates)))
      .execute();
    await db.schema
      .createIndex("customer_quarantine_state")
      .on("customer_quarantine")
      .columns(["store_id", "state"])
      .execute();

    await db.schema
      .createTable("customer_numbers")
      // The CUST_NO prefix ('' for plain numbers); one counter per prefix.
      .addColumn("prefix", "text", (c) => c.primaryKey())
      .addColumn("next_number", "integer", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addCheckConstraint("customer_numbers_positive", sql`next_number > 0`)
      .execute();
  },
};
