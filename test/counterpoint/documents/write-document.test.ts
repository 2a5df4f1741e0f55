import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import { DocumentPlanError } from "../../../src/counterpoint/documents/document-errors.js";
import { DocumentNumberPool } from "../../../src/counterpoint/documents/number-pool.js";
import { readDocument } from "../../../src/counterpoint/documents/read-document.js";
import { writeDocument } from "../../../src/counterpoint/documents/write-document.js";
import { decodeDocId } from "../../../src/counterpoint/numbering.js";
import { money, sum, ZERO } from "../../../src/money/index.js";
import { freshDatabase, type TestDatabase, testEngines } from "../../helpers/databases.js";
import {
  countDocs,
  demoReplica,
  docIdOfTkt,
  nonNull,
  ordersOfCustomer,
  qtyOnSo,
  rowsOf,
  tablesWithRows,
} from "./replica.js";
import { samplePlan } from "./sample-plan.js";

const native = { source: "native", prefix: "" } as const;
const prefixed = { source: "prefix", prefix: "W" } as const;
const hood = ["M", "*", "*"] as const;

async function counters(db: CounterpointDb) {
  return db
    .selectFrom("PS_STR_CFG_PS")
    .select(["NXT_ORD_NO", "NXT_TKT_NO"])
    .where("STR_ID", "=", "01")
    .executeTakeFirstOrThrow();
}

