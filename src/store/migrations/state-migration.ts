import type { Transaction } from "kysely";
import type { StateEngine } from "../open-state-store.js";
import type { StateTables } from "../state-tables.js";

/** One versioned schema change. `id` sorts in apply order; `up` runs inside its own transaction. */
export interface StateMigration {
  readonly id: string;
  readonly description: string;
  up(db: Transaction<StateTables>, engine: StateEngine): Promise<void>;
}
