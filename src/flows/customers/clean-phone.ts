import { foldToLatin1 } from "./fold-latin1.js";

/** Width of PHONE_1 and the other phone columns. */
export const PHONE_WIDTH = 25;

export type PhoneStyle = "dashes" | "parens";

/**
 * A phone number as Counterpoint shows it. North American numbers (10 digits, or 11 starting with 1) become
 * `904-555-0177` (or `(904) 555-0177`), with an extension kept as ` x123` (from "ext", "ext.", "extension", "x" or
 * "#"). Other numbers keep their digits, `+`, spaces and dashes. Returns "" when there is no digit at all.
 */
export function normalizePhone(raw: string, country: string, style: PhoneStyle): string {
  const text = foldToLatin1(raw).value;
  if (!/\d/.test(text)) return "";
  const ext = /\s*(?:,|;|#|\bx\.?|\bext\.?|\bextension)\s*(\d{1,6})\s*$/i.exec(text);
  const main = ext === null ? text : text.slice(0, ext.index);
  const extension = ext?.[1] === undefined ? "" : ` x${ext[1]}`;
  let digits = main.replace(/\D/g, "");
  // "+1 …" is a North American number written internationally; any other "+" is foreign.
  const foreignPlus = main.trim().startsWith("+") && !(digits.length === 11 && digits.startsWith("1"));
  const northAmerica = (country === "" || country === "US" || country === "CA") && !foreignPlus;
  if (northAmerica && digits.length === 11 && digits.startsWith("1")) digits = digits.slice(1);
  if (northAmerica && digits.length === 10) {
    const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
    const formatted = style === "parens" ? `(${a}) ${b}-${c}` : `${a}-${b}-${c}`;
    return `${formatted}${extension}`.slice(0, PHONE_WIDTH);
  }
  const kept = main
    .replace(/[^\d+\s()-]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return `${kept}${extension}`.slice(0, PHONE_WIDTH).trim();
}
