import { isoTime } from "./iso-time.js";
import { type StateDb, inTransaction } from "./state-db.js";
import { StoreError } from "./store-error.js";

export interface Cursor {
  name: string;
  value: string;
  updatedAt: string;
}

export async function getCursor(db: StateDb, name: string): Promise<Cursor | undefined> {
  const row = await db.selectFrom("cursors").selectAll().where("name", "=", name).executeTakeFirst();
  return row && { name: row.name, value: row.value, updatedAt: row.updated_at };
}

export interface SetCursorOptions {
  /** Only move the cursor if it still holds this value (`null`: only if it does not exist yet). */
  expected?: string | null;
  at?: Date;
}

/**
 * Stores a cursor's value (e.g. the `modified_after` a sync resumes from). With `expected`, a
 * compare-and-set: refuses (state_conflict) when another run moved the cursor first.
 */
export async function setCursor(
  db: StateDb,
  name: string,
  value: string,
  options: SetCursorOptions = {},
): Promise<void> {
  if (name.trim() === "") throw new StoreError("bad_value", "cursor name: must not be empty");
  const now = isoTime(options.at ?? new Date());
  await inTransaction(db, async (trx) => {
    if (options.expected !== undefined) {
      const current = await trx.selectFrom("cursors").select("value").where("name", "=", name).executeTakeFirst();
      const actual = current?.value ?? null;
      if (actual !== options.expected) {
        throw new StoreError(
          "state_conflict",
          `cursor "${name}": holds ${JSON.stringify(actual)}, expected ${JSON.stringify(options.expected)}`,
        );
      }
    }
    await trx
      .insertInto("cursors")
      .values({ name, value, updated_at: now })
      .onConflict((oc) => oc.column("name").doUpdateSet({ value, updated_at: now }))
      .execute();
  });
}
