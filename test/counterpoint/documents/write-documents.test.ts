import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import { DocumentPlanError } from "../../../src/counterpoint/documents/document-errors.js";
import { DocumentNumberPool } from "../../../src/counterpoint/documents/number-pool.js";
import {
  type DocumentOutcome,
  writeDocument,
  writeDocuments,
} from "../../../src/counterpoint/documents/write-document.js";
import { money } from "../../../src/money/index.js";
import { freshDatabase, type TestDatabase, testEngines } from "../../helpers/databases.js";
import { countDocs, docTables, ordersOfCustomer, qtyOnSo, rowsOf, demoReplica } from "./replica.js";
import { samplePlan } from "./sample-plan.js";

const native = { source: "native", prefix: "" } as const;
const hood = ["M", "*", "*"] as const;

/** A pool that counts the numbers given back: a batch that went in whole gives none back. */
class CountingPool extends DocumentNumberPool {
  givenBack = 0;
  override giveBack(...args: Parameters<DocumentNumberPool["giveBack"]>): void {
    this.givenBack += 1;
    super.giveBack(...args);
  }
}

function written(outcome: DocumentOutcome | undefined) {
  if (outcome === undefined || !outcome.ok)
    throw new Error(`not written: ${String(outcome?.ok === false && outcome.error)}`);
  return outcome.written;
}

/** Columns of rows that sort them within a document's table. */
const ROW_ORDER = ["LIN_SEQ_NO", "TOT_TYP", "AUTH_COD", "CONTACT_ID", "NOTE_SEQ_NO", "PMT_SEQ_NO", "MISC_CHRG_NO"];

/** Per table, the columns whose values differ between two documents' rows (rows paired in their natural order). */
async function differingColumns(db: CounterpointDb, a: string, b: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const sorted = (rows: Record<string, unknown>[]) =>
    rows.sort((x, y) => {
      const kx = JSON.stringify(ROW_ORDER.map((c) => x[c] ?? null));
      const ky = JSON.stringify(ROW_ORDER.map((c) => y[c] ?? null));
      return kx < ky ? -1 : kx > ky ? 1 : 0;
    });
  for (const table of docTables) {
    const ra = sorted(await rowsOf(db, table, a));
    const rb = sorted(await rowsOf(db, table, b));
    expect(rb.length, table).toBe(ra.length);
    const differ = new Set<string>();
    ra.forEach((row, i) => {
      for (const [column, value] of Object.entries(row)) {
        if (JSON.stringify(value) !== JSON.stringify(rb[i]?.[column])) differ.add(column);
      }
    });
    out[table] = [...differ].sort();
  }
  return out;
}

