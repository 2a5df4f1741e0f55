import type { Generated } from "kysely";
import { isoTime } from "./iso-time.js";
import type { StateDb } from "./state-db.js";

/** Tables of migration 0009 (kept here, next to their only repository; a type, as `$extendTables` needs). */
export type AlertTables = {
  alert_state: { name: string; version: number; state: string; updated_at: string };
  alert_mails: {
    id: Generated<number>;
    at: string;
    kind: string;
    subject: string;
    /** Comma-separated addresses. */
    recipients: string;
    /** 1 sent, 0 refused or failed. */
    sent: number;
    error: string | null;
  };
};

function alertDb(db: StateDb) {
  return db.$extendTables<AlertTables>();
}

export interface StoredAlertState {
  version: number;
  /** JSON text owned by the alert manager. */
  state: string;
  updatedAt: string;
}

export async function readAlertState(db: StateDb, name: string): Promise<StoredAlertState | undefined> {
  const row = await alertDb(db).selectFrom("alert_state").selectAll().where("name", "=", name).executeTakeFirst();
  return row && { version: Number(row.version), state: row.state, updatedAt: row.updated_at };
}

/**
 * Writes the state if nobody changed it since `expectedVersion` was read (undefined: the row must not exist yet).
 * Returns false when another process got there first; that process's decision stands.
 */
export async function writeAlertState(
  db: StateDb,
  name: string,
  expectedVersion: number | undefined,
  state: string,
  at: Date = new Date(),
): Promise<boolean> {
  const adb = alertDb(db);
  if (expectedVersion === undefined) {
    const result = await adb
      .insertInto("alert_state")
      .values({ name, version: 1, state, updated_at: isoTime(at) })
      .onConflict((oc) => oc.column("name").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }
  const result = await adb
    .updateTable("alert_state")
    .set({ version: expectedVersion + 1, state, updated_at: isoTime(at) })
    .where("name", "=", name)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface AlertMailRecord {
  id: number;
  at: string;
  kind: string;
  subject: string;
  recipients: string[];
  sent: boolean;
  error: string | null;
}

export async function recordAlertMail(db: StateDb, mail: Omit<AlertMailRecord, "id">): Promise<void> {
  await alertDb(db)
    .insertInto("alert_mails")
    .values({
      at: mail.at,
      kind: mail.kind,
      subject: mail.subject,
      recipients: mail.recipients.join(","),
      sent: mail.sent ? 1 : 0,
      error: mail.error,
    })
    .execute();
}

/** Alert mails, newest first. */
export async function listAlertMails(db: StateDb, limit = 100): Promise<AlertMailRecord[]> {
  const rows = await alertDb(db).selectFrom("alert_mails").selectAll().orderBy("id", "desc").limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    kind: r.kind,
    subject: r.subject,
    recipients: r.recipients === "" ? [] : r.recipients.split(","),
    sent: Number(r.sent) === 1,
    error: r.error,
  }));
}
