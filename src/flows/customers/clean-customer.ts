import type { CustomersSettings } from "../../config/index.js";
import { cleanStreetLines } from "./clean-address.js";
import { checkEmail } from "./clean-email.js";
import { capitalizeIfLower, cleanNamePart, shortenName, splitFullName } from "./clean-name.js";
import { normalizePhone } from "./clean-phone.js";
import { normalizeCountry, normalizePostcode, normalizeState } from "./clean-region.js";
import { type CleanWarning, WarningLog } from "./clean-warning.js";
import { foldToLatin1 } from "./fold-latin1.js";
import type { SourceAddress, WebCustomerSource } from "./web-customer-source.js";

/** A cleaned postal address: every value already within its Counterpoint width. */
export interface CleanAddress {
  lines: string[];
  city: string;
  state: string;
  zip: string;
  country: string;
  phone: string;
}

/** A web customer ready to become AR_CUST (and maybe AR_SHIP_ADRS) rows. */
export interface CleanCustomer {
  email: string;
  /** `B` business (NAM is the company) or `P` person. */
  nameType: "B" | "P";
  /** NAM: company or "First Last", at most 40. */
  name: string;
  first: string;
  last: string;
  /** CONTCT_1 for a business: the person's name. */
  contact: string;
  address: CleanAddress;
  /** A separate ship-to when the shipping address differs from the billing one. */
  shipTo: (CleanAddress & { name: string; first: string; last: string; nameType: "B" | "P" }) | null;
  warnings: CleanWarning[];
}

export type CleanResult = { ok: true; customer: CleanCustomer } | { ok: false; field: string; reason: string };

const widths = { first: 15, last: 25, name: 40, city: 20, state: 10, zip: 15, country: 20 } as const;

function folded(raw: string, field: string, log: WarningLog): string {
  const f = foldToLatin1(raw);
  if (f.changed) log.add(field, `"${raw}" folded to Latin-1 as "${f.value}"`);
  return f.value;
}

function cut(value: string, width: number, field: string, log: WarningLog): string {
  const chars = [...value];
  if (chars.length <= width) return value;
  const kept = chars.slice(0, width).join("").trimEnd();
  log.add(field, `"${value}" cut to ${width} characters: dropped "${chars.slice(width).join("")}"`);
  return kept;
}

function hasStreet(a: SourceAddress): boolean {
  return a.address_1.trim() !== "" || a.address_2.trim() !== "";
}

function cleanAddress(
  a: SourceAddress,
  phoneRaw: string,
  field: string,
  settings: CustomersSettings,
  log: WarningLog,
): CleanAddress {
  const country = cut(normalizeCountry(a.country, settings.defaults.country), widths.country, `${field}.country`, log);
  const lines = cleanStreetLines(
    a.address_1,
    a.address_2,
    country,
    { usps: settings.cleaning.uspsAddresses },
    field,
    log,
  );
  const usps = settings.cleaning.uspsAddresses && (country === "US" || country === "");
  const cityText = folded(a.city, `${field}.city`, log).replace(/\s+/g, " ");
  const city = cut(usps ? cityText.toUpperCase().replace(/\./g, "") : cityText, widths.city, `${field}.city`, log);
  const state = cut(normalizeState(a.state, country), widths.state, `${field}.state`, log);
  const zip = cut(normalizePostcode(a.postcode, country), widths.zip, `${field}.postcode`, log);
  const phone = normalizePhone(phoneRaw, country, settings.cleaning.phoneStyle);
  if (phoneRaw.trim() !== "" && phone === "") log.add(`${field}.phone`, `"${phoneRaw}" has no digits: left empty`);
  return { lines, city, state, zip, country, phone };
}

function sameAddress(a: CleanAddress, b: CleanAddress): boolean {
  return a.lines.join("|") === b.lines.join("|") && a.city === b.city && a.zip === b.zip && a.country === b.country;
}

/**
 * Cleans one web customer for Counterpoint. Takes the best data the way the predecessor learned to (company from
 * shipping then billing; names from the account, else billing; phone billing then shipping; address billing, else
 * shipping) and fits every value to its AR_CUST width, recording a warning for anything folded, moved or cut.
 * Refuses (with the field) only what cannot be stored honestly: a missing or invalid e-mail.
 */
export function cleanWebCustomer(source: WebCustomerSource, settings: CustomersSettings): CleanResult {
  const email = checkEmail(source.email !== "" ? source.email : (source.billing.email ?? ""));
  if (!email.ok) return { ok: false, field: "email", reason: email.reason };
  const log = new WarningLog();

  let firstRaw = source.firstName.trim() || source.billing.first_name.trim() || source.shipping.first_name.trim();
  let lastRaw = source.lastName.trim() || source.billing.last_name.trim() || source.shipping.last_name.trim();
  if (lastRaw === "" && /\s/.test(firstRaw)) {
    // "Dana Whitfield" typed into the first-name box.
    const split = splitFullName(firstRaw);
    firstRaw = split.first;
    lastRaw = split.last;
  }
  const first = cleanNamePart(firstRaw, widths.first, "first_name", log);
  const last = cleanNamePart(lastRaw, widths.last, "last_name", log);
  // The full name for NAM/CONTCT_1 is built from the unshortened parts (NAM has room for 40).
  const fullName = capitalizeIfLower(foldToLatin1(`${firstRaw} ${lastRaw}`).value);
  const companyRaw = source.shipping.company.trim() || source.billing.company.trim();
  const company = companyRaw === "" ? "" : folded(companyRaw, "company", log);

  const nameType: "B" | "P" = company !== "" ? "B" : "P";
  let name = company !== "" ? company : fullName;
  if (name === "") name = email.email;
  const nameCut = shortenName(name, widths.name);
  if (nameCut !== name) log.add("AR_CUST.NAM", `"${name}" shortened to ${widths.name} characters: "${nameCut}"`);
  const contact = nameType === "B" ? cut(fullName, 40, "AR_CUST.CONTCT_1", log) : "";

  const billingHasStreet = hasStreet(source.billing);
  const main = billingHasStreet ? source.billing : source.shipping;
  const phoneRaw = source.billing.phone?.trim() || source.shipping.phone?.trim() || "";
  const address = cleanAddress(main, phoneRaw, billingHasStreet ? "billing" : "shipping", settings, log);

  let shipTo: CleanCustomer["shipTo"] = null;
  if (billingHasStreet && hasStreet(source.shipping)) {
    const shipLog = new WarningLog();
    const ship = cleanAddress(source.shipping, source.shipping.phone ?? phoneRaw, "shipping", settings, shipLog);
    if (!sameAddress(ship, address)) {
      for (const w of shipLog.items) log.add(w.field, w.message);
      const sFirst = cleanNamePart(source.shipping.first_name || firstRaw, widths.first, "shipping.first_name", log);
      const sLast = cleanNamePart(source.shipping.last_name || lastRaw, widths.last, "shipping.last_name", log);
      const sCompany = source.shipping.company.trim();
      const sFull = foldToLatin1(`${source.shipping.first_name || firstRaw} ${source.shipping.last_name || lastRaw}`);
      const sName = sCompany !== "" ? foldToLatin1(sCompany).value : sFull.value;
      shipTo = {
        ...ship,
        name: shortenName(sName === "" ? nameCut : sName, widths.name),
        first: sFirst,
        last: sLast,
        nameType: sCompany !== "" ? "B" : "P",
      };
    }
  }

  return {
    ok: true,
    customer: {
      email: email.email,
      nameType,
      name: nameCut,
      first,
      last,
      contact,
      address,
      shipTo,
      warnings: log.items,
    },
  };
}
