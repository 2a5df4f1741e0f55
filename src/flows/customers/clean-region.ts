import { foldToLatin1 } from "./fold-latin1.js";

const countryNames: Readonly<Record<string, string>> = {
  US: "US",
  USA: "US",
  "U S": "US",
  "U S A": "US",
  "UNITED STATES": "US",
  "UNITED STATES OF AMERICA": "US",
  AMERICA: "US",
  CANADA: "CA",
  CAN: "CA",
  MEXICO: "MX",
  MEX: "MX",
  "UNITED KINGDOM": "GB",
  UK: "GB",
  "GREAT BRITAIN": "GB",
  ENGLAND: "GB",
  GERMANY: "DE",
  DEUTSCHLAND: "DE",
  FRANCE: "FR",
  SPAIN: "ES",
  ESPANA: "ES",
  BAHAMAS: "BS",
  "PUERTO RICO": "PR",
};

const usStates: Readonly<Record<string, string>> = {
  ALABAMA: "AL",
  ALASKA: "AK",
  ARIZONA: "AZ",
  ARKANSAS: "AR",
  CALIFORNIA: "CA",
  COLORADO: "CO",
  CONNECTICUT: "CT",
  DELAWARE: "DE",
  "DISTRICT OF COLUMBIA": "DC",
  FLORIDA: "FL",
  GEORGIA: "GA",
  HAWAII: "HI",
  IDAHO: "ID",
  ILLINOIS: "IL",
  INDIANA: "IN",
  IOWA: "IA",
  KANSAS: "KS",
  KENTUCKY: "KY",
  LOUISIANA: "LA",
  MAINE: "ME",
  MARYLAND: "MD",
  MASSACHUSETTS: "MA",
  MICHIGAN: "MI",
  MINNESOTA: "MN",
  MISSISSIPPI: "MS",
  MISSOURI: "MO",
  MONTANA: "MT",
  NEBRASKA: "NE",
  NEVADA: "NV",
  "NEW HAMPSHIRE": "NH",
  "NEW JERSEY": "NJ",
  "NEW MEXICO": "NM",
  "NEW YORK": "NY",
  "NORTH CAROLINA": "NC",
  "NORTH DAKOTA": "ND",
  OHIO: "OH",
  OKLAHOMA: "OK",
  OREGON: "OR",
  PENNSYLVANIA: "PA",
  "RHODE ISLAND": "RI",
  "SOUTH CAROLINA": "SC",
  "SOUTH DAKOTA": "SD",
  TENNESSEE: "TN",
  TEXAS: "TX",
  UTAH: "UT",
  VERMONT: "VT",
  VIRGINIA: "VA",
  WASHINGTON: "WA",
  "WEST VIRGINIA": "WV",
  WISCONSIN: "WI",
  WYOMING: "WY",
  "PUERTO RICO": "PR",
  GUAM: "GU",
  "VIRGIN ISLANDS": "VI",
  "ARMED FORCES AMERICAS": "AA",
  "ARMED FORCES EUROPE": "AE",
  "ARMED FORCES PACIFIC": "AP",
};
const usCodes = new Set(Object.values(usStates));

const caProvinces: Readonly<Record<string, string>> = {
  ALBERTA: "AB",
  "BRITISH COLUMBIA": "BC",
  MANITOBA: "MB",
  "NEW BRUNSWICK": "NB",
  "NEWFOUNDLAND AND LABRADOR": "NL",
  "NOVA SCOTIA": "NS",
  ONTARIO: "ON",
  "PRINCE EDWARD ISLAND": "PE",
  QUEBEC: "QC",
  SASKATCHEWAN: "SK",
  "NORTHWEST TERRITORIES": "NT",
  NUNAVUT: "NU",
  YUKON: "YT",
};
const caCodes = new Set(Object.values(caProvinces));

function key(raw: string): string {
  return foldToLatin1(raw).value.toUpperCase().replace(/[.,]/g, " ").replace(/\s+/g, " ").trim();
}

/** An ISO 3166 two-letter country code from a code or a common name; `fallback` when empty; else the folded text. */
export function normalizeCountry(raw: string, fallback: string): string {
  const k = key(raw);
  if (k === "") return fallback;
  if (/^[A-Z]{2}$/.test(k)) return k;
  return countryNames[k] ?? k;
}

/** A US state or Canadian province as its postal code ("Florida" → FL); other regions folded and upper-cased. */
export function normalizeState(raw: string, country: string): string {
  const k = key(raw);
  if (k === "") return "";
  if (country === "US" || country === "") {
    if (usCodes.has(k)) return k;
    return usStates[k] ?? k;
  }
  if (country === "CA") {
    if (caCodes.has(k)) return k;
    return caProvinces[k] ?? k;
  }
  return k;
}

/** US ZIP as 5 or 5-4 digits when it is one; anything else folded, upper-cased and trimmed. */
export function normalizePostcode(raw: string, country: string): string {
  const k = key(raw);
  if (country === "US" || country === "") {
    const digits = k.replace(/\D/g, "");
    if (digits.length === 9) return `${digits.slice(0, 5)}-${digits.slice(5)}`;
    if (digits.length === 5) return digits;
  }
  return k;
}
