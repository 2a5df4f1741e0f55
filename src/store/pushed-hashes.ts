import { isoTime } from "./iso-time.js";
import { type StateDb, inTransaction } from "./state-db.js";
import { StoreError } from "./store-error.js";

export interface PushedValue {
  storeId: string;
  /** What was pushed, e.g. "inventory", "price", "product". */
  kind: string;
  /** Which record, e.g. a SKU or a Woo id. */
  key: string;
  /** Hash of the value pushed (see `stableHash`). */
  hash: string;
}

function check(value: { storeId: string; kind: string; key?: string }): void {
  if (value.storeId.trim() === "") throw new StoreError("bad_value", "pushed hash storeId: must not be empty");
  if (value.kind.trim() === "") throw new StoreError("bad_value", "pushed hash kind: must not be empty");
  if (value.key !== undefined && value.key === "") {
    throw new StoreError("bad_value", `pushed ${value.kind} key: must not be empty`);
  }
}

export async function findPushedHash(
  db: StateDb,
  storeId: string,
  kind: string,
  key: string,
): Promise<{ hash: string; pushedAt: string } | undefined> {
  check({ storeId, kind, key });
  const row = await db
    .selectFrom("pushed_hashes")
    .select(["hash", "pushed_at"])
    .where("store_id", "=", storeId)
    .where("kind", "=", kind)
    .where("key", "=", key)
    .executeTakeFirst();
  return row && { hash: row.hash, pushedAt: row.pushed_at };
}

/** Remembers what was pushed, so the next run can skip unchanged values. */
export async function recordPushedHashes(
  db: StateDb,
  values: readonly PushedValue[],
  at: Date = new Date(),
): Promise<void> {
  const now = isoTime(at);
  for (const v of values) check(v);
  await inTransaction(db, async (trx) => {
    for (const v of values) {
      await trx
        .insertInto("pushed_hashes")
        .values({ store_id: v.storeId, kind: v.kind, key: v.key, hash: v.hash, pushed_at: now })
        .onConflict((oc) => oc.columns(["store_id", "kind", "key"]).doUpdateSet({ hash: v.hash, pushed_at: now }))
        .execute();
    }
  });
}

/**
 * The values whose hash differs from the one last pushed (or that were never pushed), in input order:
 * the change detection every push flow runs before calling WooCommerce.
 */
export async function selectChangedValues<T extends PushedValue>(db: StateDb, values: readonly T[]): Promise<T[]> {
  const stored = new Map<string, string>();
  const groups = new Map<string, T[]>();
  for (const v of values) {
    check(v);
    const group = `${v.storeId}\u0000${v.kind}`;
    groups.set(group, [...(groups.get(group) ?? []), v]);
  }
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    // Chunked: SQLite caps bound parameters per statement.
    for (let i = 0; i < group.length; i += 500) {
      const keys = group.slice(i, i + 500).map((v) => v.key);
      const rows = await db
        .selectFrom("pushed_hashes")
        .select(["key", "hash"])
        .where("store_id", "=", first.storeId)
        .where("kind", "=", first.kind)
        .where("key", "in", keys)
        .execute();
      for (const r of rows) stored.set(`${first.storeId}\u0000${first.kind}\u0000${r.key}`, r.hash);
    }
  }
  return values.filter((v) => stored.get(`${v.storeId}\u0000${v.kind}\u0000${v.key}`) !== v.hash);
}
