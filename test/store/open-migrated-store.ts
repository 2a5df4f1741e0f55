import { freshDatabase, type TestDatabase, type TestEngine } from "../helpers/databases.js";
import { migrateStateStore, openStateStore, type StateStore } from "../../src/store/index.js";

export interface MigratedStore {
  database: TestDatabase;
  store: StateStore;
  /** Closes the store and drops the database. */
  dispose(): Promise<void>;
}

/** A fresh, migrated state database for one test. */
export async function openMigratedStore(engine: TestEngine): Promise<MigratedStore> {
  const database = await freshDatabase(engine);
  const store = await openStateStore(database.url);
  await migrateStateStore(store);
  return {
    database,
    store,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
}
