// Counterpoint's own numbering rules, as pure functions (SCHEMA_FULL §3). Allocation under a lock lives with the
// document writer; these only compute.

/** Longest document number Counterpoint stores (T_DOC_NO = varchar(15)). */
export const DOC_NO_WIDTH = 15;

/**
 * The number after `current`, as Counterpoint's fnGetNextDocNumber_EX makes it: walking from the right, a digit 0–8 or
 * a letter A–Y is bumped by one and the walk stops; 9 becomes 0 and Z becomes A and the carry moves left; other
 * characters (`-`, spaces) are skipped. If the carry runs off the left end, an all-digit value gains a leading 1 (or
 * restarts at "1" when that would exceed 15 characters) and any other value restarts at "1".
 * `O101-000354` → `O101-000355`, `70041` → `70042`, `A-99` → `B-00`, `999` → `1000`.
 * Lower-case letters are bumped like upper-case ones [U: the recovered function was read for upper case].
 */
export function nextDocNumber(current: string): string {
  const chars = [...current];
  for (let i = chars.length - 1; i >= 0; i--) {
    const c = chars[i] as string;
    if (c >= "0" && c <= "8") {
      chars[i] = String.fromCharCode(c.charCodeAt(0) + 1);
      return chars.join("");
    }
    if (c === "9") {
      chars[i] = "0";
      continue;
    }
    if ((c >= "A" && c <= "Y") || (c >= "a" && c <= "y")) {
      chars[i] = String.fromCharCode(c.charCodeAt(0) + 1);
      return chars.join("");
    }
    if (c === "Z" || c === "z") {
      chars[i] = c === "Z" ? "A" : "a";
      continue;
    }
    // any other character is left as it is and skipped
  }
  if (/^\d+$/.test(current)) {
    const grown = `1${chars.join("")}`;
    return grown.length > DOC_NO_WIDTH ? "1" : grown;
  }
  return "1";
}

/** The type digit fnGenDocId puts in a DOC_ID: O 1, H 2, T 3, V 4, L 5, Q 6, R 7, anything else 9. */
export function docTypeDigit(docType: string): number {
  const digits: Readonly<Record<string, number>> = { O: 1, H: 2, T: 3, V: 4, L: 5, Q: 6, R: 7 };
  return digits[docType] ?? 9;
}

export interface DocIdParts {
  /** PS_STR.STR_NO (smallint). */
  storeNo: number;
  /** PS_STA.STA_NO (smallint). */
  stationNo: number;
  /** PS_DOC_HDR.DOC_TYP: T, O, L, H, Q… */
  docType: string;
  /** 1 = 1 January (local calendar). */
  dayOfYear: number;
  /** 0…86399 (local clock). */
  secondsOfDay: number;
  /** 0…9; fnGenDocId_Ext takes it from the last character of TKT_NO (see `docIdVariableDigit`). */
  variableDigit: number;
}

export class DocIdError extends Error {}

function whole(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DocIdError(`${what} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/**
 * A DOC_ID as Counterpoint's fnGenDocId builds it, as decimal text (DOC_IDs are bigint; keep them as text):
 * (STR_NO mod 10000)·10¹¹ + (STA_NO mod 100)·10⁹ + type digit·10⁸ + (day-of-year mod 100)·10⁶ + seconds·10 + digit.
 * E.g. store 1, station 1, order, day 63, 13:40:21, digit 8 → "101163492218". Uniqueness is not guaranteed (two
 * documents in the same second): callers retry on a key collision.
 */
export function genDocId(parts: DocIdParts): string {
  whole(parts.storeNo, 0, 32767, "store number");
  whole(parts.stationNo, 0, 32767, "station number");
  whole(parts.dayOfYear, 1, 366, "day of year");
  whole(parts.secondsOfDay, 0, 86399, "seconds of day");
  whole(parts.variableDigit, 0, 9, "variable digit");
  const id =
    BigInt(parts.storeNo % 10000) * 10n ** 11n +
    BigInt(parts.stationNo % 100) * 10n ** 9n +
    BigInt(docTypeDigit(parts.docType)) * 10n ** 8n +
    BigInt(parts.dayOfYear % 100) * 10n ** 6n +
    BigInt(parts.secondsOfDay) * 10n +
    BigInt(parts.variableDigit);
  return id.toString();
}

/** fnGenDocId_Ext's variable digit: the ASCII code of the ticket number's last character, mod 10 ("" → 0). */
export function docIdVariableDigit(tktNo: string): number {
  const last = tktNo.at(-1);
  return last === undefined ? 0 : last.charCodeAt(0) % 10;
}

/** Day of year (1-based) and seconds since midnight of a local wall-clock time. */
export function docIdClock(at: Date): { dayOfYear: number; secondsOfDay: number } {
  if (Number.isNaN(at.getTime())) throw new DocIdError("not a valid date");
  const startOfYear = Date.UTC(at.getFullYear(), 0, 1);
  const today = Date.UTC(at.getFullYear(), at.getMonth(), at.getDate());
  return {
    dayOfYear: Math.round((today - startOfYear) / 86_400_000) + 1,
    secondsOfDay: at.getHours() * 3600 + at.getMinutes() * 60 + at.getSeconds(),
  };
}

/** The DOC_ID of a document entered at `at` (local time) with ticket number `tktNo`. */
export function docIdFor(input: {
  storeNo: number;
  stationNo: number;
  docType: string;
  at: Date;
  tktNo: string;
}): string {
  return genDocId({
    storeNo: input.storeNo,
    stationNo: input.stationNo,
    docType: input.docType,
    ...docIdClock(input.at),
    variableDigit: docIdVariableDigit(input.tktNo),
  });
}

/** The parts of a DOC_ID built by fnGenDocId (store and station numbers come back reduced mod 10000 / 100). */
export function decodeDocId(docId: string | number): DocIdParts & { docTypeDigit: number } {
  const text = String(docId);
  if (!/^\d{1,19}$/.test(text)) throw new DocIdError(`not a DOC_ID: ${text}`);
  const id = BigInt(text);
  const digit = (div: bigint, mod: bigint) => Number((id / div) % mod);
  const typeDigit = digit(10n ** 8n, 10n);
  const types = ["", "O", "H", "T", "V", "L", "Q", "R", "", "?"];
  return {
    storeNo: Number(id / 10n ** 11n),
    stationNo: digit(10n ** 9n, 100n),
    docType: types[typeDigit] ?? "?",
    docTypeDigit: typeDigit,
    dayOfYear: digit(10n ** 6n, 100n),
    secondsOfDay: digit(10n, 100000n),
    variableDigit: digit(1n, 10n),
  };
}
