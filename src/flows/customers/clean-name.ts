import { foldToLatin1 } from "./fold-latin1.js";
import type { WarningLog } from "./clean-warning.js";

const prefixes = new Set(["MR", "MRS", "MS", "MISS", "MX", "DR", "PROF", "REV", "HON", "SIR", "DAME"]);
const suffixes = new Set(["JR", "SR", "II", "III", "IV", "V", "PHD", "MD", "ESQ", "CPA", "DDS", "DVM", "RN"]);

/** Splits a full name into first and last ("Dr. Dana M. Whitfield Jr." → Dana, Whitfield): titles, suffixes and middle names dropped. */
export function splitFullName(full: string): { first: string; last: string } {
  const words = full
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "");
  while (words.length > 1 && prefixes.has((words[0] ?? "").replace(/\./g, "").toUpperCase())) words.shift();
  while (words.length > 1 && suffixes.has((words.at(-1) ?? "").replace(/[.,]/g, "").toUpperCase())) words.pop();
  if (words.length === 0) return { first: "", last: "" };
  if (words.length === 1) return { first: words[0] ?? "", last: "" };
  return { first: words[0] ?? "", last: words.at(-1) ?? "" };
}

/** "dana whitfield" → "Dana Whitfield"; mixed or upper case is left as typed. */
export function capitalizeIfLower(text: string): string {
  if (text !== text.toLowerCase() || text === text.toUpperCase()) return text;
  return text.replace(/(^|[\s'-])(\p{Ll})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/**
 * Shortens a name to `width` characters keeping it readable: a hyphenated surname is shortened part by part (the
 * longest part loses a letter until it fits, no part below 3 letters), so "Vanderbilt-Montgomery-Worthington" becomes
 * "Vanderbi-Montgom-Worthing" rather than losing its last part; anything else is cut at the width.
 */
export function shortenName(name: string, width: number): string {
  const chars = [...name];
  if (chars.length <= width) return name;
  const parts = name.split("-").map((p) => [...p.trim()]);
  const available = width - (parts.length - 1);
  if (parts.length > 1 && parts.every((p) => p.length > 0) && available >= 3 * parts.length) {
    const lengths = parts.map((p) => p.length);
    let total = lengths.reduce((a, b) => a + b, 0);
    while (total > available) {
      let longest = 0;
      for (let i = 1; i < lengths.length; i++) if ((lengths[i] ?? 0) > (lengths[longest] ?? 0)) longest = i;
      lengths[longest] = (lengths[longest] ?? 0) - 1;
      total -= 1;
    }
    return parts.map((p, i) => p.slice(0, lengths[i]).join("")).join("-");
  }
  return chars.slice(0, width).join("").trimEnd();
}

/** Folds, capitalises and shortens one name field, logging what changed. */
export function cleanNamePart(raw: string, width: number, field: string, log: WarningLog): string {
  const folded = foldToLatin1(raw);
  if (folded.changed) log.add(field, `"${raw}" folded to Latin-1 as "${folded.value}"`);
  const cased = capitalizeIfLower(folded.value);
  const short = shortenName(cased, width);
  if (short !== cased) log.add(field, `"${cased}" shortened to ${width} characters: "${short}"`);
  return short;
}
