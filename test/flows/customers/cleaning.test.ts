import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { customersSettingsSchema } from "../../../src/config/index.js";
import { cleanStreetLines, wrapWords } from "../../../src/flows/customers/clean-address.js";
import { cleanWebCustomer } from "../../../src/flows/customers/clean-customer.js";
import { checkEmail } from "../../../src/flows/customers/clean-email.js";
import { capitalizeIfLower, shortenName, splitFullName } from "../../../src/flows/customers/clean-name.js";
import { normalizePhone } from "../../../src/flows/customers/clean-phone.js";
import { normalizeCountry, normalizePostcode, normalizeState } from "../../../src/flows/customers/clean-region.js";
import { WarningLog } from "../../../src/flows/customers/clean-warning.js";
import { foldToLatin1 } from "../../../src/flows/customers/fold-latin1.js";
import { sourceFromCustomer, sourceFromOrder } from "../../../src/flows/customers/web-customer-source.js";
import { customerSchema, orderSchema } from "../../../src/woocommerce/schemas/index.js";

const RECORDED = "/work/shared/woocommerce/recorded";
const recorded = (file: string) =>
  (JSON.parse(readFileSync(join(RECORDED, file), "utf8")) as { response: { body: unknown } }).response.body;
const settings = customersSettingsSchema.parse({});

describe("foldToLatin1", () => {
  it.each([
    ["Zoë Ñúñez", "Zoë Ñúñez", false],
    ["Ñúñez-O\u2019Brien", "Ñúñez-O'Brien", true],
    ["Łódź", "Lódz", true],
    ["Dana  \t Whitfield\n", "Dana Whitfield", false],
    ["Café 😀 Bar", "Café Bar", true],
    ["北京", "BeiJing", true],
    ["A\u0000B\u00ADC", "ABC", true],
    ["“Quoted” – text…", '"Quoted" - text...', true],
    ["Ma\u0308dchen", "Mädchen", false],
  ])("%j → %j", (input, value, changed) => {
    const folded = foldToLatin1(input);
    expect(folded.value).toBe(value);
    expect(folded.changed).toBe(changed);
    for (const ch of folded.value) expect(ch.codePointAt(0)).toBeLessThanOrEqual(0xff);
  });
});

describe("names", () => {
  it.each([
    ["Okonkwo-Lindqvist", 25, "Okonkwo-Lindqvist"],
    ["Vanderbilt-Montgomery-Worthington", 25, "Vanderb-Montgome-Worthing"],
    ["Bartholomew-Alexander", 15, "Barthol-Alexand"],
    ["Wolfeschlegelsteinhausenbergerdorff", 25, "Wolfeschlegelsteinhausenb"],
    ["Maximilianus", 15, "Maximilianus"],
  ])("shortenName(%j, %d)", (name, width, expected) => {
    const short = shortenName(name, width);
    expect([...short].length).toBeLessThanOrEqual(width);
    if (expected.length <= width) expect(short).toBe(expected);
    // Every part of a hyphenated name survives, at least 3 letters each.
    if (name.includes("-")) {
      const parts = short.split("-");
      expect(parts).toHaveLength(name.split("-").length);
      for (const p of parts) expect(p.length).toBeGreaterThanOrEqual(3);
      name.split("-").forEach((p, i) => expect(p.startsWith(parts[i] ?? "?")).toBe(true));
    }
  });

  it.each([
    ["Dr. Dana M. Whitfield Jr.", "Dana", "Whitfield"],
    ["Priya", "Priya", ""],
    ["  ", "", ""],
    ["Mr Smith", "Smith", ""],
  ])("splitFullName(%j)", (full, first, last) => {
    expect(splitFullName(full)).toEqual({ first, last });
  });

  it.each([
    ["dana whitfield", "Dana Whitfield"],
    ["o'brien-smith", "O'Brien-Smith"],
    ["McDonald", "McDonald"],
    ["DANA", "DANA"],
  ])("capitalizeIfLower(%j)", (input, expected) => {
    expect(capitalizeIfLower(input)).toBe(expected);
  });
});

