import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import { deleteOpenDocument } from "../../../src/counterpoint/documents/delete-open-document.js";
import { DocumentDeleteRefusedError } from "../../../src/counterpoint/documents/document-errors.js";
import { findDocumentByRef } from "../../../src/counterpoint/documents/find-document-by-ref.js";
import { listDocumentsByRefPrefix } from "../../../src/counterpoint/documents/list-documents-by-ref-prefix.js";
import { readDocument } from "../../../src/counterpoint/documents/read-document.js";
import { readSaleItems } from "../../../src/counterpoint/documents/read-sale-items.js";
import { readTaxAuthorities } from "../../../src/counterpoint/documents/read-tax-authorities.js";
import { writeDocument } from "../../../src/counterpoint/documents/write-document.js";
import { freshDatabase, type TestDatabase, testEngines } from "../../helpers/databases.js";
import { demoReplica, docIdOfTkt, ordersOfCustomer, qtyOnSo, tablesWithRows } from "./replica.js";
import { samplePlan } from "./sample-plan.js";

const native = { source: "native", prefix: "" } as const;
const hood = ["M", "*", "*"] as const;

describe.each(testEngines)("document reads and rollback on the %s replica", (engine) => {
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

  it("deletes an open order, releasing exactly the stock it allocated", async () => {
    const before = [
      await qtyOnSo(db, "PBO-TEE-PELICAN", "01"),
      await qtyOnSo(db, "PBO-HOOD", "01"),
      await qtyOnSo(db, "PBO-HOOD", "01", hood),
    ];
    const keep = await writeDocument(db, samplePlan({ ref: "woo:shop:1" }), native);
    const afterKeep = [
      await qtyOnSo(db, "PBO-TEE-PELICAN", "01"),
      await qtyOnSo(db, "PBO-HOOD", "01"),
      await qtyOnSo(db, "PBO-HOOD", "01", hood),
    ];
    expect(afterKeep).not.toEqual(before);
    const gone = await writeDocument(db, samplePlan({ ref: "woo:shop:2" }), native);
    const orders = await ordersOfCustomer(db, "2306");
    const deleted = await deleteOpenDocument(db, gone.docId, { refPrefix: "woo:shop:" });
    expect(deleted).toMatchObject({ docId: gone.docId, tktNo: gone.tktNo, ref: "woo:shop:2" });
    expect(deleted.released.map((r) => [r.itemNo, r.cell, r.qty])).toEqual([
      ["PBO-TEE-PELICAN", null, "2.0000"],
      ["PBO-HOOD", ["M", "*", "*"], "1.0000"],
    ]);
    expect(await tablesWithRows(db, gone.docId)).toEqual([]);
    expect(await ordersOfCustomer(db, "2306")).toBe(orders - 1);
    expect(await readDocument(db, gone.docId)).toBeUndefined();
    expect(await findDocumentByRef(db, "woo:shop:2")).toBeUndefined();
    expect([
      await qtyOnSo(db, "PBO-TEE-PELICAN", "01"),
      await qtyOnSo(db, "PBO-HOOD", "01"),
      await qtyOnSo(db, "PBO-HOOD", "01", hood),
    ]).toEqual(afterKeep);
    expect(await findDocumentByRef(db, "woo:shop:1")).toMatchObject({ docId: keep.docId, where: "open" });
  });

  it("refuses a missing, shipped, released, foreign or ticket document, changing nothing", async () => {
    const refused = (docId: string, opts = {}) =>
      expect(deleteOpenDocument(db, docId, opts)).rejects.toBeInstanceOf(DocumentDeleteRefusedError);
    await refused("999999999999");
    const shipped = await writeDocument(db, samplePlan({ ref: "s" }), native);
    await db.updateTable("PS_DOC_LIN").set({ QTY_SHIPPED: "1" }).where("DOC_ID", "=", shipped.docId).execute();
    await expect(deleteOpenDocument(db, shipped.docId)).rejects.toThrow(/shipped quantity/);
    const released = await writeDocument(db, samplePlan({ ref: "r" }), native);
    await db.updateTable("PS_DOC_HDR").set({ HAS_RLSD_LINS: "Y" }).where("DOC_ID", "=", released.docId).execute();
    await expect(deleteOpenDocument(db, released.docId)).rejects.toThrow(/HAS_RLSD_LINS/);
    const ticket = await writeDocument(db, samplePlan({ kind: "ticket", ref: "t" }), native);
    await expect(deleteOpenDocument(db, ticket.docId)).rejects.toThrow(/not an order/);
    await refused(await docIdOfTkt(db, "O101-000350"), { refPrefix: "woo:" });
    const tee = await qtyOnSo(db, "PBO-TEE-PELICAN", "01");
    await refused(shipped.docId);
    expect(await qtyOnSo(db, "PBO-TEE-PELICAN", "01")).toBe(tee);
    expect((await tablesWithRows(db, shipped.docId)).length).toBeGreaterThan(5);
  });

  it("lists documents by REF prefix, matched literally, page by page, with their totals", async () => {
    const refs = ["woo:a_1", "woo:a_2", "woo:ab3", "woo:b_4"];
    const written = [];
    for (const ref of refs) written.push(await writeDocument(db, samplePlan({ ref }), native));
    const all = await listDocumentsByRefPrefix(db, "woo:a_", 0, 100);
    expect(all.map((d) => d.ref).sort()).toEqual(["woo:a_1", "woo:a_2"]);
    const total = samplePlan().totals.total.toFixed(2);
    for (const d of all) expect(d).toMatchObject({ docType: "O", total, custNo: "2306" });
    const first = await listDocumentsByRefPrefix(db, "woo:", 0, 3);
    const rest = await listDocumentsByRefPrefix(db, "woo:", 3, 3);
    expect([...first, ...rest].map((d) => d.docId)).toEqual(written.map((w) => w.docId).sort());
    expect(rest).toHaveLength(1);
    expect(await listDocumentsByRefPrefix(db, "nothing", 0, 10)).toEqual([]);
  });

  it("reads sale items with their grid cells, and a tax code's authorities", async () => {
    const items = await readSaleItems(db, ["PBO-HOOD", "PBO-TEE-PELICAN", "NOPE"]);
    expect([...items.keys()].sort()).toEqual(["PBO-HOOD", "PBO-TEE-PELICAN"]);
    const h = items.get("PBO-HOOD");
    expect(h?.item).toMatchObject({ itemNo: "PBO-HOOD", cell: null, isGrid: true, itemType: "I", status: "A" });
    expect(h?.item.unitCost.toFixed(4)).toBe("21.0000");
    expect(h?.cells).toEqual([
      ["L", "*", "*"],
      ["M", "*", "*"],
      ["S", "*", "*"],
    ]);
    expect(items.get("PBO-TEE-PELICAN")).toMatchObject({ item: { isGrid: false, taxable: true }, cells: [] });
    const taxes = await readTaxAuthorities(db, "FL-Broward");
    expect(taxes.map((t) => [t.authCod, t.rulCod, t.pct.toFixed(3)])).toEqual([
      ["FL", "TAX", "6.000"],
      ["BROWARD", "TAX", "1.000"],
    ]);
    expect(await readTaxAuthorities(db, "NO-SUCH")).toEqual([]);
  });
});
