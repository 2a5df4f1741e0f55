import { describe, expect, it } from "vitest";
import { customersSettingsSchema } from "../../../src/config/index.js";
import type { CpCustomer } from "../../../src/counterpoint/customers/customer-queries.js";
import { botReasons } from "../../../src/flows/customers/bot-filter.js";
import { cleanWebCustomer } from "../../../src/flows/customers/clean-customer.js";
import { customerChanges } from "../../../src/flows/customers/customer-changes.js";
import { escapeOutsideLatin1 } from "../../../src/flows/customers/map-customer-rows.js";
import { webCustomerPayload } from "../../../src/flows/customers/push-customers-out.js";
import { roleForTier, tierForRole } from "../../../src/flows/customers/tier-role.js";
import type { WebCustomerSource } from "../../../src/flows/customers/web-customer-source.js";
import { taxCodeForAddress } from "../../../src/flows/shared/tax-code-for-address.js";

const settings = customersSettingsSchema.parse({});
const existing = ["FL-Broward", "FL-Indian ", "FL-Saint J", "CUS-EXEMPT"];
const map = {
  byZip: { "32080": "FL-Saint J", "333": "FL-BROWARD", "329": "FL-Indian", "9": "FL-NOWHERE" },
  byCounty: { "Indian River": "FL-Indian " },
  byState: { FL: "FL-Broward" },
  fallback: null,
};

describe("taxCodeForAddress", () => {
  it.each([
    [{ country: "US", state: "FL", zip: "32080-1234" }, "FL-Saint J", "zip"],
    [{ country: "US", state: "FL", zip: "33316" }, "FL-Broward", "zip"], // Counterpoint's spelling, not the map's
    [{ country: "", state: "FL", zip: "32960" }, "FL-Indian ", "zip"], // trailing space as stored
    [{ country: "US", state: "FL", zip: "", county: "indian river" }, "FL-Indian ", "county"],
    [{ country: "US", state: "fl", zip: "32601" }, "FL-Broward", "state"],
  ])("%j → %j", (address, code, matchedBy) => {
    expect(taxCodeForAddress(address, map, existing)).toEqual({ code, matchedBy });
  });
  it("never invents a code", () => {
    const r = taxCodeForAddress({ country: "US", state: "CA", zip: "90210" }, map, existing);
    expect(r).toEqual({ code: null, reason: 'tax code "FL-NOWHERE" (by zip) does not exist in AR_TAX_COD' });
    expect(taxCodeForAddress({ country: "DE", state: "", zip: "10115" }, map, existing).code).toBeNull();
    expect(
      taxCodeForAddress({ country: "DE", state: "", zip: "1" }, { ...map, fallback: "cus-exempt" }, existing),
    ).toEqual({
      code: "CUS-EXEMPT",
      matchedBy: "fallback",
    });
  });
});

function source(extra: Partial<WebCustomerSource>): WebCustomerSource {
  const a = {
    first_name: "",
    last_name: "",
    company: "",
    address_1: "",
    address_2: "",
    city: "",
    state: "",
    postcode: "",
    country: "",
    phone: "",
  };
  return {
    wooId: 5,
    guestOrderId: null,
    email: "",
    firstName: "",
    lastName: "",
    username: "",
    role: "customer",
    billing: a,
    shipping: a,
    registeredGmt: null,
    orderCount: 0,
    ...extra,
  };
}

describe("botReasons", () => {
  it("explains each rule that tripped", () => {
    expect(botReasons(source({}), "abc@mail.yopmail.com", settings).map((r) => r.code)).toEqual([
      "disposable_domain",
      "empty_profile",
    ]);
    expect(
      botReasons(source({ firstName: "Visit www.cheap.xyz", lastName: "12345" }), "ok@example.com", settings).map(
        (r) => r.detail,
      ),
    ).toEqual([
      'first_name "Visit www.cheap.xyz" contains a web address',
      'last_name "12345" has more digits than letters',
    ]);
  });
  it("never flags guests, allow-listed e-mails, or real profiles", () => {
    expect(botReasons(source({ wooId: null }), "abc@mailinator.com", settings)).toEqual([]);
    const allow = customersSettingsSchema.parse({ bots: { allowEmails: ["Shop@Example.com"] } });
    expect(botReasons(source({}), "shop@example.com", allow)).toEqual([]);
    expect(botReasons(source({ firstName: "Dana", orderCount: 0 }), "dana@example.com", settings)).toEqual([]);
  });
});

