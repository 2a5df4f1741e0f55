import { sql } from "kysely";
import type { IdMapKind } from "../../store/id-maps.js";
import { isoTime } from "../../store/iso-time.js";
import type { PushedValue } from "../../store/pushed-hashes.js";
import { inTransaction, type StateDb } from "../../store/state-db.js";

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_INSERT = 200;
/** Keys per IN-list: well under SQLite's bound-parameter limit. */
const KEYS_PER_SELECT = 500;

/** Every mapping of one kind for a store, Counterpoint key → Woo id: the catalog keeps them in memory for a run. */
export async function loadIdMap(db: StateDb, storeId: string, kind: IdMapKind): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("id_maps")
    .select(["cp_key", "woo_id"])
    .where("store_id", "=", storeId)
    .where("kind", "=", kind)
    .execute();
  return new Map(rows.map((r) => [r.cp_key, Number(r.woo_id)]));
}

/** The mappings of these Counterpoint keys only: a delta run needs its page's, not the whole store's. */
export async function loadIdMapFor(
  db: StateDb,
  storeId: string,
  kind: IdMapKind,
  cpKeys: readonly string[],
  into: Map<string, number> = new Map(),
): Promise<Map<string, number>> {
  for (let i = 0; i < cpKeys.length; i += KEYS_PER_SELECT) {
    const rows = await db
      .selectFrom("id_maps")
      .select(["cp_key", "woo_id"])
      .where("store_id", "=", storeId)
      .where("kind", "=", kind)
      .where("cp_key", "in", cpKeys.slice(i, i + KEYS_PER_SELECT))
      .execute();
    for (const r of rows) into.set(r.cp_key, Number(r.woo_id));
  }
  return into;
}

/**
 * Adds many mappings at once (a first sync maps tens of thousands). A pair that clashes with an existing mapping of
 * either side is skipped by the database's unique keys; the caller checked its in-memory map first.
 */
export async function saveIdMaps(
  db: StateDb,
  storeId: string,
  kind: IdMapKind,
  pairs: ReadonlyArray<{ cpKey: string; wooId: number }>,
  at: Date = new Date(),
): Promise<void> {
  if (pairs.length === 0) return;
  const now = isoTime(at);
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < pairs.length; i += ROWS_PER_INSERT) {
      await trx
        .insertInto("id_maps")
        .values(
          pairs.slice(i, i + ROWS_PER_INSERT).map((p) => ({
            store_id: storeId,
            kind,
            woo_id: p.wooId,
            cp_key: p.cpKey,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}

/** Forgets mappings whose Woo record is gone (deleted on the web), so the next run can report or recreate them. */
export async function dropIdMaps(
  db: StateDb,
  storeId: string,
  kind: IdMapKind,
  cpKeys: readonly string[],
): Promise<void> {
  for (let i = 0; i < cpKeys.length; i += ROWS_PER_INSERT) {
    await db
      .deleteFrom("id_maps")
      .where("store_id", "=", storeId)
      .where("kind", "=", kind)
      .where("cp_key", "in", cpKeys.slice(i, i + ROWS_PER_INSERT))
      .execute();
  }
}

/** Records many pushed hashes with multi-row upserts (recordPushedHashes writes one row per statement). */
export async function savePushedHashes(
  db: StateDb,
  values: readonly PushedValue[],
  at: Date = new Date(),
): Promise<void> {
  if (values.length === 0) return;
  const now = isoTime(at);
  const latest = new Map(values.map((v) => [`${v.storeId}\u0000${v.kind}\u0000${v.key}`, v]));
  const rows = [...latest.values()];
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await trx
        .insertInto("pushed_hashes")
        .values(
          rows.slice(i, i + ROWS_PER_INSERT).map((v) => ({
            store_id: v.storeId,
            kind: v.kind,
            key: v.key,
            hash: v.hash,
            pushed_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(["store_id", "kind", "key"]).doUpdateSet({ hash: sql`excluded.hash`, pushed_at: now }),
        )
        .execute();
    }
  });
}

/** Stored hashes of one kind for these keys. */
export async function loadPushedHashes(
  db: StateDb,
  storeId: string,
  kind: string,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom("pushed_hashes")
      .select(["key", "hash"])
      .where("store_id", "=", storeId)
      .where("kind", "=", kind)
      .where("key", "in", keys.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.key, r.hash);
  }
  return out;
}