describe.each(testEngines)("writeDocuments on the %s replica", (engine) => {
  let database: TestDatabase;
  let db: CounterpointDb;
  beforeEach(async () => {
    database = await freshDatabase(engine);
    db = await demoReplica(database);
  });
  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  it("writes a batch together, each document as writeDocument writes it alone, with the counts and stock summed", async () => {
    const alone = [
      written({ ok: true, written: await writeDocument(db, samplePlan({ ref: "woo:s:1" }), native) }),
      written({ ok: true, written: await writeDocument(db, samplePlan({ ref: "woo:s:2" }), native) }),
    ];
    const before = {
      orders: await ordersOfCustomer(db, "2306"),
      tee: money((await qtyOnSo(db, "PBO-TEE-PELICAN", "01")) ?? "0"),
      hood: money((await qtyOnSo(db, "PBO-HOOD", "01", hood)) ?? "0"),
      docs: await countDocs(db),
    };
    const plans = [
      samplePlan({ ref: "woo:s:3" }),
      samplePlan({ ref: "woo:s:4", kind: "ticket" }),
      samplePlan({ ref: "woo:s:5" }),
      samplePlan({ ref: "woo:s:6" }),
    ];
    const numbers = new CountingPool(db);
    const outcomes = await writeDocuments(db, plans, native, { numbers, expected: numbers.expect(plans.length) });
    const docs = outcomes.map(written);
    expect(numbers.givenBack).toBe(0);
    expect(docs.map((d) => [d.tktNo, d.created])).toEqual([
      ["O101-000356", true],
      ["T101-000500", true],
      ["O101-000357", true],
      ["O101-000358", true],
    ]);
    expect(await countDocs(db)).toBe(before.docs + 4);
    // Three orders (the ticket counts and moves nothing): NO_OF_ORDS + 3, two tees and one hood each.
    expect(await ordersOfCustomer(db, "2306")).toBe(before.orders + 3);
    expect(await qtyOnSo(db, "PBO-TEE-PELICAN", "01")).toBe(before.tee.plus(6).toFixed(4));
    expect(await qtyOnSo(db, "PBO-HOOD", "01", hood)).toBe(before.hood.plus(3).toFixed(4));
    // A batch's order differs from one written alone only where two written alone differ from each other.
    const [first, second] = alone;
    const third = docs[0];
    if (first === undefined || second === undefined || third === undefined) throw new Error("missing documents");
    const between = await differingColumns(db, first.docId, second.docId);
    expect(between.PS_DOC_HDR).toEqual(expect.arrayContaining(["DOC_ID", "TKT_NO", "REF"]));
    expect(await differingColumns(db, first.docId, third.docId)).toEqual(between);
  });

  it("finds the documents that exist already and writes the others, each once", async () => {
    const existing = await writeDocument(db, samplePlan({ ref: "woo:s:2" }), native);
    const orders = await ordersOfCustomer(db, "2306");
    const tee = money((await qtyOnSo(db, "PBO-TEE-PELICAN", "01")) ?? "0");
    const docs = await countDocs(db);
    const numbers = new CountingPool(db);
    const plans = ["woo:s:1", "woo:s:2", "woo:s:3", "woo:s:1"].map((ref) => samplePlan({ ref }));
    const outcomes = (await writeDocuments(db, plans, native, { numbers })).map(written);
    // The guard refused the batch (woo:s:2 exists): its three numbers went back; then one by one, woo:s:2 and the
    // second woo:s:1 each found their document and gave theirs back.
    expect(numbers.givenBack).toBe(5);
    expect(outcomes[1]).toEqual({ ...existing, created: false });
    expect(outcomes.map((o) => o.created)).toEqual([true, false, true, false]);
    // The same reference twice in a batch: one document, both answered with it.
    expect(outcomes[3]?.docId).toBe(outcomes[0]?.docId);
    expect(await countDocs(db)).toBe(docs + 2);
    expect(await ordersOfCustomer(db, "2306")).toBe(orders + 2);
    expect(await qtyOnSo(db, "PBO-TEE-PELICAN", "01")).toBe(tee.plus(4).toFixed(4));
    const tickets = outcomes.filter((o) => o.created).map((o) => o.tktNo);
    expect(new Set(tickets).size).toBe(2);
  });

  it("fails only the documents that cannot be written: a broken plan, a grid cell the item does not have", async () => {
    const orders = await ordersOfCustomer(db, "2306");
    const docs = await countDocs(db);
    const broken = { ...samplePlan({ ref: "woo:s:2" }), lines: [] };
    const badCell = samplePlan({
      ref: "woo:s:3",
      lines: [{ itemNo: "PBO-HOOD", qty: "1", price: "54.00", cell: ["XXL-NOT-A-SIZE", "*", "*"] }],
    });
    const plans = [samplePlan({ ref: "woo:s:1" }), broken, badCell, samplePlan({ ref: "woo:s:4" })];
    const numbers = new DocumentNumberPool(db);
    const outcomes = await writeDocuments(db, plans, native, { numbers });
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, true]);
    const [, brokenOutcome, cellOutcome] = outcomes;
    expect(brokenOutcome?.ok === false && brokenOutcome.error).toBeInstanceOf(DocumentPlanError);
    expect(cellOutcome?.ok === false && cellOutcome.error).toBeInstanceOf(Error);
    expect(await countDocs(db)).toBe(docs + 2);
    expect(await ordersOfCustomer(db, "2306")).toBe(orders + 2);
    const refs = await db.selectFrom("PS_DOC_HDR").select("REF").where("REF", "like", "woo:s:%").execute();
    expect(refs.map((r) => r.REF).sort()).toEqual(["woo:s:1", "woo:s:4"]);
  });

  it("numbers a prefix-numbered batch one document at a time after the highest such number", async () => {
    const numbers = new DocumentNumberPool(db);
    const plans = ["woo:p:1", "woo:p:2"].map((ref) => samplePlan({ ref }));
    const outcomes = await writeDocuments(db, plans, { source: "prefix", prefix: "W" }, { numbers });
    expect(outcomes.map((o) => written(o).tktNo)).toEqual(["W101-000001", "W101-000002"]);
  });
});
