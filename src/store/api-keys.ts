import { createHash, randomBytes } from "node:crypto";
import { isoTime } from "./iso-time.js";
import type { StateDb } from "./state-db.js";
import { StoreError } from "./store-error.js";

export interface ApiKeyRecord {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

/** SHA-256 of a key, hex. Keys carry 192 random bits, so a fast hash is enough (no password stretching needed). */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * Creates a named key and returns it in clear — the only time it is ever shown; the store keeps its hash.
 * Form: `cpwoo_<id>_<secret>` (id: 12 hex digits, secret: 32 base64url characters).
 */
export async function createApiKey(db: StateDb, name: string): Promise<{ record: ApiKeyRecord; key: string }> {
  const trimmed = name.trim();
  if (!/^[\w.@-]{1,64}$/.test(trimmed))
    throw new StoreError("bad_value", `API key name "${name}": use 1-64 letters, digits, _ . @ or -`);
  const existing = await db.selectFrom("api_keys").select("id").where("name", "=", trimmed).executeTakeFirst();
  if (existing) throw new StoreError("state_conflict", `an API key named "${trimmed}" already exists`);
  const id = randomBytes(6).toString("hex");
  const key = `cpwoo_${id}_${randomBytes(24).toString("base64url")}`;
  const createdAt = isoTime();
  await db
    .insertInto("api_keys")
    .values({ id, name: trimmed, key_hash: hashApiKey(key), created_at: createdAt, revoked_at: null })
    .execute();
  return { record: { id, name: trimmed, createdAt, revokedAt: null }, key };
}

export async function listApiKeys(db: StateDb): Promise<ApiKeyRecord[]> {
  const rows = await db.selectFrom("api_keys").selectAll().orderBy("created_at").orderBy("name").execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/** Revokes a key by name or id; returns false when no active key matched. */
export async function revokeApiKey(db: StateDb, nameOrId: string): Promise<boolean> {
  const result = await db
    .updateTable("api_keys")
    .set({ revoked_at: isoTime() })
    .where((eb) => eb.or([eb("name", "=", nameOrId), eb("id", "=", nameOrId)]))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Hash → key name of every active key. */
export async function activeApiKeyHashes(db: StateDb): Promise<Map<string, string>> {
  const rows = await db.selectFrom("api_keys").select(["name", "key_hash"]).where("revoked_at", "is", null).execute();
  return new Map(rows.map((r) => [r.key_hash, r.name]));
}
