import type { DocumentContact } from "../../counterpoint/documents/document-plan.js";
import { cleanStreetLines } from "../customers/clean-address.js";
import { checkEmail } from "../customers/clean-email.js";
import { capitalizeIfLower, cleanNamePart, shortenName } from "../customers/clean-name.js";
import { normalizePhone } from "../customers/clean-phone.js";
import { normalizeCountry, normalizePostcode, normalizeState } from "../customers/clean-region.js";
import { WarningLog } from "../customers/clean-warning.js";
import { foldToLatin1 } from "../customers/fold-latin1.js";
import type { MappingWarnings } from "./mapping-warnings.js";
import type { OrderMappingSettings } from "./mapping-context.js";
import { type Fields, readText } from "./order-fields.js";

const addressKeys = ["first_name", "last_name", "company", "address_1", "address_2", "city", "postcode"] as const;

/** Whether a web address has anything in it (an order without shipping has every field blank). */
export function hasAddress(address: Fields | null, field: string): boolean {
  if (address === null) return false;
  return addressKeys.some((k) => readText(address[k], `${field}.${k}`).trim() !== "");
}

/**
 * A PS_DOC_CONTACT from a web address (`billing` or `shipping`), cleaned as the customers flow cleans AR_CUST
 * (names, USPS street lines, region codes, phone), folded to Latin-1 and fitted. NAM is the company (NAM_TYP B), else
 * the person (P), else `fallbackName`. An e-mail that is not a usable address is left out with a warning.
 */
export function mapContact(
  address: Fields | null,
  field: string,
  email: string,
  fallbackName: string,
  settings: OrderMappingSettings,
  warnings: MappingWarnings,
): DocumentContact {
  const a = address ?? {};
  const text = (key: string) => readText(a[key], `${field}.${key}`);
  const log = new WarningLog();
  const T = "PS_DOC_CONTACT" as const;

  const country = warnings.fit(
    T,
    "CNTRY",
    normalizeCountry(text("country"), settings.customers.defaults.country),
    `${field}.country`,
  );
  const usps = settings.customers.cleaning.uspsAddresses;
  const lines = cleanStreetLines(text("address_1"), text("address_2"), country, { usps }, field, log);
  const cityFolded = foldToLatin1(text("city"));
  if (cityFolded.changed) log.add(`${field}.city`, `folded to Latin-1 as "${cityFolded.value}"`);
  const cityText =
    usps && (country === "US" || country === "") ? cityFolded.value.toUpperCase().replace(/\./g, "") : cityFolded.value;
  const phone = normalizePhone(text("phone"), country, settings.customers.cleaning.phoneStyle);

  const firstRaw = text("first_name").trim();
  const lastRaw = text("last_name").trim();
  const first = cleanNamePart(firstRaw, 15, `${field}.first_name`, log);
  const last = cleanNamePart(lastRaw, 25, `${field}.last_name`, log);
  const companyFolded = foldToLatin1(text("company"));
  if (companyFolded.changed) log.add(`${field}.company`, `folded to Latin-1 as "${companyFolded.value}"`);
  const company = companyFolded.value;
  const person = capitalizeIfLower(foldToLatin1(`${firstRaw} ${lastRaw}`).value);
  const namTyp: "B" | "P" = company !== "" ? "B" : "P";
  const fullName = company !== "" ? company : person !== "" ? person : foldToLatin1(fallbackName).value;
  const shortName = shortenName(fullName, 40);
  if (shortName !== fullName) log.add(`${field}.name`, `"${fullName}" shortened to 40 characters: "${shortName}"`);
  for (const w of log.items) warnings.add(w.field, w.message);

  const nullable = (value: string) => (value === "" ? null : value);
  const checked = email.trim() === "" ? null : checkEmail(email);
  if (checked !== null && !checked.ok) warnings.add(`${field}.email`, `left out: ${checked.reason}`);
  return {
    nam: warnings.fit(T, "NAM", shortName === "" ? "WEB" : shortName, `${field}.name`),
    fstNam: nullable(warnings.fit(T, "FST_NAM", first, `${field}.first_name`)),
    lstNam: nullable(warnings.fit(T, "LST_NAM", last, `${field}.last_name`)),
    adrs1: nullable(warnings.fit(T, "ADRS_1", lines[0] ?? "", `${field}.address_1`)),
    adrs2: nullable(warnings.fit(T, "ADRS_2", lines[1] ?? "", `${field}.address_2`)),
    adrs3: nullable(warnings.fit(T, "ADRS_3", lines[2] ?? "", `${field}.address_2`)),
    city: nullable(warnings.fit(T, "CITY", cityText.replace(/\s+/g, " "), `${field}.city`)),
    state: nullable(warnings.fit(T, "STATE", normalizeState(text("state"), country), `${field}.state`)),
    zipCod: nullable(warnings.fit(T, "ZIP_COD", normalizePostcode(text("postcode"), country), `${field}.postcode`)),
    cntry: nullable(country),
    phone1: nullable(warnings.fit(T, "PHONE_1", phone, `${field}.phone`)),
    email: checked?.ok === true ? warnings.fit(T, "EMAIL_ADRS_1", checked.email, `${field}.email`) : null,
    namTyp,
  };
}
