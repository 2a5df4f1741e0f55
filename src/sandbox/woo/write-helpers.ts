import type { Address, MetaEntry } from "./records.js";

/** Small pieces shared by the write paths: loose readers for request bodies and meta/address merging. */

export type Input = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function has(input: Input, key: string): boolean {
  return Object.hasOwn(input, key) && input[key] !== undefined;
}

/** A string field; numbers are accepted as text (batch items skip validation and WooCommerce stores them so). */
export function asText(value: unknown, fallback = ""): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "1" : "";
  return fallback;
}

/** WooCommerce `wc_format_decimal` for prices: trimmed numeric text, anything else empty. */
export function asPrice(value: unknown): string {
  const text = asText(value).trim();
  if (text === "") return "";
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? text : "";
}

/** PHP `intval`-like: "5" → 5, 2.9 → 2, junk → 0. */
export function asInt(value: unknown, fallback = 0): number {
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === "string") {
    const m = /^\s*[+-]?\d+/.exec(value);
    return m === null ? 0 : Number(m[0]);
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  return fallback;
}

export function asBool(value: unknown): boolean {
  if (typeof value === "string") return ["true", "1", "yes", "on"].includes(value.toLowerCase());
  return value === true || value === 1;
}

/** Adds or updates meta by `id`, else by `key` (API.md §9: there is no delete through meta_data). */
export function mergeMeta(existing: MetaEntry[], input: unknown, nextId: () => number): MetaEntry[] {
  if (!Array.isArray(input)) return existing;
  const out = existing.map((m) => ({ ...m }));
  for (const raw of input) {
    if (!isObject(raw)) continue;
    const key = asText(raw.key);
    const byId = typeof raw.id === "number" ? out.find((m) => m.id === raw.id) : undefined;
    const target = byId ?? (key === "" ? undefined : out.find((m) => m.key === key));
    if (target !== undefined) {
      if (key !== "") target.key = key;
      target.value = raw.value ?? "";
    } else if (key !== "") {
      out.push({ id: nextId(), key, value: raw.value ?? "" });
    }
  }
  return out;
}

const ADDRESS_FIELDS = [
  "first_name",
  "last_name",
  "company",
  "address_1",
  "address_2",
  "city",
  "state",
  "postcode",
  "country",
  "phone",
] as const;

export function emptyAddress(withEmail: boolean): Address {
  const a: Address = {
    first_name: "",
    last_name: "",
    company: "",
    address_1: "",
    address_2: "",
    city: "",
    state: "",
    postcode: "",
    country: "",
    phone: "",
  };
  if (withEmail) a.email = "";
  return a;
}

/** Applies the given fields of an address object over an existing address. */
export function mergeAddress(existing: Address, input: unknown, withEmail: boolean): Address {
  const out: Address = { ...existing };
  if (withEmail && out.email === undefined) out.email = "";
  if (!isObject(input)) return out;
  for (const f of ADDRESS_FIELDS) if (has(input, f)) out[f] = asText(input[f]);
  if (withEmail && has(input, "email")) out.email = asText(input.email);
  return out;
}
