import { existsSync } from "node:fs";
import { parseDatabaseUrl, redactDatabaseUrl, type Settings } from "../config/index.js";
import { connectCounterpoint } from "../counterpoint/connect.js";
import { probeCounterpointSchema, type SchemaProbeResult } from "../counterpoint/probe.js";
import { openStateStore, readMigrationStatus } from "../store/index.js";
import { WooClient } from "../woocommerce/index.js";

/** A doctor only reads: an SQLite file that is not there is reported, not created. */
function missingSqliteFile(url: string): string | undefined {
  const parsed = parseDatabaseUrl(url);
  return parsed.kind === "sqlite" && parsed.file !== ":memory:" && parsed.file !== undefined && !existsSync(parsed.file)
    ? parsed.file
    : undefined;
}

/** One line of `cpwoo doctor`: what was checked, whether it passed, and a sentence saying what was found. */
export interface DoctorCheck {
  name: "woocommerce" | "counterpoint" | "state";
  ok: boolean;
  detail: string;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An authenticated call to the store: proves the URL, the keys and the way they reach it (Basic vs OAuth). */
export async function checkWooCommerce(woo: Settings["woo"]): Promise<DoctorCheck> {
  const missing = (["url", "key", "secret"] as const).filter((k) => !woo[k]);
  if (missing.length > 0 || !woo.url || !woo.key || !woo.secret) {
    return {
      name: "woocommerce",
      ok: false,
      detail: `not configured: set ${missing.map((k) => `woo.${k}`).join(", ")}`,
    };
  }
  // A doctor answers quickly: one retry at most, and a short timeout.
  const client = new WooClient({ ...woo, url: woo.url, key: woo.key, secret: woo.secret, maxRetries: 1 });
  try {
    const status = await client.systemStatus();
    const version = status.environment?.version;
    return {
      name: "woocommerce",
      ok: true,
      detail: `${woo.url} answers (WooCommerce ${version ?? "version unknown"}, auth ${client.transport.authMode})`,
    };
  } catch (err) {
    return { name: "woocommerce", ok: false, detail: `${woo.url}: ${messageOf(err)}` };
  } finally {
    await client.close();
  }
}

function describeProbe(probe: SchemaProbeResult): string {
  const parts: string[] = [];
  if (probe.missingTables.length > 0) parts.push(`missing tables ${probe.missingTables.join(", ")}`);
  if (probe.missingColumns.length > 0) parts.push(`missing columns ${probe.missingColumns.join(", ")}`);
  if (probe.unknownRequiredColumns.length > 0) {
    parts.push(`required columns cpwoo does not fill ${probe.unknownRequiredColumns.join(", ")}`);
  }
  if (probe.narrowerColumns.length > 0) {
    const list = probe.narrowerColumns.map((c) => `${c.column} (${c.database} < ${c.definition})`);
    parts.push(`columns narrower than cpwoo assumes ${list.join(", ")}`);
  }
  return parts.join("; ");
}

/** Connects to Counterpoint and checks every table and column cpwoo uses (Counterpoint builds differ). */
export async function checkCounterpoint(cp: Settings["counterpoint"]): Promise<DoctorCheck> {
  if (!cp.db) return { name: "counterpoint", ok: false, detail: "not configured: set counterpoint.db (CPWOO_CP_DB)" };
  const label = redactDatabaseUrl(cp.db);
  let db: ReturnType<typeof connectCounterpoint> | undefined;
  try {
    const absent = missingSqliteFile(cp.db);
    if (absent) return { name: "counterpoint", ok: false, detail: `${label}: no such file ${absent}` };
    db = connectCounterpoint(cp.db);
    const probe = await probeCounterpointSchema(db);
    if (!probe.ok) return { name: "counterpoint", ok: false, detail: `${label}: ${describeProbe(probe)}` };
    return { name: "counterpoint", ok: true, detail: `${label}: every table and column cpwoo uses is present` };
  } catch (err) {
    return { name: "counterpoint", ok: false, detail: `${label}: ${messageOf(err)}` };
  } finally {
    await db?.destroy();
  }
}

/** Opens cpwoo's own state database and checks that its migrations are applied. */
export async function checkStateStore(state: Settings["state"]): Promise<DoctorCheck> {
  const label = redactDatabaseUrl(state.db);
  try {
    const absent = missingSqliteFile(state.db);
    if (absent) return { name: "state", ok: false, detail: `${label}: not created yet (${absent}): run cpwoo migrate` };
    const store = await openStateStore(state.db);
    try {
      const status = await readMigrationStatus(store);
      const pending = status.filter((m) => m.appliedAt === null).map((m) => m.id);
      if (pending.length > 0) {
        return {
          name: "state",
          ok: false,
          detail: `${label}: ${pending.length} migration(s) pending (${pending.join(", ")}): run cpwoo migrate`,
        };
      }
      return { name: "state", ok: true, detail: `${label}: up to date (${status.length} migrations)` };
    } finally {
      await store.close();
    }
  } catch (err) {
    return { name: "state", ok: false, detail: `${label}: ${messageOf(err)}` };
  }
}

/** Runs every check; none of them writes anything. */
export async function runDoctor(settings: Settings): Promise<DoctorCheck[]> {
  return Promise.all([
    checkWooCommerce(settings.woo),
    checkCounterpoint(settings.counterpoint),
    checkStateStore(settings.state),
  ]);
}
