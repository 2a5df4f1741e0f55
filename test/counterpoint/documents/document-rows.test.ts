import { describe, expect, it } from "vitest";
import { documentRows, documentTables } from "../../../src/counterpoint/documents/document-rows.js";
import { usedTables } from "../../../src/counterpoint/schema/used-columns.js";
import { samplePlan } from "./sample-plan.js";

const numbers = {
  docId: "101132530150",
  tktNo: "W101-000001",
  docGuid: "A-B",
  now: new Date(2026, 10, 21, 14, 42, 15),
};

describe("documentRows", () => {
  it("uses only columns listed in used-columns.ts, with the same columns on every row of a table", () => {
    for (const kind of ["order", "ticket"] as const) {
      const rows = documentRows(samplePlan({ kind }), numbers, () => "G");
      for (const table of documentTables) {
        const listed = usedTables[table]?.columns ?? [];
        const first = Object.keys(rows[table][0] ?? {});
        for (const row of rows[table]) {
          expect(Object.keys(row), table).toEqual(first);
          const missing = Object.keys(row).filter((c) => !listed.includes(c));
          expect(missing, `${table} columns missing from used-columns.ts`).toEqual([]);
        }
        expect(usedTables[table]?.writes, table).toBe(true);
      }
    }
  });

  it("always writes misc charge 1 and fills the plan's charges by number", () => {
    const plan = samplePlan({ shipping: "0" });
    const rows = documentRows(plan, numbers, () => "G");
    expect(rows.PS_DOC_HDR_MISC_CHRG.map((m) => [m.MISC_CHRG_NO, m.MISC_AMT])).toEqual([[1, "0.00"]]);
    const withFee = documentRows({ ...plan, miscCharges: [{ no: 3, amount: plan.totals.misc }] }, numbers, () => "G");
    expect(withFee.PS_DOC_HDR_MISC_CHRG.map((m) => m.MISC_CHRG_NO)).toEqual([1, 3]);
  });

  it("subtracts a header discount once (B4) and keeps line discounts inside the subtotal", () => {
    const plan = samplePlan({ hdrDisc: "10.00" });
    const [o] = documentRows(plan, numbers, () => "G").PS_DOC_HDR_TOT;
    expect(o).toMatchObject({
      TOT_TYP: "O",
      SUB_TOT: plan.totals.subTot.toFixed(2),
      TOT_HDR_DISC: "10.00",
      TOT_LIN_DISC: plan.totals.lineDisc.toFixed(2),
      TOT: plan.totals.total.toFixed(2),
    });
  });
});
