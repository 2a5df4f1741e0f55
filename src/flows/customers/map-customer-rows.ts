import type { Insertable } from "kysely";
import type { CustomersSettings } from "../../config/index.js";
import type { FitCut } from "../../counterpoint/fit.js";
import { fit } from "../../counterpoint/fit.js";
import type { ArCustTable, ArShipAdrsTable } from "../../counterpoint/schema/database.generated.js";
import type { CleanCustomer } from "./clean-customer.js";
import type { CleanWarning } from "./clean-warning.js";

/** AR_CUST columns a template customer lends to new customers (codes and flags, never names or balances). */
export const templateColumns = [
  "CUST_TYP",
  "CATEG_COD",
  "PROF_COD_1",
  "STR_ID",
  "SLS_REP",
  "TAX_COD",
  "TERMS_COD",
  "SHIP_VIA_COD",
  "SHIP_ZONE_COD",
  "STMNT_COD",
  "AR_ACCT_NO",
  "LOY_PGM_COD",
  "ALLOW_AR_CHRG",
  "ALLOW_TKTS",
  "NO_CR_LIM",
  "NO_MAX_CHK_AMT",
  "PROMPT_NAM_ADRS",
  "BAL_METH",
  "LST_AGE_METH",
  "LST_STMNT_METH",
  "USE_ORD_SHIP_TO",
  "ALLOW_ORDS",
  "USE_LWY_SHIP_TO",
  "ALLOW_LWYS",
  "EMAIL_STATEMENT",
  "INCLUDE_IN_MARKETING_MAILOUTS",
  "RPT_EMAIL",
] as const;
export type TemplateColumn = (typeof templateColumns)[number];
export type CustomerTemplate = Partial<Record<TemplateColumn, string | null>>;

export interface NewCustomerContext {
  settings: CustomersSettings;
  /** `counterpoint.store` (STR_ID when neither template nor settings give one). */
  storeId: string;
  /** `counterpoint.user` (LST_MAINT_USR_ID). */
  user: string;
  template: CustomerTemplate;
  /** Tax code chosen from the address (already checked against AR_TAX_COD), or null. */
  taxCode: string | null;
  /** Tier code from the web role, or null. */
  tierCode: string | null;
  /** Counterpoint-local date-time text. */
  now: string;
}

/** The rows of one new customer, before CUST_NO and ship-to ids are allocated. */
export interface NewCustomerRows {
  customer: Omit<Insertable<ArCustTable>, "CUST_NO">;
  shipTo: Omit<Insertable<ArShipAdrsTable>, "CUST_NO" | "SHIP_ADRS_ID"> | null;
  warnings: CleanWarning[];
}

class Fitter {
  readonly warnings: CleanWarning[] = [];
  private note(cut: FitCut | null): void {
    if (cut !== null) {
      this.warnings.push({
        field: `${cut.table}.${cut.column}`,
        message: `cut to ${cut.width} characters: dropped ${JSON.stringify(cut.removed)}`,
      });
    }
  }
  cust(column: Parameters<typeof fit<"AR_CUST">>[1], value: string): string {
    const f = fit("AR_CUST", column, value);
    this.note(f.cut);
    return f.value;
  }
  ship(column: Parameters<typeof fit<"AR_SHIP_ADRS">>[1], value: string): string {
    const f = fit("AR_SHIP_ADRS", column, value);
    this.note(f.cut);
    return f.value;
  }
}

const orNull = (v: string) => (v === "" ? null : v);

function allowedOr(value: string | null | undefined, allowed: readonly string[], fallback: string): string {
  if (value === null || value === undefined || value === "") return fallback;
  if (allowed.length === 0) return value;
  const found = allowed.find((a) => a.toUpperCase() === value.toUpperCase());
  return found ?? fallback;
}

/**
 * The AR_CUST (and AR_SHIP_ADRS) rows of a new customer: identity and address from the cleaned web data; codes and
 * flags from the template customer, else from settings; every string fitted to its column. Codes outside the allowed
 * lists fall back to the settings' defaults (with a warning). Pure.
 */
