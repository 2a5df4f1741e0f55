import { isoTime } from "./iso-time.js";
import { type StateDb, inTransaction } from "./state-db.js";
import { rowsPerStatement } from "./statement-size.js";
import { StoreError } from "./store-error.js";

export const idMapKinds = ["customer", "product", "variation", "category"] as const;
export type IdMapKind = (typeof idMapKinds)[number];

export interface IdMapping {
  storeId: string;
  kind: IdMapKind;
  wooId: number;
  /** The Counterpoint key: CUST_NO, ITEM_NO, category code… */
  cpKey: string;
}

function check(mapping: { storeId: string; kind: string; wooId?: number; cpKey?: string }): void {
  if (!(idMapKinds as readonly string[]).includes(mapping.kind)) {
    throw new StoreError("bad_value", `id map kind "${mapping.kind}" is not one of ${idMapKinds.join(", ")}`);
  }
  if (mapping.storeId.trim() === "") throw new StoreError("bad_value", "id map storeId: must not be empty");
  if (mapping.wooId !== undefined && (!Number.isSafeInteger(mapping.wooId) || mapping.wooId <= 0)) {
    throw new StoreError("bad_value", `${mapping.kind} wooId: ${mapping.wooId} is not a positive integer`);
  }
  if (mapping.cpKey !== undefined && mapping.cpKey.trim() === "") {
    throw new StoreError("bad_value", `${mapping.kind} ${mapping.wooId ?? ""} cpKey: must not be empty`);
  }
}

/**
 * Links a Woo id to a Counterpoint key. Idempotent for the same pair; refuses (id_map_conflict) when either
 * side is already linked to something else: a map must stay one-to-one per kind and store.
 */
export async function mapId(db: StateDb, mapping: IdMapping, at: Date = new Date()): Promise<void> {
  check(mapping);
  const now = isoTime(at);
  // Twice at most: a mapper that inserted the same row meanwhile makes the insert do nothing, and the second look
  // finds its row (the same mapping: done; another: a conflict).
  for (let look = 0; look < 2; look++) {
    const inserted = await inTransaction(db, async (trx) => {
      // Two keyed look-ups, not one OR: with the OR, PostgreSQL read every map of the kind through one index.
      const mapsOfKind = trx
        .selectFrom("id_maps")
        .select(["woo_id", "cp_key"])
        .where("store_id", "=", mapping.storeId)
        .where("kind", "=", mapping.kind);
      const clashes = await mapsOfKind
        .where("woo_id", "=", mapping.wooId)
        .unionAll(mapsOfKind.where("cp_key", "=", mapping.cpKey))
        .execute();
      for (const row of clashes) {
        if (Number(row.woo_id) === mapping.wooId && row.cp_key === mapping.cpKey) return true;
        throw new StoreError(
          "id_map_conflict",
          `${mapping.kind} Woo ${mapping.wooId} ↔ Counterpoint "${mapping.cpKey}": ` +
            `already mapped Woo ${row.woo_id} ↔ Counterpoint "${row.cp_key}"`,
        );
      }
      const result = await trx
        .insertInto("id_maps")
        .values({
          store_id: mapping.storeId,
          kind: mapping.kind,
          woo_id: mapping.wooId,
          cp_key: mapping.cpKey,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    });
    if (inserted) return;
  }
  throw new StoreError("id_map_conflict", `${mapping.kind} Woo ${mapping.wooId}: mapped concurrently, then not found`);
}

export async function findCpKey(
  db: StateDb,
  storeId: string,
  kind: IdMapKind,
  wooId: number,
): Promise<string | undefined> {
  check({ storeId, kind, wooId });
  const row = await db
    .selectFrom("id_maps")
    .select("cp_key")
    .where("store_id", "=", storeId)
    .where("kind", "=", kind)
    .where("woo_id", "=", wooId)
    .executeTakeFirst();
  return row?.cp_key;
}

/** `findCpKey` for many Woo ids at once: the Counterpoint key of each id that has a map. */
export async function findCpKeys(
  db: StateDb,
  storeId: string,
  kind: IdMapKind,
  wooIds: readonly number[],
): Promise<Map<number, string>> {
  const wanted = [...new Set(wooIds)];
  for (const wooId of wanted) check({ storeId, kind, wooId });
  const found = new Map<number, string>();
  const size = rowsPerStatement(1, 2);
  for (let i = 0; i < wanted.length; i += size) {
    const rows = await db
      .selectFrom("id_maps")
      .select(["woo_id", "cp_key"])
      .where("store_id", "=", storeId)
      .where("kind", "=", kind)
      .where("woo_id", "in", wanted.slice(i, i + size))
      .execute();
    for (const r of rows) found.set(Number(r.woo_id), r.cp_key);
  }
  return found;
}

export async function findWooId(
  db: StateDb,
  storeId: string,
  kind: IdMapKind,
  cpKey: string,
): Promise<number | undefined> {
  check({ storeId, kind, cpKey });
  const row = await db
    .selectFrom("id_maps")
    .select("woo_id")
    .where("store_id", "=", storeId)
    .where("kind", "=", kind)
    .where("cp_key", "=", cpKey)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.woo_id);
}

/** Removes the link of a Woo id (e.g. the Woo record was deleted). Returns whether one existed. */
export async function unmapId(db: StateDb, storeId: string, kind: IdMapKind, wooId: number): Promise<boolean> {
  check({ storeId, kind, wooId });
  const result = await db
    .deleteFrom("id_maps")
    .where("store_id", "=", storeId)
    .where("kind", "=", kind)
    .where("woo_id", "=", wooId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
