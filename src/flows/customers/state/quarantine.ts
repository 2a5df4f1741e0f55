import { isoTime, type StateDb } from "../../../store/index.js";
import type { BotReason } from "../bot-filter.js";
import type { WebCustomerSource } from "../web-customer-source.js";

export interface QuarantineEntry {
  storeId: string;
  sourceKey: string;
  wooId: number | null;
  email: string;
  state: "quarantined" | "released";
  reasons: BotReason[];
  source: WebCustomerSource;
  createdAt: string;
  releasedAt: string | null;
  releasedBy: string | null;
}

/** The quarantine key of a web customer: `customer:<id>` or `guest:<e-mail>`. */
export function quarantineKey(source: Pick<WebCustomerSource, "wooId">, email: string): string {
  return source.wooId !== null ? `customer:${source.wooId}` : `guest:${email}`;
}

type Row = {
  store_id: string;
  source_key: string;
  woo_id: number | null;
  email: string;
  state: string;
  reasons: string;
  source: string;
  created_at: string;
  released_at: string | null;
  released_by: string | null;
};

function toEntry(r: Row): QuarantineEntry {
  return {
    storeId: r.store_id,
    sourceKey: r.source_key,
    wooId: r.woo_id === null ? null : Number(r.woo_id),
    email: r.email,
    state: r.state === "released" ? "released" : "quarantined",
    reasons: JSON.parse(r.reasons) as BotReason[],
    source: JSON.parse(r.source) as WebCustomerSource,
    createdAt: r.created_at,
    releasedAt: r.released_at,
    releasedBy: r.released_by,
  };
}

const columns = [
  "store_id",
  "source_key",
  "woo_id",
  "email",
  "state",
  "reasons",
  "source",
  "created_at",
  "released_at",
  "released_by",
] as const;

export async function findQuarantine(db: StateDb, storeId: string, key: string): Promise<QuarantineEntry | undefined> {
  const row = await db
    .selectFrom("customer_quarantine")
    .select(columns)
    .where("store_id", "=", storeId)
    .where("source_key", "=", key)
    .executeTakeFirst();
  return row === undefined ? undefined : toEntry(row);
}

/** Every entry of a store (or only one state), oldest first. */
export async function listQuarantine(
  db: StateDb,
  storeId: string,
  state?: "quarantined" | "released",
): Promise<QuarantineEntry[]> {
  let q = db.selectFrom("customer_quarantine").select(columns).where("store_id", "=", storeId);
  if (state !== undefined) q = q.where("state", "=", state);
  return (await q.orderBy("created_at").orderBy("source_key").execute()).map(toEntry);
}

/** Holds a web customer back, or refreshes the reasons of one already held. A released entry is left released. */
export async function quarantineCustomer(
  db: StateDb,
  entry: { storeId: string; key: string; source: WebCustomerSource; email: string; reasons: readonly BotReason[] },
  at: Date = new Date(),
): Promise<void> {
  const now = isoTime(at);
  await db
    .insertInto("customer_quarantine")
    .values({
      store_id: entry.storeId,
      source_key: entry.key,
      woo_id: entry.source.wooId,
      email: entry.email,
      state: "quarantined",
      reasons: JSON.stringify(entry.reasons),
      source: JSON.stringify(entry.source),
      created_at: now,
      updated_at: now,
      released_at: null,
      released_by: null,
    })
    .onConflict((oc) =>
      oc.columns(["store_id", "source_key"]).doUpdateSet({
        reasons: JSON.stringify(entry.reasons),
        source: JSON.stringify(entry.source),
        updated_at: now,
      }),
    )
    .execute();
}

/** Lets a held customer through: the next sync creates it. Returns false when no such entry is held. */
export async function releaseQuarantine(
  db: StateDb,
  storeId: string,
  key: string,
  by: string,
  at: Date = new Date(),
): Promise<boolean> {
  const now = isoTime(at);
  const result = await db
    .updateTable("customer_quarantine")
    .set({ state: "released", released_at: now, released_by: by, updated_at: now })
    .where("store_id", "=", storeId)
    .where("source_key", "=", key)
    .where("state", "=", "quarantined")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
