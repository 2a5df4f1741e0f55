import type { StateMigration } from "./state-migration.js";

/** API keys of the pricing service: only a SHA-256 of each key is stored; revoked keys stay listed. */
export const m0005ApiKeys: StateMigration = {
  id: "0005_api_keys",
  description: "named, revocable API keys for the pricing service (stored hashed)",
  async up(db) {
    await db.schema
      .createTable("api_keys")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("key_hash", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("revoked_at", "text")
      .execute();
  },
};
