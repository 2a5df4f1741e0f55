import anyAscii from "any-ascii";

export interface Folded {
  value: string;
  /** True when anything other than surrounding/duplicate white space was changed or dropped. */
  changed: boolean;
}

// Typographic characters a shopper's phone or word processor puts in, mapped to what a Latin-1 column shows.
const typographic: Readonly<Record<string, string>> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201A": "'",
  "\u2032": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u201E": '"',
  "\u2033": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u20AC": "EUR",
  "\u2122": "(TM)",
};

const pictographs = /[\p{Extended_Pictographic}\u200B-\u200D\u2060\uFE0E\uFE0F]/gu;
// C0/C1 control characters, soft hyphen; line breaks and tabs become spaces first.
const controls = /[\u0000-\u001F\u007F-\u009F\u00AD]/g;

function isLatin1Printable(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff);
}

/**
 * Folds text to what a Counterpoint varchar (Latin-1 code page) holds: Latin-1 letters are kept (Zoë, Ñúñez),
 * typographic quotes and dashes become their ASCII forms, other scripts are transliterated with any-ascii (Łódź →
 * Lodz, 北京 → BeiJing), emoji and control characters are dropped, white space is collapsed. `changed` tells the
 * caller to record a warning.
 */
export function foldToLatin1(input: string): Folded {
  const spaced = input.replace(/[\t\r\n\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, " ");
  let out = "";
  let changed = false;
  const withoutPictographs = spaced.replace(pictographs, "");
  if (withoutPictographs !== spaced) changed = true;
  const withoutControls = withoutPictographs.replace(controls, "");
  if (withoutControls !== withoutPictographs) changed = true;
  for (const ch of withoutControls.normalize("NFC")) {
    const code = ch.codePointAt(0) ?? 0;
    if (isLatin1Printable(code)) {
      out += ch;
      continue;
    }
    changed = true;
    const mapped = typographic[ch];
    out += mapped ?? anyAscii(ch);
  }
  const value = out.replace(/ {2,}/g, " ").trim();
  return { value, changed };
}
