import { DummyDriver, Kysely, MssqlAdapter, MssqlIntrospector, MssqlQueryCompiler } from "kysely";
import { describe, expect, it } from "vitest";
import { settingsSchema } from "../../../src/config/index.js";
import type { CounterpointDatabase } from "../../../src/counterpoint/schema/database.generated.js";
import type { DocumentShipment } from "../../../src/flows/fulfilment/document-shipment.js";
import { readShipments } from "../../../src/flows/fulfilment/read-shipments.js";
import { shipmentReport } from "../../../src/flows/fulfilment/shipment-report.js";
import { fulfilmentNoteText, trackingItem } from "../../../src/flows/fulfilment/web-update.js";

const doc = (over: Partial<DocumentShipment>): DocumentShipment => ({
  docId: "101163492218",
  where: "open",
  docType: "O",
  shipDate: null,
  shipVia: null,
  lines: [],
  tracking: [],
  postedAs: null,
  ...over,
});
const line = (seq: number, qty: string, shipped: string) => ({
  seq,
  lineType: "O",
  itemNo: `ITEM-${seq}`,
  qty,
  shipped,
});

describe("shipmentReport", () => {
  it("reads an order by its lines: nothing, part, all", () => {
    expect(shipmentReport(doc({ lines: [line(1, "2.0000", "0.0000")] })).kind).toBe("none");
    const part = shipmentReport(doc({ lines: [line(1, "2.0000", "1.0000"), line(2, "1.0000", "0.0000")] }));
    expect(part.kind).toBe("partial");
    expect(part.lines).toEqual([{ seq: 1, itemNo: "ITEM-1", shipped: "1", qty: "2" }]);
    expect(shipmentReport(doc({ lines: [line(1, "2.0000", "2.0000"), line(2, "0.0000", "0.0000")] })).kind).toBe(
      "complete",
    );
  });

  it("does not complete an order on SHIP_DAT alone (order entry fills it as the planned date)", () => {
    expect(shipmentReport(doc({ shipDate: "2026-01-05", lines: [line(1, "1", "0")] })).kind).toBe("none");
    expect(shipmentReport(doc({ docType: "T", shipDate: "2026-01-05", lines: [line(1, "1", "0")] })).kind).toBe(
      "complete",
    );
  });

  it("treats a tracking number on an unreleased order as a partial shipment, and posted as complete", () => {
    const tracked = doc({ lines: [line(1, "1", "0")], tracking: [{ number: "1Z1", shipVia: "UPS" }] });
    expect(shipmentReport(tracked).kind).toBe("partial");
    expect(shipmentReport(doc({ where: "posted", postedAs: "O101-000355-01" })).kind).toBe("complete");
    expect(shipmentReport(doc({ where: "missing" })).kind).toBe("missing");
  });

  it("keys a shipment by what shipped, so the same state gives the same key and a change a new one", () => {
    const a = shipmentReport(
      doc({
        lines: [line(1, "3", "1")],
        tracking: [
          { number: "B", shipVia: null },
          { number: "A", shipVia: null },
        ],
      }),
    );
    const b = shipmentReport(
      doc({
        lines: [line(1, "3.0000", "1.0000")],
        tracking: [
          { number: "A", shipVia: null },
          { number: "B", shipVia: null },
        ],
      }),
    );
    const c = shipmentReport(
      doc({
        lines: [line(1, "3", "2")],
        tracking: [
          { number: "A", shipVia: null },
          { number: "B", shipVia: null },
        ],
      }),
    );
    expect(a.key).toBe(b.key);
    expect(c.key).not.toBe(a.key);
  });
});

describe("web update", () => {
  const settings = settingsSchema.parse({
    fulfilment: { carriers: { UPS: { provider: "ups" } }, trackingUrl: "https://track.example/?n={tracking}" },
  }).fulfilment;

  it("writes Shipment Tracking entries: a known provider by slug, others by name and link", () => {
    const now = new Date(Date.UTC(2026, 0, 9));
    expect(trackingItem({ number: "1Z 9", shipVia: "UPS" }, "2026-01-05", settings, now)).toMatchObject({
      tracking_provider: "ups",
      custom_tracking_provider: "",
      custom_tracking_link: "",
      tracking_number: "1Z 9",
      date_shipped: Date.UTC(2026, 0, 5) / 1000,
    });
    expect(trackingItem({ number: "1Z 9", shipVia: "COURIER" }, null, settings, now)).toMatchObject({
      tracking_provider: "",
      custom_tracking_provider: "COURIER",
      custom_tracking_link: "https://track.example/?n=1Z%209",
      date_shipped: now.getTime() / 1000,
    });
  });

  it("says what shipped in the note", () => {
    const report = shipmentReport(
      doc({ lines: [line(1, "3", "2"), line(2, "1", "0")], tracking: [{ number: "1Z1", shipVia: "UPS" }] }),
    );
    expect(fulfilmentNoteText(report, "O101-000355", settings)).toBe(
      "Partly shipped from Counterpoint (O101-000355): 2 of 3 ITEM-1. The rest is still open. Carrier: UPS. Tracking: 1Z1.",
    );
  });
});

describe("readShipments on SQL Server", () => {
  it("compiles to T-SQL: IN lists, LIKE with ESCAPE for release tickets, no LIMIT", async () => {
    const sqls: string[] = [];
    const mssql = new Kysely<CounterpointDatabase>({
      dialect: {
        createAdapter: () => new MssqlAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new MssqlIntrospector(db),
        createQueryCompiler: () => new MssqlQueryCompiler(),
      },
      log: (event) => {
        sqls.push(event.query.sql);
      },
    });
    const found = await readShipments(mssql, [{ docId: "101163492218", tktNo: "O101-000355" }]);
    expect(found).toMatchObject([{ docId: "101163492218", where: "missing" }]);
    expect(sqls).toEqual([
      'select "DOC_ID", "TKT_NO", "DOC_TYP", "SHIP_DAT", "SHIP_VIA_COD" from "PS_DOC_HDR" where "DOC_ID" in (@1)',
      'select "DOC_ID", "PKG_TRK_NO", "SHIP_VIA_COD" from "PS_DOC_PKG_TRK_NO" where "DOC_ID" in (@1) order by "DOC_ID", "PKG_TRK_NO"',
      'select "DOC_ID", "TKT_NO", "BUS_DAT" from "PS_TKT_HIST" where "DOC_ID" in (@1)',
      `select "TKT_NO", "BUS_DAT" from "PS_TKT_HIST" where ("TKT_NO" LIKE @1 ESCAPE '!') order by "TKT_NO"`,
      `select "DOC_ID", "TKT_NO", "SHIP_DAT", "SHIP_VIA_COD" from "PS_DOC_HDR" where ("TKT_NO" LIKE @1 ESCAPE '!') order by "TKT_NO"`,
    ]);
    await mssql.destroy();
  });
});
