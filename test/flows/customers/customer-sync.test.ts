import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getCustomer, shipTosOf } from "../../../src/counterpoint/customers/customer-queries.js";
import { CustomerRun, importWebCustomer } from "../../../src/flows/customers/import-web-customer.js";
import { pushCustomersOut } from "../../../src/flows/customers/push-customers-out.js";
import { resolveOrderCustomer } from "../../../src/flows/customers/resolve-order-customer.js";
import { listQuarantine, releaseQuarantine } from "../../../src/flows/customers/state/quarantine.js";
import { importWebCustomers, syncCustomersIn } from "../../../src/flows/customers/sync-customers-in.js";
import { sourceFromCustomer, type WebCustomerSource } from "../../../src/flows/customers/web-customer-source.js";
import { findCpKey, findWooId, mapId, unmapId } from "../../../src/store/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type Harness, openHarness } from "./harness.js";

const countCustomers = async (h: Harness) =>
  Number(
    (
      await h.cp
        .selectFrom("AR_CUST")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

function person(email: string, extra: Partial<WebCustomerSource> = {}): WebCustomerSource {
  const address = {
    first_name: "Ana",
    last_name: "Lopez",
    company: "",
    address_1: "77 Harbor Drive",
    address_2: "",
    city: "Fort Lauderdale",
    state: "FL",
    postcode: "33316",
    country: "US",
    phone: "954 555 0101",
  };
  return {
    wooId: null,
    guestOrderId: 9001,
    email,
    firstName: "Ana",
    lastName: "Lopez",
    username: "",
    role: "guest",
    billing: { ...address, email },
    shipping: address,
    registeredGmt: null,
    orderCount: 1,
    ...extra,
  };
}

describe.each(testEngines)("customers both ways on %s", (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
  });
  afterEach(async () => {
    await h.close();
  });

  it("pulls every web customer, links known e-mails, creates the rest, and a re-run creates nothing", async () => {
    const before = await countCustomers(h);
    const first = await syncCustomersIn(h.woo, h.ports);
    expect(first.invalid).toBe(0);
    expect(first.guests).toBe(1); // Priya Raman, order 26
    expect(first.created).toBe(2); // Zoë (no CP customer yet) and the guest
    expect(first.linked).toBe(2); // Dana (2306) and Bartholomew (C-10017), by e-mail
    expect(await countCustomers(h)).toBe(before + 2);

    // Linked by e-mail → the id map now says so (B17: no re-linking every night).
    expect(await findCpKey(h.ports.state, "test-store", "customer", 2)).toBe("2306");
    expect(await findCpKey(h.ports.state, "test-store", "customer", 3)).toBe("C-10017");
    const zoeNo = await findCpKey(h.ports.state, "test-store", "customer", 4);
    expect(zoeNo).toMatch(/^OL-1000\d\d$/);

    const zoe = await getCustomer(h.cp, zoeNo ?? "");
    expect(zoe).toMatchObject({
      NAM: "Zoë Ñúñez-O'Brien",
      FST_NAM: "Zoë",
      LST_NAM: "Ñúñez-O'Brien",
      CUST_NAM_TYP: "P",
      ADRS_1: "2200 SW 8TH ST",
      ADRS_2: "APT 5C",
      CITY: "MIAMI",
      STATE: "FL",
      ZIP_COD: "33135",
      PHONE_1: "305-555-0199",
      EMAIL_ADRS_1: "zoe.nunez-obrien@example.com",
      TAX_COD: "FL-Miami-D",
      PROF_COD_1: "RETAIL",
      IS_ECOMM_CUST: "Y",
    });
    // The folded apostrophe is written down in the customer's note, not lost.
    const notes = await h.cp
      .selectFrom("AR_CUST_NOTE")
      .selectAll()
      .where("CUST_NO", "=", zoeNo ?? "")
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]?.NOTE_TXT).toContain("last_name");

    const guest = await h.cp
      .selectFrom("AR_CUST")
      .select(["CUST_NO", "NAM", "TAX_COD", "CITY"])
      .where("EMAIL_ADRS_1", "=", "priya.raman@example.net")
      .execute();
    expect(guest).toHaveLength(1);
    expect(guest[0]).toMatchObject({ NAM: "Priya Raman", TAX_COD: "FL-Alachua", CITY: "GAINESVILLE" });
    expect(guest[0]?.CUST_NO).toMatch(/^OL-/);

    const second = await syncCustomersIn(h.woo, h.ports);
    expect(second.created).toBe(0);
    expect(second.linked).toBe(4);
    expect(await countCustomers(h)).toBe(before + 2);
  });

  it("dedupes one e-mail within a run (B18) and creates the long address on three lines", async () => {
    const customers = await h.woo.customers.list();
    const bart = customers.find((c) => c.id === 3);
    if (bart === undefined) throw new Error("recorded customer 3 missing");
    const a = { ...sourceFromCustomer(bart), wooId: 901, email: "New.Buyer@Example.org" };
    const b = { ...sourceFromCustomer(bart), wooId: 902, email: "new.buyer@example.org" };
    const guest = { ...person("NEW.BUYER@example.org") };
    const summary = await importWebCustomers([guest, a, b], h.ports);
    expect(summary.created).toBe(1);
    expect(summary.linked).toBe(2);
    const custNo = await findCpKey(h.ports.state, "test-store", "customer", 901);
    expect(custNo).toBeDefined();
    // The second account with the same e-mail resolves to the same customer.
    const rows = await h.cp
      .selectFrom("AR_CUST")
      .selectAll()
      .where("CUST_NO", "=", custNo ?? "")
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      NAM: "Okonkwo-Lindqvist Marine Supply",
      CUST_NAM_TYP: "B",
      CONTCT_1: "Bartholomew Okonkwo-Lindqvist",
      ADRS_1: "12500 OLD SAINT AUGUSTINE RD",
      ADRS_2: "BLDG 4 STE 1200 ATTN RECEIVING DOCK B",
      ADRS_3: "MAIL STOP 7-WEST",
      TAX_COD: "FL-Duval",
      SLS_REP: "",
      STR_ID: h.settings.counterpoint.store,
    });
  });

  it("creates ship-tos with their own ids and takes codes from the template customer", async () => {
    const templated = await openHarness(engine, { templateCustNo: "10022" }, { recorded: false });
    try {
      const run = await CustomerRun.open(templated.ports);
      const shipping = {
        ...person("x@example.com").shipping,
        address_1: "1 Marina Way",
        city: "Key West",
        postcode: "33040",
      };
      const out = await importWebCustomer(person("ship.to@example.com", { shipping }), run);
      expect(out.kind).toBe("created");
      if (out.kind !== "created") return;
      expect(out.shipAdrsId).toBe("1");
      const shipTos = await shipTosOf(templated.cp, out.custNo);
      expect(shipTos).toEqual([
        expect.objectContaining({ SHIP_ADRS_ID: "1", ADRS_1: "1 MARINA WAY", CITY: "KEY WEST" }),
      ]);
      const row = await getCustomer(templated.cp, out.custNo);
      // 10022 is a RESELLER in WHOLESALE: the template's codes win over the settings' defaults.
      expect(row).toMatchObject({ PROF_COD_1: "RESELLER", CATEG_COD: "WHOLESALE", TAX_COD: "FL-Broward" });
    } finally {
      await templated.close();
    }
  });

  it("quarantines bots with reasons, never deletes them, and creates them once released", async () => {
    const bot = person("a8391k2838d7s6g5h4j3k2@mailinator.com", {
      wooId: 777,
      guestOrderId: null,
      role: "customer",
      firstName: "",
      lastName: "",
      orderCount: 0,
      billing: { ...person("a@b.co").billing, first_name: "", last_name: "", address_1: "", phone: "" },
      shipping: { ...person("a@b.co").shipping, first_name: "", last_name: "", address_1: "", phone: "" },
    });
    const before = await countCustomers(h);
    const summary = await importWebCustomers([bot], h.ports);
    expect(summary.quarantined).toBe(1);
    expect(await countCustomers(h)).toBe(before);
    const held = await listQuarantine(h.ports.state, "test-store", "quarantined");
    expect(held).toHaveLength(1);
    expect(held[0]?.reasons.map((r) => r.code).sort()).toEqual([
      "disposable_domain",
      "empty_profile",
      "random_local_part",
    ]);
    // Still quarantined (not duplicated) on the next run.
    await importWebCustomers([bot], h.ports);
    expect(await listQuarantine(h.ports.state, "test-store")).toHaveLength(1);

    expect(await releaseQuarantine(h.ports.state, "test-store", "customer:777", "tester")).toBe(true);
    const after = await importWebCustomers([bot], h.ports);
    expect(after.created).toBe(1);
    expect(await findCpKey(h.ports.state, "test-store", "customer", 777)).toMatch(/^OL-/);
  });

  it("applies the update rule: Counterpoint is master, the web fills empty fields", async () => {
    await h.cp
      .updateTable("AR_CUST")
      .set({ PHONE_1: null, LST_NAM: "Whitfield-Old" })
      .where("CUST_NO", "=", "2306")
      .execute();
    const customers = await h.woo.customers.list();
    const dana = customers.find((c) => c.id === 2);
    if (dana === undefined) throw new Error("recorded customer 2 missing");
    const summary = await importWebCustomers([sourceFromCustomer(dana)], h.ports);
    expect(summary.updated).toBe(1);
    expect(await getCustomer(h.cp, "2306")).toMatchObject({ PHONE_1: "904-555-0142", LST_NAM: "Whitfield-Old" });
  });

  it("resolves the customer of an order: guests created once, then found by e-mail; a bad e-mail is invalid", async () => {
    const order = await h.woo.orders.get(26);
    const first = await resolveOrderCustomer(order, h.ports);
    expect(first).toMatchObject({ kind: "resolved", via: "created" });
    const again = await resolveOrderCustomer(order, h.ports);
    expect(again).toMatchObject({ kind: "resolved", via: "email" });
    if (first.kind === "resolved" && again.kind === "resolved") expect(again.custNo).toBe(first.custNo);
    const broken = { ...order, billing: { ...order.billing, email: "nobody" } };
    expect(await resolveOrderCustomer(broken, h.ports)).toMatchObject({ kind: "invalid", field: "billing.email" });
  });

  it("looks up a batch's id maps and their customers at once, passing over a map whose customer is gone", async () => {
    const ana = await importWebCustomer(person("ana.map@example.com", { wooId: 501 }), await CustomerRun.open(h.ports));
    expect(ana).toMatchObject({ kind: "created" });
    // A map left pointing at a customer Counterpoint no longer has.
    await mapId(h.ports.state, { storeId: "test-store", kind: "customer", wooId: 502, cpKey: "GONE-1" });
    const run = await CustomerRun.open(h.ports);
    await run.prefetchMaps([501, 502, 503]);
    // The run answers from its bulk look-up: a map removed since is still the run's (a batch sees one moment).
    await unmapId(h.ports.state, "test-store", "customer", 501);
    const again = await importWebCustomer(person("ana.map@example.com", { wooId: 501 }), run, { applyUpdates: false });
    expect(again).toMatchObject({ kind: "linked", via: "map", custNo: ana.kind === "created" ? ana.custNo : "" });
    // The stale map is not followed: the shopper is created (and the map stays as it was: it refuses a second link).
    const gone = await importWebCustomer(person("gone.map@example.com", { wooId: 502 }), run, { applyUpdates: false });
    expect(gone).toMatchObject({ kind: "created" });
    expect(await findCpKey(h.ports.state, "test-store", "customer", 502)).toBe("GONE-1");
    // A map made in the run is found by the next order of the same web customer.
    const fresh = await importWebCustomer(person("new.map@example.com", { wooId: 503 }), run, { applyUpdates: false });
    expect(fresh).toMatchObject({ kind: "created" });
    const next = await importWebCustomer(person("new.map@example.com", { wooId: 503 }), run, { applyUpdates: false });
    expect(next).toMatchObject({ kind: "linked", via: "map", custNo: fresh.kind === "created" ? fresh.custNo : "" });
  });

  it("allocates unique customer numbers under concurrency", async () => {
    const run = await CustomerRun.open(h.ports);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => importWebCustomer(person(`parallel${i}@example.com`), run)),
    );
    const numbers = outcomes.map((o) => (o.kind === "created" ? o.custNo : o.kind));
    expect(new Set(numbers).size).toBe(8);
    for (const n of numbers) expect(n).toMatch(/^OL-1000\d\d$/);
  });

  it("makes one customer when two workers create the same shopper at the same moment", async () => {
    // Two runs (two workers) with their own memory, both missing the e-mail, both creating: the e-mail is checked again
    // under a lock in the request that creates, so the second finds the first's customer.
    for (const round of [1, 2, 3]) {
      const email = `twice${round}@example.com`;
      const [a, b] = await Promise.all([
        CustomerRun.open(h.ports).then((run) => importWebCustomer(person(email, { wooId: 700 + round }), run)),
        CustomerRun.open(h.ports).then((run) => importWebCustomer(person(email, { wooId: 700 + round }), run)),
      ]);
      const custNos = [a, b].map((o) => (o.kind === "created" || o.kind === "linked" ? o.custNo : o.kind));
      expect(custNos[0]).toBe(custNos[1]);
      expect([a?.kind, b?.kind].sort()).toEqual(["created", "linked"]);
      const rows = await h.cp.selectFrom("AR_CUST").select("CUST_NO").where("EMAIL_ADRS_1", "=", email).execute();
      expect(rows).toHaveLength(1);
      expect(await findCpKey(h.ports.state, "test-store", "customer", 700 + round)).toBe(custNos[0]);
    }
  });

  it("skips numbers already taken in Counterpoint", async () => {
    await h.cp
      .insertInto("AR_CUST")
      .values({ CUST_NO: "OL-100001", NAM: "Made in Counterpoint", SLS_REP: "", STR_ID: h.settings.counterpoint.store })
      .execute();
    const run = await CustomerRun.open(h.ports);
    const out = await importWebCustomer(person("skip@example.com"), run);
    expect(out).toMatchObject({ kind: "created", custNo: "OL-100002" });
    expect(await getCustomer(h.cp, "OL-100001")).toMatchObject({ NAM: "Made in Counterpoint" });
  });

  it("pushes e-commerce customers to the web: creates, updates, never twice", async () => {
    const ecomm = await h.cp.selectFrom("AR_CUST").select("CUST_NO").where("IS_ECOMM_CUST", "=", "Y").execute();
    const first = await pushCustomersOut(h.woo, h.ports);
    expect(first.seen).toBe(ecomm.length);
    expect(first.failed).toEqual([]);
    // Dana (2306) and Bartholomew (C-10017) are on the web already: updated, not created.
    expect(first.created + first.updated + first.skipped.length).toBe(ecomm.length);
    expect(await findWooId(h.ports.state, "test-store", "customer", "2306")).toBe(2);
    const webNo = await findWooId(h.ports.state, "test-store", "customer", "10057");
    expect(webNo).toBeDefined();
    const web = await h.woo.customers.get(webNo ?? 0);
    expect(web.email).toBe("purchasing@seagrant.example.edu");
    const meta = Object.fromEntries(web.meta_data.map((m) => [m.key, m.value]));
    expect(meta).toMatchObject({ cp_customer_no: "10057", cp_tier_role: "tier_3_customers" });
    const bart = await h.woo.customers.get(3);
    expect(bart.username).toBe("bart.okonkwo"); // untouched login

    const second = await pushCustomersOut(h.woo, h.ports);
    expect(second.created).toBe(0);
    expect(second.updated).toBe(0);
    expect(second.unchanged).toBe(first.created + first.updated);
  });
});
