import { z } from "zod";

const code = (max: number) => z.string().min(1).max(max, `at most ${max} characters (Counterpoint column width)`);
const flag = z.enum(["Y", "N"]);

/** Domains of throw-away mailboxes that bots register with (extend with `bots.extraDisposableDomains`). */
export const defaultDisposableDomains: readonly string[] = [
  "mailinator.com",
  "guerrillamail.com",
  "10minutemail.com",
  "tempmail.com",
  "temp-mail.org",
  "yopmail.com",
  "trashmail.com",
  "sharklasers.com",
  "getnada.com",
  "dispostable.com",
  "maildrop.cc",
  "throwawaymail.com",
  "fakeinbox.com",
  "bonggdalu.site",
];

/** PROF_COD_1 → WordPress role, as the store's tier-discount plugin expects (PREDECESSOR §1 C10). */
export const defaultTierRoles: Readonly<Record<string, string>> = {
  RETAIL: "customer",
  TIER1: "tier_1_customers",
  TIER2: "tier_2_customers",
  TIER3: "tier_3_customers",
  TIER4: "tier_4_customers",
  TIER5: "tier_5_customers",
  "GOV-TIER1": "gov_tier_1_customers",
  "GOV-TIER2": "gov_tier_2_customers",
  "GOV-TIER3": "gov_tier_3_customers",
  RESELLER: "reseller",
};

const taxCodesSchema = z
  .strictObject({
    /** ZIP code (5 digits) or ZIP prefix (1–4 digits) → tax code; the longest matching prefix wins. */
    byZip: z.record(z.string().regex(/^\d{1,5}$/, "a ZIP code or ZIP prefix (digits)"), code(10)).default({}),
    /** County name (as given by the caller, compared upper-case) → tax code. */
    byCounty: z.record(z.string().min(1), code(10)).default({}),
    /** State code (e.g. `FL`) → tax code, when neither ZIP nor county matched. */
    byState: z.record(z.string().min(1).max(10), code(10)).default({}),
    /** Code for any other address (out of state, abroad); null leaves it to the template customer. */
    fallback: code(10).nullable().default(null),
  })
  .prefault({});

/** Settings of the customers flow (`customers` in cpwoo.config.json). Every key has a default. */
export const customersSettingsSchema = z
  .strictObject({
    /** CUST_NO of new customers: prefix + a number (e.g. `OL-` + 100001). Numbers come from cpwoo's counter. */
    numbering: z
      .strictObject({
        prefix: z
          .string()
          .max(10)
          .regex(/^[A-Z0-9-]*$/, "upper-case letters, digits and -")
          .default(""),
        start: z.number().int().min(1).max(999_999_999).default(100001),
        /** Zero-pad the number to this many digits (0: no padding). */
        padTo: z.number().int().min(0).max(12).default(0),
      })
      .prefault({}),
    /** Web customers imported at once (different e-mails only; one e-mail is always handled in order). */
    concurrency: z.number().int().min(1).max(16).default(4),
    /** An existing customer whose codes new customers copy, like Counterpoint's workgroup template (TMPLT_CUST_NO). */
    templateCustNo: code(15).nullable().default(null),
    /** Values of new customers when the template has none. */
    defaults: z
      .strictObject({
        custTyp: z.enum(["C", "A"]).default("C"),
        categCod: code(10).nullable().default("RETAIL"),
        profCod1: code(10).default("RETAIL"),
        slsRep: z.string().max(10).default(""),
        /** STR_ID; null: `counterpoint.store`. */
        strId: code(10).nullable().default(null),
        isEcommCust: flag.default("Y"),
        country: code(20).default("US"),
      })
      .prefault({}),
    /** Code values Counterpoint accepts; a value outside the list falls back to the default (with a warning). */
    allowed: z
      .strictObject({
        profCod1: z.array(code(10)).min(1).default(Object.keys(defaultTierRoles)),
        categCod: z.array(code(10)).default([]),
      })
      .prefault({}),
    taxCodes: taxCodesSchema,
    cleaning: z
      .strictObject({
        /** US addresses in upper case with USPS abbreviations (suffixes, directions, units). */
        uspsAddresses: z.boolean().default(true),
        phoneStyle: z.enum(["dashes", "parens"]).default("dashes"),
      })
      .prefault({}),
    bots: z
      .strictObject({
        enabled: z.boolean().default(true),
        extraDisposableDomains: z.array(z.string().min(3)).default([]),
        /** E-mails never quarantined (the shop's own test accounts…). */
        allowEmails: z.array(z.string()).default([]),
        /** Quarantine registrations with neither name, phone, company nor address. */
        emptyProfile: z.boolean().default(true),
        /** Quarantine e-mail local parts that look generated (long, few letters). */
        randomLocalPart: z.boolean().default(true),
        /** Quarantine names that contain a URL or more digits than letters. */
        suspiciousName: z.boolean().default(true),
      })
      .prefault({}),
    /**
     * Changes on the web to a customer Counterpoint already has: `fill-empty` (Counterpoint is the master, the web only
     * fills empty fields), `web-wins` (web values overwrite), `never`.
     */
    updates: z.enum(["fill-empty", "web-wins", "never"]).default("fill-empty"),
    push: z
      .strictObject({
        /** AR_CUST column whose code picks the WordPress role. */
        roleColumn: z.enum(["PROF_COD_1", "PROF_COD_2", "PROF_COD_3", "CATEG_COD"]).default("PROF_COD_1"),
        roles: z.record(z.string().min(1), z.string().min(1)).default({ ...defaultTierRoles }),
        defaultRole: z.string().min(1).default("customer"),
        /** wc/v3 treats `role` as read-only, so the tier role travels as this meta key (a WordPress hook applies it). */
        roleMetaKey: z.string().min(1).default("cp_tier_role"),
        /** Meta keys written on web customers for the pricing plugin. */
        custNoMetaKey: z.string().min(1).default("cp_customer_no"),
        priceGroupMetaKey: z.string().min(1).default("cp_price_group"),
      })
      .prefault({}),
  })
  .prefault({});

export type CustomersSettings = z.output<typeof customersSettingsSchema>;
export type TaxCodeMap = CustomersSettings["taxCodes"];
