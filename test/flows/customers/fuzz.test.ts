import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTruncationError } from "../../../src/counterpoint/errors.js";
import {
  CustomerRun,
  type ImportOutcome,
  importWebCustomer,
} from "../../../src/flows/customers/import-web-customer.js";
import { listQuarantine } from "../../../src/flows/customers/state/quarantine.js";
import {
  type SourceAddress,
  sourceFromCustomer,
  type WebCustomerSource,
} from "../../../src/flows/customers/web-customer-source.js";
import { SeededRandom } from "../../../src/sandbox/replica/seeded-random.js";
import { customerSchema } from "../../../src/woocommerce/schemas/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type Harness, openHarness } from "./harness.js";

const recorded = customerSchema
  .array()
  .parse(
    (
      JSON.parse(readFileSync(join("/work/shared/woocommerce/recorded", "customers_list.json"), "utf8")) as {
        response: { body: unknown };
      }
    ).response.body,
  )
  .map(sourceFromCustomer);

const oddities = [
  "😀",
  "北京市",
  "Łódź",
  "\u0000",
  "\t\n",
  "\u200B",
  "e\u0301",
  "’",
  "—",
  "Ñ",
  "ß",
  "Σ",
  "ـ",
  "\uFEFF",
  "  ",
  "'; DROP TABLE AR_CUST; --",
  "%_[",
];
const domains = ["example.com", "mailinator.com", "yopmail.com", "sub.example.org", "x.co"];

/** A mutated copy of a recorded customer: long, empty, foreign, control characters, duplicate and bad e-mails. */
function mutate(r: SeededRandom, i: number): WebCustomerSource {
  const base = recorded[i % recorded.length] as WebCustomerSource;
  const text = (value: string): string => {
    switch (r.int(0, 7)) {
      case 0:
        return "";
      case 1:
        return value.repeat(r.int(2, 8));
      case 2:
        return value + r.pick(oddities) + value;
      case 3:
        return Array.from({ length: r.int(1, 60) }, () => r.pick(oddities)).join("");
      case 4:
        return value.toUpperCase();
      default:
        return value;
    }
  };
  const address = (a: SourceAddress): SourceAddress => ({
    ...a,
    first_name: text(a.first_name),
    last_name: text(a.last_name),
    company: text(a.company),
    address_1: text(a.address_1),
    address_2: text(a.address_2),
    city: text(a.city),
    state: r.chance(0.2) ? r.pick(["Florida", "fl", "Bayern", "XXXXXXXXXXXXXXXXXXX", ""]) : a.state,
    postcode: r.chance(0.2) ? r.pick(["322581234", "ABC 123 XYZ 7890 LONG", ""]) : a.postcode,
    country: r.chance(0.2) ? r.pick(["United States", "DE", "", "Neverland Republic of Far Away"]) : a.country,
    phone: r.chance(0.3)
      ? (r.pick(["(904) 555-0177 ext 99", "+44 20 7946 0958", "n/a", "1".repeat(40)]) ?? "")
      : a.phone,
  });
  // About one in ten shares an e-mail with another record (in other case), a few are invalid or over 50 characters.
  const n = r.chance(0.1) ? r.int(0, 50) : i;
  const local = r.chance(0.05) ? "x".repeat(60) : `fuzz.${n}`;
  const email = r.chance(0.03) ? "not an e-mail" : `${r.chance(0.5) ? local.toUpperCase() : local}@${r.pick(domains)}`;
  return {
    ...base,
    wooId: r.chance(0.8) ? 10_000 + i : null,
    guestOrderId: 50_000 + i,
    email,
    firstName: text(base.firstName),
    lastName: text(base.lastName),
    billing: { ...address(base.billing), email },
    shipping: r.chance(0.5) ? address(base.shipping) : base.shipping,
    orderCount: r.int(0, 2),
  };
}

const FUZZ = { sqlite: 5000, postgres: 1000 } as const;

describe.each(testEngines)("fuzz: mutated customers on %s", (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(engine, {}, { recorded: false });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it(`imports ${FUZZ[engine]} mutated customers: no crash, no truncation, every one accounted for`, async () => {
    const r = new SeededRandom(`fuzz-${engine}`);
    const run = await CustomerRun.open(h.ports);
    const outcomes: ImportOutcome[] = [];
    for (let i = 0; i < FUZZ[engine]; i++) {
      const source = mutate(r, i);
      try {
        outcomes.push(await importWebCustomer(source, run));
      } catch (err) {
        expect(isTruncationError(err), `customer ${i}: ${(err as Error).message}`).toBe(false);
        throw new Error(`customer ${i} (${source.email}) crashed the import: ${(err as Error).message}`);
      }
    }
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
    expect(counts.get("created")).toBeGreaterThan(FUZZ[engine] / 4);
    expect(counts.get("quarantined")).toBeGreaterThan(0);
    expect(counts.get("linked")).toBeGreaterThan(0); // shared e-mails: deduped, never a second customer
    for (const o of outcomes) {
      expect(["created", "linked", "quarantined", "invalid"]).toContain(o.kind);
      if (o.kind === "quarantined") expect(o.reasons.length).toBeGreaterThan(0);
      if (o.kind === "invalid") expect(o.reason).not.toBe("");
    }
    // Invalid records are held with their reason too: nothing is silently dropped.
    const held = await listQuarantine(h.ports.state, "test-store");
    const invalid = counts.get("invalid") ?? 0;
    expect(held.filter((e) => e.reasons.some((x) => x.code === "invalid_data")).length).toBeGreaterThan(0);
    expect(held.length).toBeGreaterThanOrEqual(invalid);

    // Every created row holds only Latin-1 text, and one e-mail never has two customers.
    const rows = await h.cp
      .selectFrom("AR_CUST")
      .select(["CUST_NO", "NAM", "FST_NAM", "LST_NAM", "ADRS_1", "ADRS_2", "ADRS_3", "CITY", "STATE", "EMAIL_ADRS_1"])
      .where("CUST_NO", "like", "OL-%")
      .execute();
    expect(rows.length).toBe(counts.get("created"));
    const emails = new Set<string>();
    for (const row of rows) {
      for (const v of Object.values(row)) {
        if (typeof v === "string") for (const ch of v) expect(ch.codePointAt(0) ?? 0).toBeLessThanOrEqual(0xff);
      }
      const e = (row.EMAIL_ADRS_1 ?? "").toLowerCase();
      expect(emails.has(e), e).toBe(false);
      emails.add(e);
    }
  }, 240_000);
});