describe("street lines", () => {
  const lines = (a1: string, a2 = "", country = "US", usps = true) => {
    const log = new WarningLog();
    return { lines: cleanStreetLines(a1, a2, country, { usps }, "billing", log), warnings: log.items };
  };
  it.each([
    ["418 Coquina Lane", "", ["418 COQUINA LN"]],
    ["2200 SW 8th Street, Apt 5C", "", ["2200 SW 8TH ST", "APT 5C"]],
    ["2200 SW 8th Street Apt 5C", "", ["2200 SW 8TH ST", "APT 5C"]],
    ["100 North Main Street", "Suite 200", ["100 N MAIN ST", "STE 200"]],
    ["1 Court Street", "", ["1 COURT ST"]],
    ["55 Ocean Boulevard.", "Floor 3", ["55 OCEAN BLVD", "FL 3"]],
    [
      "12500 Old Saint Augustine Road, Building 4, Suite 1200, Attn: Receiving Dock B",
      "Mail Stop 7-West",
      ["12500 OLD SAINT AUGUSTINE RD", "BLDG 4 STE 1200 ATTN RECEIVING DOCK B", "MAIL STOP 7-WEST"],
    ],
  ])("%j + %j", (a1, a2, expected) => {
    expect(lines(a1, a2).lines).toEqual(expected);
  });

  it("keeps foreign addresses as typed, only wrapped", () => {
    expect(lines("Königstraße 12", "Hinterhaus", "DE").lines).toEqual(["Königstraße 12", "Hinterhaus"]);
  });

  it("never gives more than 3 lines of 40 and says what it dropped", () => {
    const long = "1 Very Long Street Name That Goes On And On, Building 9, Suite 900, Attn Someone With A Long Title";
    const r = lines(long, "Care of another long recipient name here and more words beyond");
    expect(r.lines.length).toBeLessThanOrEqual(3);
    for (const l of r.lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(r.warnings.some((w) => w.message.includes("dropped"))).toBe(true);
  });

  it("wraps at word boundaries", () => {
    expect(wrapWords("AAAA BBBB CCCC", 9)).toEqual(["AAAA BBBB", "CCCC"]);
    expect(wrapWords("ABCDEFGHIJKL", 5)).toEqual(["ABCDE", "FGHIJ", "KL"]);
  });
});

describe("phones", () => {
  it.each([
    ["904-555-0177", "US", "904-555-0177"],
    ["(904) 555 0177", "US", "904-555-0177"],
    ["+1 904.555.0177", "US", "904-555-0177"],
    ["904-555-0177 ext. 12", "US", "904-555-0177 x12"],
    ["9045550177 x 5", "", "904-555-0177 x5"],
    ["904 555 0177 extension 1234", "US", "904-555-0177 x1234"],
    ["+44 20 7946 0958", "GB", "+44 20 7946 0958"],
    ["n/a", "US", ""],
    ["555-0177", "US", "555-0177"],
  ])("%j (%s)", (raw, country, expected) => {
    expect(normalizePhone(raw, country, "dashes")).toBe(expected);
  });
  it("parens style", () => {
    expect(normalizePhone("904-555-0177", "US", "parens")).toBe("(904) 555-0177");
  });
  it("never longer than 25", () => {
    expect(normalizePhone(`+${"1234 ".repeat(10)}`, "DE", "dashes").length).toBeLessThanOrEqual(25);
  });
});

describe("e-mail", () => {
  it.each([
    ["  Dana.Whitfield@Example.COM ", true, "dana.whitfield@example.com"],
    ["no-at-sign.example.com", false, ""],
    ["a@b", false, ""],
    ["zoë@example.com", false, ""],
    ["", false, ""],
    [`${"x".repeat(45)}@example.com`, false, ""],
    ["first+tag@sub.example.org", true, "first+tag@sub.example.org"],
  ])("%j", (raw, ok, email) => {
    const r = checkEmail(raw);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.email).toBe(email);
    else expect(r.reason).toMatch(/e-mail/);
  });
});