describe("tier roles", () => {
  it("maps PROF_COD_1 both ways, unknown to the default role", () => {
    expect(roleForTier("tier2", settings.push)).toBe("tier_2_customers");
    expect(roleForTier(null, settings.push)).toBe("customer");
    expect(roleForTier("PLATINUM", settings.push)).toBe("customer");
    expect(tierForRole("reseller", settings.push)).toBe("RESELLER");
    expect(tierForRole("customer", settings.push)).toBeNull();
  });
});

const cp: CpCustomer = {
  CUST_NO: "2306",
  NAM: "Dana Whitfield",
  FST_NAM: "Dana",
  LST_NAM: "Whitfield",
  CUST_NAM_TYP: "P",
  ADRS_1: null,
  ADRS_2: null,
  ADRS_3: null,
  CITY: null,
  STATE: null,
  ZIP_COD: null,
  CNTRY: "US",
  PHONE_1: "904-555-0000",
  EMAIL_ADRS_1: "dana@example.com",
  CATEG_COD: "RETAIL",
  PROF_COD_1: "TIER1",
  PROF_COD_2: null,
  PROF_COD_3: null,
  TAX_COD: "FL-Saint J",
  IS_ECOMM_CUST: "Y",
};

describe("customerChanges", () => {
  const web = cleanWebCustomer(
    source({
      email: "dana@example.com",
      firstName: "Dana",
      lastName: "Whitfield-Ray",
      billing: {
        ...source({}).billing,
        address_1: "418 Coquina Lane",
        city: "St. Augustine",
        state: "FL",
        postcode: "32080",
        country: "US",
        phone: "904 555 0142",
      },
    }),
    settings,
  );
  if (!web.ok) throw new Error(web.reason);
  it("fill-empty: Counterpoint wins, the empty address is filled as one block", () => {
    const c = customerChanges(cp, web.customer, "fill-empty");
    expect(c.fields.sort()).toEqual(["ADRS_1", "ADRS_2", "ADRS_3", "CITY", "CNTRY", "STATE", "ZIP_COD"]);
    expect(c.patch).toMatchObject({ ADRS_1: "418 COQUINA LN", ADRS_2: null, CITY: "ST AUGUSTINE" });
  });
  it("web-wins overwrites what differs; never changes nothing", () => {
    expect(customerChanges(cp, web.customer, "web-wins").fields).toEqual(
      expect.arrayContaining(["PHONE_1", "LST_NAM", "ADRS_1"]),
    );
    expect(customerChanges(cp, web.customer, "web-wins").patch).toMatchObject({ LST_NAM_UPR: "WHITFIELD-RAY" });
    expect(customerChanges(cp, web.customer, "never")).toEqual({ patch: {}, fields: [] });
  });
});

describe("webCustomerPayload", () => {
  it("sends names, billing and meta, never a login", () => {
    const p = webCustomerPayload(
      { ...cp, ADRS_1: "418 COQUINA LN", ADRS_2: "STE 2", ADRS_3: "BLDG 4", CNTRY: "USA" },
      "144319",
      settings.push,
    );
    expect(p).toMatchObject({
      email: "dana@example.com",
      billing: { address_1: "418 COQUINA LN", address_2: "STE 2, BLDG 4", country: "US" },
      meta_data: [
        { key: "cp_customer_no", value: "2306" },
        { key: "cp_price_group", value: "144319" },
        { key: "cp_tier_role", value: "tier_1_customers" },
      ],
    });
    expect(p).not.toHaveProperty("password");
    expect(p).not.toHaveProperty("username");
    expect(webCustomerPayload({ ...cp, EMAIL_ADRS_1: null }, null, settings.push)).toBeNull();
  });
});

it("escapeOutsideLatin1 keeps what a Latin-1 note cannot hold readable", () => {
  expect(escapeOutsideLatin1("Zoë O’Brien\u0000 北")).toBe("Zoë O\\u{2019}Brien\\u{0} \\u{5317}");
});
