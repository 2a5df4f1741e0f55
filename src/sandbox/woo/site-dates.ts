/**
 * WooCommerce dates: UTC epoch seconds inside, `YYYY-MM-DDTHH:MM:SS` outside — once in the site's time zone (no
 * offset suffix) and once in UTC (the `_gmt` twin).
 */

const offsetCache = new Map<string, Map<number, number>>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC in seconds at the given instant (cached per quarter hour: zones move on those). */
export function zoneOffsetSeconds(epochSeconds: number, timeZone: string): number {
  const bucket = Math.floor(epochSeconds / 900);
  let cache = offsetCache.get(timeZone);
  if (cache === undefined) {
    cache = new Map();
    offsetCache.set(timeZone, cache);
  }
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  const probe = bucket * 900;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(probe * 1000))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const offset = Math.round(asUtc / 1000 - probe);
  if (cache.size > 10_000) cache.clear();
  cache.set(bucket, offset);
  return offset;
}

/** `2026-11-21T20:58:36` (UTC). */
export function gmtDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19);
}

/** `2026-11-21T15:58:36` (site time, no offset). */
export function siteDate(epochSeconds: number, timeZone: string): string {
  return gmtDate(epochSeconds + zoneOffsetSeconds(epochSeconds, timeZone));
}

const WP_DATE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** True for the RFC 3339 forms WordPress accepts (`rest_parse_date`). */
export function isWpDate(text: string): boolean {
  return WP_DATE.test(text);
}

/**
 * Reads a date parameter. Without an explicit offset the text is site-local time, unless `assumeGmt` (WordPress's
 * `dates_are_gmt`); an explicit `Z` or offset always wins. Returns null when the text is not a date.
 */
export function parseWpDate(text: string, timeZone: string, assumeGmt: boolean): number | null {
  const m = WP_DATE.exec(text);
  if (m === null) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
  const zone = m[8];
  if (zone !== undefined) {
    if (zone === "Z" || zone === "z") return wall;
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offset = (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2) || "0") * 60) * sign;
    return wall - offset;
  }
  if (assumeGmt) return wall;
  return siteLocalToEpoch(wall, timeZone);
}

/** Converts a wall-clock time in the site's zone (given as if it were UTC) to the real instant. */
export function siteLocalToEpoch(wallAsUtc: number, timeZone: string): number {
  let guess = wallAsUtc - zoneOffsetSeconds(wallAsUtc, timeZone);
  guess = wallAsUtc - zoneOffsetSeconds(guess, timeZone);
  return guess;
}

/** Reads a WooCommerce `_gmt` field (`YYYY-MM-DDTHH:MM:SS`, UTC); null/"" stay null. */
export function parseGmtField(value: unknown): number | null {
  if (typeof value !== "string" || value === "") return null;
  const t = Date.parse(`${value.replace(" ", "T").slice(0, 19)}Z`);
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
}