describe("regions", () => {
  it.each([
    ["us", "US"],
    ["United States", "US"],
    ["U.S.A.", "US"],
    ["", "US"],
    ["Canada", "CA"],
    ["de", "DE"],
  ])("country %j → %s", (raw, code) => expect(normalizeCountry(raw, "US")).toBe(code));
  it.each([
    ["Florida", "US", "FL"],
    ["fl", "US", "FL"],
    ["New York", "", "NY"],
    ["Ontario", "CA", "ON"],
    ["Bayern", "DE", "BAYERN"],
  ])("state %j (%s) → %s", (raw, country, code) => expect(normalizeState(raw, country)).toBe(code));
  it.each([
    ["32080", "US", "32080"],
    ["322581234", "US", "32258-1234"],
    ["k1a 0b1", "CA", "K1A 0B1"],
  ])("postcode %j", (raw, country, code) => expect(normalizePostcode(raw, country)).toBe(code));
});

describe("cleanWebCustomer with the recorded customers", () => {
  const customers = customerSchema.array().parse(recorded("customers_list.json"));
  const byId = (id: number) => {
    const c = customers.find((x) => x.id === id);
    if (c === undefined) throw new Error(`recorded customer ${id} missing`);
    return sourceFromCustomer(c);
  };

  it("Dana Whitfield: a plain person", () => {
    const r = cleanWebCustomer(byId(2), settings);
    if (!r.ok) throw new Error(r.reason);
    expect(r.customer).toMatchObject({
      email: "dana.whitfield@example.com",
      nameType: "P",
      name: "Dana Whitfield",
      first: "Dana",
      last: "Whitfield",
      address: { lines: ["418 COQUINA LN"], city: "ST AUGUSTINE", state: "FL", zip: "32080", phone: "904-555-0142" },
      shipTo: null,
    });
  });

  it("Bartholomew: a business with an address over 60 characters", () => {
    const r = cleanWebCustomer(byId(3), settings);
    if (!r.ok) throw new Error(r.reason);
    expect(r.customer.nameType).toBe("B");
    expect(r.customer.name).toBe("Okonkwo-Lindqvist Marine Supply");
    expect(r.customer.contact).toBe("Bartholomew Okonkwo-Lindqvist");
    expect(r.customer.first).toBe("Bartholomew");
    expect(r.customer.address.lines).toHaveLength(3);
    for (const l of r.customer.address.lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(r.customer.address.lines.join(" ")).toContain("STE 1200");
    expect(r.customer.shipTo).toBeNull();
  });

  it("Zoë Ñúñez-O’Brien: Latin-1 kept, the apostrophe folded with a warning", () => {
    const r = cleanWebCustomer(byId(4), settings);
    if (!r.ok) throw new Error(r.reason);
    expect(r.customer.first).toBe("Zoë");
    expect(r.customer.last).toBe("Ñúñez-O'Brien");
    expect(r.customer.warnings.some((w) => w.field === "last_name")).toBe(true);
    expect(r.customer.address.lines).toEqual(["2200 SW 8TH ST", "APT 5C"]);
  });

  it("the guest of order 26 (Priya Raman)", () => {
    const order = orderSchema.parse(recorded("order_guest.json"));
    const source = sourceFromOrder(order);
    expect(source.wooId).toBeNull();
    expect(source.guestOrderId).toBe(26);
    const r = cleanWebCustomer(source, settings);
    if (!r.ok) throw new Error(r.reason);
    expect(r.customer).toMatchObject({ email: "priya.raman@example.net", name: "Priya Raman", nameType: "P" });
  });

  it("refuses a customer without a usable e-mail, naming the field", () => {
    const source = { ...byId(2), email: "", billing: { ...byId(2).billing, email: "not-an-email" } };
    expect(cleanWebCustomer(source, settings)).toMatchObject({ ok: false, field: "email" });
  });

  it("makes a ship-to when shipping differs from billing", () => {
    const base = byId(2);
    const source = { ...base, shipping: { ...base.shipping, address_1: "1 Marina Way", city: "Fernandina Beach" } };
    const r = cleanWebCustomer(source, settings);
    if (!r.ok) throw new Error(r.reason);
    expect(r.customer.shipTo).toMatchObject({
      lines: ["1 MARINA WAY"],
      city: "FERNANDINA BEACH",
      name: "Dana Whitfield",
    });
  });
});