describe.each(testEngines)("writeDocument on the %s replica", (engine) => {
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

  it("writes an order laid out as Counterpoint's own order O101-000350, allocating its stock", async () => {
    const before = {
      tee: await qtyOnSo(db, "PBO-TEE-PELICAN", "01"),
      hood: await qtyOnSo(db, "PBO-HOOD", "01"),
      cell: await qtyOnSo(db, "PBO-HOOD", "01", hood),
    };
    const orders = await ordersOfCustomer(db, "2306");
    const plan = samplePlan();
    const written = await writeDocument(db, plan, native);
    expect(written).toMatchObject({ tktNo: "O101-000354", created: true });
    expect(await ordersOfCustomer(db, "2306")).toBe(orders + 1);
    expect(decodeDocId(written.docId)).toMatchObject({ storeNo: 1, stationNo: 1, docType: "O" });

    const nativeId = await docIdOfTkt(db, "O101-000350");
    const ours = await tablesWithRows(db, written.docId);
    const theirs = await tablesWithRows(db, nativeId);
    // The native order is unpaid and has no notes; everything else is the same set of tables.
    expect(ours.filter((t) => !theirs.includes(t))).toEqual(["PS_DOC_PMT", "PS_DOC_NOTE"]);
    expect(theirs.filter((t) => !ours.includes(t))).toEqual([]);

    for (const table of ["PS_DOC_LIN", "PS_DOC_HDR_TOT", "PS_DOC_LIN_PRICE", "PS_DOC_TAX", "PS_DOC_CONTACT"]) {
      const a = await rowsOf(db, table, written.docId);
      const b = await rowsOf(db, table, nativeId);
      expect(a.length, table).toBe(table === "PS_DOC_HDR_TOT" ? 3 : a.length);
      const extra = table === "PS_DOC_LIN_PRICE" ? ["PRC_BRK_DESCR"] : [];
      expect(
        nonNull(a[0]).filter((c) => !extra.includes(c)),
        table,
      ).toEqual(nonNull(b[0]));
    }
    const [hdr] = await rowsOf(db, "PS_DOC_HDR", written.docId);
    const [nativeHdr] = await rowsOf(db, "PS_DOC_HDR", nativeId);
    expect(nonNull(hdr).filter((c) => !nonNull(nativeHdr).includes(c))).toEqual(["CUST_PO_NO", "REF"]);
    expect(nonNull(nativeHdr).filter((c) => !nonNull(hdr).includes(c))).toEqual([]);
    expect(hdr).toMatchObject({
      DOC_TYP: "O",
      SAL_LINS: 0,
      ORD_LINS: 2,
      TO_REL_LINS: 2,
      HAS_ENTD_LINS: "Y",
      BILL_TO_CONTACT_ID: 1,
      SHIP_TO_CONTACT_ID: 2,
      REF: plan.ref,
    });
    const totTypes = async (id: string) => (await rowsOf(db, "PS_DOC_HDR_TOT", id)).map((r) => r.TOT_TYP).sort();
    expect(await totTypes(written.docId)).toEqual(["O", "R", "V"]);
    expect(await totTypes(nativeId)).toEqual(["O", "R", "V"]);

    const doc = await readDocument(db, written.docId);
    if (!doc) throw new Error("not read back");
    const t = plan.totals;
    const o = doc.totals.find((x) => x.type === "O");
    expect(o).toMatchObject({
      lines: 2,
      subTot: t.subTot.toFixed(2),
      lineDisc: "5.00",
      tax: t.tax.toFixed(2),
      misc: "7.50",
      total: t.total.toFixed(2),
      tendered: t.total.toFixed(2),
      amountDue: "0.00",
    });
    expect(doc.totals.find((x) => x.type === "R")).toMatchObject({ subTot: t.subTot.toFixed(2), tax: "0.00" });
    expect(doc.totals.find((x) => x.type === "V")).toMatchObject({ lines: 0, total: "0.00" });
    expect(sum(doc.lines.map((l) => money(l.extPrice))).toFixed(2)).toBe(t.subTot.toFixed(2));
    expect(sum(doc.lines.map((l) => money(l.taxAlloc))).toFixed(2)).toBe(t.tax.toFixed(2));
    expect(doc.lines.map((l) => [l.lineType, l.qty, l.cell])).toEqual([
      ["O", "2.0000", null],
      ["O", "1.0000", ["M", "*", "*"]],
    ]);
    expect(doc.header).toMatchObject({ docStat: "O", depositReceived: t.total.toFixed(2), salLinTot: "0.00" });
    expect(doc.miscCharges).toEqual([{ totType: "O", no: 1, amount: "7.50" }]);
    expect(doc.taxes.map((x) => [x.authCod, x.part, x.amount])).toEqual([
      ["BROWARD", "O", "0.99"],
      ["FL", "O", "5.94"],
    ]);
    expect(doc.payments).toEqual([
      { seq: 1, payCode: "WEB", payCodeType: "C", amount: t.total.toFixed(2), descr: "Web payment" },
    ]);
    expect(doc.notes).toHaveLength(1);
    expect(doc.contacts.map((c) => [c.id, c.adrsId])).toEqual([
      [1, null],
      [2, "(DEFAULT)"],
    ]);
    const [audit] = await rowsOf(db, "PS_DOC_AUDIT_LOG", written.docId);
    expect(audit?.LOG_ENTRY).toBe("Entered a new order");

    const plus = (v: string | undefined, n: string) =>
      money(v ?? "0")
        .plus(n)
        .toFixed(4);
    expect(await qtyOnSo(db, "PBO-TEE-PELICAN", "01")).toBe(plus(before.tee, "2"));
    expect(await qtyOnSo(db, "PBO-HOOD", "01")).toBe(plus(before.hood, "1"));
    expect(await qtyOnSo(db, "PBO-HOOD", "01", hood)).toBe(plus(before.cell, "1"));
  });

  it("creates the IM_INV and IM_INV_CELL rows an order's stock location lacks", async () => {
    await db.deleteFrom("IM_INV").where("ITEM_NO", "=", "PBO-TOTE").where("LOC_ID", "=", "02").execute();
    await db
      .deleteFrom("IM_INV_CELL")
      .where("ITEM_NO", "=", "PBO-HOOD")
      .where("LOC_ID", "=", "02")
      .where("DIM_1_UPR", "=", "L")
      .execute();
    const plan = samplePlan({
      stockLoc: "02",
      lines: [
        { itemNo: "PBO-TOTE", qty: "3", price: "38.00" },
        { itemNo: "PBO-HOOD", qty: "1", price: "54.00", cell: ["L", "*", "*"] },
        { itemNo: "PBO-SUN-50", qty: "5", price: "14.95", allocatesStock: false },
      ],
    });
    const sunBefore = await qtyOnSo(db, "PBO-SUN-50", "02");
    await writeDocument(db, plan, native);
    expect(await qtyOnSo(db, "PBO-TOTE", "02")).toBe("3.0000");
    expect(await qtyOnSo(db, "PBO-HOOD", "02", ["L", "*", "*"])).toBe("1.0000");
    expect(await qtyOnSo(db, "PBO-SUN-50", "02")).toBe(sunBefore);
  });

  it("writes a ticket as §2.2 describes, moving no stock", async () => {
    const tee = await qtyOnSo(db, "PBO-TEE-PELICAN", "01");
    const orders = await ordersOfCustomer(db, "2306");
    const plan = samplePlan({ kind: "ticket", ref: "woo:shop:2001" });
    const written = await writeDocument(db, plan, native);
    expect(written.tktNo).toBe("T101-000500");
    expect(await counters(db)).toEqual({ NXT_ORD_NO: "O101-000354", NXT_TKT_NO: "T101-000501" });
    expect(decodeDocId(written.docId).docType).toBe("T");
    const [hdr] = await rowsOf(db, "PS_DOC_HDR", written.docId);
    expect(hdr).toMatchObject({ DOC_TYP: "T", SAL_LINS: 2, ORD_LINS: 0, HAS_ENTD_LINS: "N", TO_REL_LINS: 2 });
    const doc = await readDocument(db, written.docId);
    expect(doc?.header.salLinTot).toBe(plan.totals.subTot.toFixed(2));
    expect(doc?.header.docStat).toBeNull();
    expect(doc?.lines.map((l) => l.lineType)).toEqual(["S", "S"]);
    const lines = await rowsOf(db, "PS_DOC_LIN", written.docId);
    for (const l of lines) expect(money(String(l.QTY_ENTD)).isZero()).toBe(true);
    expect(doc?.totals.map((x) => [x.type, x.total, x.tendered, x.amountDue])).toEqual([
      ["S", plan.totals.total.toFixed(2), plan.totals.total.toFixed(2), "0.00"],
    ]);
    expect(doc?.miscCharges.map((m) => m.totType)).toEqual(["S"]);
    expect(doc?.taxes.map((x) => x.part)).toEqual(["S", "S"]);
    expect(await tablesWithRows(db, written.docId)).not.toContain("PS_DOC_HDR_DOC_STAT");
    const [audit] = await rowsOf(db, "PS_DOC_AUDIT_LOG", written.docId);
    expect(audit?.LOG_ENTRY).toBe("Entered a new ticket");
    expect(await qtyOnSo(db, "PBO-TEE-PELICAN", "01")).toBe(tee);
    expect(await ordersOfCustomer(db, "2306")).toBe(orders);
  });

  it("advances NXT_ORD_NO and skips numbers Counterpoint already used", async () => {
    expect((await writeDocument(db, samplePlan({ ref: "a" }), native)).tktNo).toBe("O101-000354");
    expect((await counters(db)).NXT_ORD_NO).toBe("O101-000355");
    // Counter set back onto numbers native orders carry: they are passed over, never reused.
    await db.updateTable("PS_STR_CFG_PS").set({ NXT_ORD_NO: "O101-000352" }).where("STR_ID", "=", "01").execute();
    expect((await writeDocument(db, samplePlan({ ref: "b" }), native)).tktNo).toBe("O101-000355");
    expect((await counters(db)).NXT_ORD_NO).toBe("O101-000356");
  });

  it("numbers with prefix + station after the highest such number, leaving CP's counter alone", async () => {
    const first = await writeDocument(db, samplePlan({ ref: "p1" }), prefixed);
    expect(first.tktNo).toBe("W101-000001");
    expect((await writeDocument(db, samplePlan({ ref: "p2" }), prefixed)).tktNo).toBe("W101-000002");
    await db.updateTable("PS_DOC_HDR").set({ TKT_NO: "W101-000041" }).where("DOC_ID", "=", first.docId).execute();
    await db.updateTable("PS_DOC_HDR").set({ TKT_NO: "W101-00004X" }).where("REF", "=", "p2").execute();
    expect((await writeDocument(db, samplePlan({ ref: "p3" }), prefixed)).tktNo).toBe("W101-000042");
    expect((await counters(db)).NXT_ORD_NO).toBe("O101-000354");
    await expect(
      writeDocument(db, samplePlan({ ref: "p4" }), { source: "prefix", prefix: "WEBORDERS" }),
    ).rejects.toThrow("longer than 15 characters");
  });

  it("writes a ref once: the second call finds it and adds nothing", async () => {
    const plan = samplePlan({ ref: "woo:shop:77" });
    const first = await writeDocument(db, plan, native);
    const docs = await countDocs(db);
    const tee = await qtyOnSo(db, "PBO-TEE-PELICAN", "01");
    const again = await writeDocument(db, plan, native);
    expect(again).toEqual({ ...first, created: false });
    expect(await countDocs(db)).toBe(docs);
    expect(await qtyOnSo(db, "PBO-TEE-PELICAN", "01")).toBe(tee);
    expect((await counters(db)).NXT_ORD_NO).toBe("O101-000355");
  });

  it("takes a batch's numbers from one reservation, gives a replay's numbers to the next document, skips used ones", async () => {
    // A native order already carries O101-000356: the reservation passes over it.
    const taken = await writeDocument(db, samplePlan({ ref: "n0" }), native);
    await db.updateTable("PS_DOC_HDR").set({ TKT_NO: "O101-000356" }).where("DOC_ID", "=", taken.docId).execute();
    await db.updateTable("PS_STR_CFG_PS").set({ NXT_ORD_NO: "O101-000355" }).where("STR_ID", "=", "01").execute();
    const numbers = new DocumentNumberPool(db);
    const expected = numbers.expect(4);
    const pool = { numbers, expected };
    const first = await writeDocument(db, samplePlan({ ref: "b1" }), native, { pool });
    expect(first.tktNo).toBe("O101-000355");
    // One reservation for the four: the counter is already past all of them.
    expect((await counters(db)).NXT_ORD_NO).toBe("O101-000360");
    // A replay finds its document: its numbers go back and the next document takes them.
    expect(await writeDocument(db, samplePlan({ ref: "b1" }), native, { pool })).toEqual({ ...first, created: false });
    const second = await writeDocument(db, samplePlan({ ref: "b2" }), native, { pool });
    expect(second.tktNo).toBe("O101-000357");
    expect((await writeDocument(db, samplePlan({ ref: "b3" }), native, { pool })).tktNo).toBe("O101-000358");
    expected.done();
    expect((await writeDocument(db, samplePlan({ ref: "b4" }), native, { pool })).tktNo).toBe("O101-000359");
    // Nothing expected any more: the next reservation takes one number.
    expect((await writeDocument(db, samplePlan({ ref: "b5" }), native, { pool })).tktNo).toBe("O101-000360");
    expect((await counters(db)).NXT_ORD_NO).toBe("O101-000361");
    const ids = await db.selectFrom("PS_DOC_HDR").select("DOC_ID").where("REF", "like", "b%").execute();
    expect(new Set(ids.map((r) => String(r.DOC_ID))).size).toBe(5);
  });

  it("gives documents written in the same second distinct DOC_IDs", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await writeDocument(db, samplePlan({ ref: `s${i}` }), native)).docId);
    expect(new Set(ids).size).toBe(12);
    for (const id of ids) expect(decodeDocId(id)).toMatchObject({ storeNo: 1, stationNo: 1, docType: "O" });
  });

  it("refuses a broken plan before touching the database, naming the field", async () => {
    const docs = await countDocs(db);
    const plan = samplePlan();
    await expect(writeDocument(db, { ...plan, totals: { ...plan.totals, total: ZERO } }, native)).rejects.toThrow(
      /totals\.total/,
    );
    await expect(writeDocument(db, { ...plan, lines: [] }, native)).rejects.toThrow(/lines is empty/);
    await expect(
      writeDocument(db, { ...plan, totals: { ...plan.totals, subTot: plan.totals.subTot.plus(1) } }, native),
    ).rejects.toThrow(/totals\.subTot/);
    await expect(
      writeDocument(db, { ...plan, totals: { ...plan.totals, tax: plan.totals.tax.plus(1) } }, native),
    ).rejects.toThrow(/totals\.tax/);
    const twice = [
      { no: 1, amount: money("7.50") },
      { no: 1, amount: ZERO },
    ];
    await expect(writeDocument(db, { ...plan, miscCharges: twice }, native)).rejects.toBeInstanceOf(DocumentPlanError);
    const six = [1, 2, 3, 4, 5, 6].map((no) => ({ no, amount: ZERO }));
    await expect(writeDocument(db, { ...plan, miscCharges: six }, native)).rejects.toThrow(/more than 5/);
    expect(await countDocs(db)).toBe(docs);
  });
});
