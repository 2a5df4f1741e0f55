import type { WarningLog } from "./clean-warning.js";
import { foldToLatin1 } from "./fold-latin1.js";

/** Width of ADRS_1..3 in AR_CUST and AR_SHIP_ADRS. */
export const ADDRESS_LINE_WIDTH = 40;
export const ADDRESS_LINES = 3;

// USPS Publication 28, appendix C1 (street suffixes, the common ones) and B (directionals).
const suffixes: Readonly<Record<string, string>> = {
  ALLEY: "ALY",
  AVENUE: "AVE",
  BOULEVARD: "BLVD",
  CAUSEWAY: "CSWY",
  CENTER: "CTR",
  CIRCLE: "CIR",
  COURT: "CT",
  COVE: "CV",
  CROSSING: "XING",
  DRIVE: "DR",
  EXPRESSWAY: "EXPY",
  EXTENSION: "EXT",
  FREEWAY: "FWY",
  HEIGHTS: "HTS",
  HIGHWAY: "HWY",
  ISLAND: "IS",
  JUNCTION: "JCT",
  LANE: "LN",
  LOOP: "LOOP",
  MOUNT: "MT",
  PARKWAY: "PKWY",
  PLACE: "PL",
  PLAZA: "PLZ",
  POINT: "PT",
  ROAD: "RD",
  ROUTE: "RTE",
  SQUARE: "SQ",
  STREET: "ST",
  TERRACE: "TER",
  TRAIL: "TRL",
  TURNPIKE: "TPKE",
  WAY: "WAY",
};
const directions: Readonly<Record<string, string>> = {
  NORTH: "N",
  SOUTH: "S",
  EAST: "E",
  WEST: "W",
  NORTHEAST: "NE",
  NORTHWEST: "NW",
  SOUTHEAST: "SE",
  SOUTHWEST: "SW",
};
// USPS Publication 28, appendix C2 (secondary unit designators).
const units: Readonly<Record<string, string>> = {
  APARTMENT: "APT",
  APT: "APT",
  BUILDING: "BLDG",
  BLDG: "BLDG",
  DEPARTMENT: "DEPT",
  DEPT: "DEPT",
  FLOOR: "FL",
  FL: "FL",
  HANGAR: "HNGR",
  LOT: "LOT",
  OFFICE: "OFC",
  PIER: "PIER",
  ROOM: "RM",
  RM: "RM",
  SLIP: "SLIP",
  SPACE: "SPC",
  STE: "STE",
  SUITE: "STE",
  TRAILER: "TRLR",
  UNIT: "UNIT",
};

function abbreviateWords(segment: string): string {
  const words = segment.split(" ").filter((w) => w !== "");
  return words
    .map((w, i) => {
      const suffix = suffixes[w];
      // A suffix is only abbreviated after the street name ("100 Court Street" keeps its first COURT).
      if (suffix !== undefined && i > 0 && (i === words.length - 1 || directions[words[i + 1] ?? ""] !== undefined)) {
        return suffix;
      }
      const direction = directions[w];
      if (direction !== undefined && (i === 1 || i === words.length - 1)) return direction;
      return units[w] ?? w;
    })
    .join(" ");
}

/** A comma-separated segment that is a secondary unit: "Suite 1200", "Apt 5C", "#12", "Building 4". */
function isSecondary(segment: string): boolean {
  const first = segment.split(" ")[0] ?? "";
  return units[first] !== undefined || /^#\s*\w/.test(segment);
}

/** Breaks text into pieces of at most `width` characters at spaces (a word longer than the width is cut). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ").filter((w) => w !== "")) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if ([...candidate].length <= width) {
      current = candidate;
      continue;
    }
    if (current !== "") lines.push(current);
    let rest = word;
    while ([...rest].length > width) {
      lines.push([...rest].slice(0, width).join(""));
      rest = [...rest].slice(width).join("");
    }
    current = rest;
  }
  if (current !== "") lines.push(current);
  return lines;
}

export interface AddressCleaning {
  /** USPS style (upper case, abbreviations, no punctuation) for US addresses. */
  usps: boolean;
}

/**
 * The street lines of an address as Counterpoint holds them: at most three lines of at most 40 characters. US
 * addresses (with `usps`) are upper-cased, lose punctuation, get USPS abbreviations, and have secondary units
 * (suite, apartment, building…) moved to line 2; a line over 40 characters continues on the next line at a word
 * boundary. What cannot fit in three lines is cut, with a warning.
 */
export function cleanStreetLines(
  address1: string,
  address2: string,
  country: string,
  options: AddressCleaning,
  field: string,
  log: WarningLog,
): string[] {
  const fold = (raw: string, name: string) => {
    const f = foldToLatin1(raw);
    if (f.changed) log.add(name, `"${raw}" folded to Latin-1 as "${f.value}"`);
    return f.value;
  };
  const a1 = fold(address1, `${field}.address_1`);
  const a2 = fold(address2, `${field}.address_2`);
  const usps = options.usps && (country === "" || country === "US");
  let segments: string[];
  if (usps) {
    const normal = (s: string) =>
      abbreviateWords(s.toUpperCase().replace(/[.]/g, "").replace(/[;:]/g, " ").replace(/\s+/g, " ").trim());
    const parts1 = a1
      .split(",")
      .map(normal)
      .filter((s) => s !== "");
    const primary = parts1.filter((s, i) => i === 0 || !isSecondary(s));
    const secondary = parts1.filter((s, i) => i > 0 && isSecondary(s));
    // A unit written at the end of line 1 without a comma ("2200 SW 8TH ST APT 5C") also moves to line 2.
    const head = primary[0] ?? "";
    const tail = /^(.*?\S) ((?:APT|STE|UNIT|BLDG|FL|RM|DEPT|OFC|SPC|LOT|TRLR|#)\s*\S+)$/.exec(head);
    if (tail?.[1] !== undefined && tail[2] !== undefined && /^\d/.test(head)) {
      primary[0] = abbreviateWords(tail[1]);
      secondary.unshift(tail[2]);
    }
    const line2 = [...secondary, ...primary.slice(1), ...a2.split(",").map(normal)].filter((s) => s !== "");
    segments = [primary[0] ?? "", line2.join(" ")].filter((s) => s !== "");
    if (secondary.length > 0) log.add(`${field}.address_1`, `secondary unit moved to line 2: ${secondary.join(" ")}`);
  } else {
    segments = [a1, a2].filter((s) => s !== "");
  }
  const lines = segments.flatMap((segment) => wrapWords(segment, ADDRESS_LINE_WIDTH));
  if (lines.length > ADDRESS_LINES) {
    // Pack the overflow: everything after line 1 re-wrapped into lines 2 and 3.
    const rest = wrapWords(lines.slice(1).join(" "), ADDRESS_LINE_WIDTH);
    const dropped = rest.slice(ADDRESS_LINES - 1).join(" ");
    if (dropped !== "") log.add(`${field}.address`, `longer than 3 lines of 40 characters: dropped "${dropped}"`);
    return [lines[0] ?? "", ...rest.slice(0, ADDRESS_LINES - 1)];
  }
  if (lines.length > segments.length) {
    log.add(`${field}.address`, `split over ${lines.length} lines of at most ${ADDRESS_LINE_WIDTH} characters`);
  }
  return lines;
}
