import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  collectFixtures,
  documentsOfFile,
  type FixtureCandidate,
  type FixtureDocument,
  selectFixtures,
} from "../../src/sandbox/woo/fixtures.js";
import { detectKind } from "../../src/sandbox/woo/fixture-mapping.js";

/** The recorded WooCommerce 11.0.1 request/response pairs (`../shared/woocommerce/recorded/`) and what tests need of them. */

export const RECORDED_DIR =
  process.env.CPWOO_WOO_RECORDED ?? fileURLToPath(new URL("../../../shared/woocommerce/recorded/", import.meta.url));

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export interface Recording {
  name: string;
  file: string;
  kind: "rest" | "webhook_delivery";
  description: string;
  request: RecordedRequest;
  response: { status: number; headers: Record<string, string>; body: unknown };
  secret?: string;
  trigger?: { method: string; path: string; body: unknown };
}

export function loadRecordings(dir = RECORDED_DIR): Recording[] {
  if (!existsSync(dir)) throw new Error(`recordings not found at ${dir} (set CPWOO_WOO_RECORDED)`);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ ...(JSON.parse(readFileSync(join(dir, file), "utf8")) as Recording), file }));
}

export function recordingDocuments(recordings: readonly Recording[]): FixtureDocument[] {
  return recordings.flatMap((r) => documentsOfFile(r.file, r));
}

/** What a write request created (so that the replay starts from the state before it). */
export function createdBy(rec: Recording): Array<{ kind: string; id: number }> {
  const body = rec.response.body;
  if (rec.request.method !== "POST" || typeof body !== "object" || body === null) return [];
  const out: Array<{ kind: string; id: number }> = [];
  const add = (item: unknown) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return;
    const o = item as Record<string, unknown>;
    const kind = detectKind(o);
    if (kind !== null && kind !== "error" && typeof o.id === "number") out.push({ kind, id: o.id });
  };
  if (rec.response.status === 201) add(body);
  const create = (body as Record<string, unknown>).create;
  if (Array.isArray(create)) for (const item of create) add(item);
  return out;
}

/**
 * The store a recording was made against, rebuilt from all recorded bodies: for a read, the recording's own response
 * objects win; otherwise the earliest recorded version of every object, minus whatever the request itself created.
 */
export function fixturesFor(rec: Recording | null, recordings: readonly Recording[]): FixtureCandidate[] {
  // Webhook deliveries were recorded last: the order they carry did not exist yet when the REST calls were made.
  const { candidates } = collectFixtures(recordingDocuments(recordings.filter((r) => r.kind === "rest")));
  const created = rec === null ? [] : createdBy(rec);
  const kept = candidates
    // The recorded webhook points at a real port (8090): replays must not post there.
    .filter((c) => c.kind !== "webhook")
    .filter((c) => !created.some((x) => x.kind === c.kind && x.id === c.id))
    .map((c) => (rec !== null && rec.request.method === "GET" && c.source === rec.file ? { ...c, pinned: true } : c));
  return selectFixtures(kept, "earliest");
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * Differences in JSON shape: the same keys at every level and the same value types (money stays a string, ids stay
 * numbers, unset dates stay null); arrays must have the same length and matching element shapes.
 */
export function shapeDiff(expected: unknown, actual: unknown, path = "$"): string[] {
  const te = typeOf(expected);
  const ta = typeOf(actual);
  if (te !== ta) return [`${path}: expected ${te}, got ${ta} (${JSON.stringify(actual)?.slice(0, 60)})`];
  if (te === "array") {
    const e = expected as unknown[];
    const a = actual as unknown[];
    const out: string[] = [];
    if (e.length !== a.length) out.push(`${path}: expected ${e.length} elements, got ${a.length}`);
    for (let i = 0; i < Math.min(e.length, a.length); i++) out.push(...shapeDiff(e[i], a[i], `${path}[${i}]`));
    return out;
  }
  if (te === "object") {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const out: string[] = [];
    for (const k of Object.keys(e)) if (!(k in a)) out.push(`${path}.${k}: missing`);
    for (const k of Object.keys(a)) if (!(k in e)) out.push(`${path}.${k}: not in the recording`);
    for (const k of Object.keys(e)) if (k in a) out.push(...shapeDiff(e[k], a[k], `${path}.${k}`));
    return out;
  }
  return [];
}

export interface LinkEntry {
  url: URL;
  rel: string;
}

export function parseLinkHeader(header: string | null | undefined): LinkEntry[] {
  if (header === null || header === undefined || header === "") return [];
  return header.split(/,\s*(?=<)/).map((part) => {
    const m = /^<([^>]*)>;\s*rel="([^"]*)"$/.exec(part.trim());
    if (m === null) throw new Error(`malformed Link entry: ${part}`);
    return { url: new URL(m[1] as string), rel: m[2] as string };
  });
}