export function mapNewCustomer(clean: CleanCustomer, ctx: NewCustomerContext): NewCustomerRows {
  const f = new Fitter();
  const warnings: CleanWarning[] = [...clean.warnings];
  const { defaults, allowed } = ctx.settings;
  const t = ctx.template;

  const profileWanted = ctx.tierCode ?? t.PROF_COD_1 ?? defaults.profCod1;
  const profile = allowedOr(profileWanted, allowed.profCod1, defaults.profCod1);
  if (profile.toUpperCase() !== profileWanted.toUpperCase()) {
    warnings.push({ field: "AR_CUST.PROF_COD_1", message: `"${profileWanted}" is not allowed: ${profile} used` });
  }
  const categWanted = t.CATEG_COD ?? defaults.categCod;
  const categ =
    categWanted === null ? null : allowedOr(categWanted, allowed.categCod, defaults.categCod ?? categWanted);
  const taxCode = ctx.taxCode ?? t.TAX_COD ?? null;
  if (taxCode === null)
    warnings.push({ field: "AR_CUST.TAX_COD", message: "no tax code for this address: left empty" });

  const a = clean.address;
  const templateFlags: Record<string, string> = {};
  for (const column of templateColumns) {
    const v = t[column];
    if (
      v !== undefined &&
      v !== null &&
      !["PROF_COD_1", "CATEG_COD", "TAX_COD", "STR_ID", "SLS_REP"].includes(column)
    ) {
      templateFlags[column] = f.cust(column, v);
    }
  }
  const customer: NewCustomerRows["customer"] = {
    ...templateFlags,
    NAM: f.cust("NAM", clean.name),
    NAM_UPR: f.cust("NAM_UPR", clean.name.toUpperCase()),
    FST_NAM: orNull(f.cust("FST_NAM", clean.first)),
    FST_NAM_UPR: orNull(f.cust("FST_NAM_UPR", clean.first.toUpperCase())),
    LST_NAM: orNull(f.cust("LST_NAM", clean.last)),
    LST_NAM_UPR: orNull(f.cust("LST_NAM_UPR", clean.last.toUpperCase())),
    CUST_NAM_TYP: clean.nameType,
    CUST_TYP: t.CUST_TYP ?? defaults.custTyp,
    ADRS_1: orNull(f.cust("ADRS_1", a.lines[0] ?? "")),
    ADRS_2: orNull(f.cust("ADRS_2", a.lines[1] ?? "")),
    ADRS_3: orNull(f.cust("ADRS_3", a.lines[2] ?? "")),
    CITY: orNull(f.cust("CITY", a.city)),
    STATE: orNull(f.cust("STATE", a.state)),
    ZIP_COD: orNull(f.cust("ZIP_COD", a.zip)),
    CNTRY: orNull(f.cust("CNTRY", a.country)),
    PHONE_1: orNull(f.cust("PHONE_1", a.phone)),
    CONTCT_1: orNull(f.cust("CONTCT_1", clean.contact)),
    EMAIL_ADRS_1: f.cust("EMAIL_ADRS_1", clean.email),
    SLS_REP: f.cust("SLS_REP", t.SLS_REP ?? defaults.slsRep),
    STR_ID: f.cust("STR_ID", t.STR_ID ?? defaults.strId ?? ctx.storeId),
    CATEG_COD: categ === null ? null : f.cust("CATEG_COD", categ),
    PROF_COD_1: f.cust("PROF_COD_1", profile),
    TAX_COD: taxCode === null ? null : f.cust("TAX_COD", taxCode),
    IS_ECOMM_CUST: defaults.isEcommCust,
    LST_MAINT_DT: ctx.now,
    LST_MAINT_USR_ID: f.cust("LST_MAINT_USR_ID", ctx.user),
  };

  let shipTo: NewCustomerRows["shipTo"] = null;
  const s = clean.shipTo;
  if (s !== null) {
    shipTo = {
      NAM: f.ship("NAM", s.name),
      NAM_UPR: f.ship("NAM_UPR", s.name.toUpperCase()),
      FST_NAM: orNull(f.ship("FST_NAM", s.first)),
      FST_NAM_UPR: orNull(f.ship("FST_NAM_UPR", s.first.toUpperCase())),
      LST_NAM: orNull(f.ship("LST_NAM", s.last)),
      LST_NAM_UPR: orNull(f.ship("LST_NAM_UPR", s.last.toUpperCase())),
      SHIP_NAM_TYP: s.nameType,
      ADRS_1: orNull(f.ship("ADRS_1", s.lines[0] ?? "")),
      ADRS_2: orNull(f.ship("ADRS_2", s.lines[1] ?? "")),
      ADRS_3: orNull(f.ship("ADRS_3", s.lines[2] ?? "")),
      CITY: orNull(f.ship("CITY", s.city)),
      STATE: orNull(f.ship("STATE", s.state)),
      ZIP_COD: orNull(f.ship("ZIP_COD", s.zip)),
      CNTRY: orNull(f.ship("CNTRY", s.country)),
      PHONE_1: orNull(f.ship("PHONE_1", s.phone)),
      EMAIL_ADRS_1: f.ship("EMAIL_ADRS_1", clean.email),
      LST_MAINT_DT: ctx.now,
      LST_MAINT_USR_ID: f.ship("LST_MAINT_USR_ID", ctx.user),
    };
  }
  return { customer, shipTo, warnings: [...warnings, ...f.warnings] };
}

/**
 * Text a Latin-1 column keeps exactly: characters outside printable Latin-1 (other scripts, emoji, control characters
 * other than line breaks) are written as `\u{…}`, so the original of a folded value is still readable in the note.
 */
export function escapeOutsideLatin1(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const printable = ch === "\n" || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff);
    out += printable ? ch : `\\u{${code.toString(16).toUpperCase()}}`;
  }
  return out;
}

/** AR_CUST_NOTE text of a new customer: where it came from and every cleaning warning (nothing silently lost). */
export function creationNote(origin: string, warnings: readonly CleanWarning[]): { note: string; text: string } {
  const lines = [`Created by cpwoo from WooCommerce ${origin}.`];
  for (const w of warnings) lines.push(`${w.field}: ${w.message}`);
  return { note: `cpwoo: ${origin}`.slice(0, 50), text: escapeOutsideLatin1(lines.join("\n")) };
}
