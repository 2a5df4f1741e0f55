import {
  type CounterpointColumnName,
  type CounterpointTableName,
  widthOf,
} from "../../../src/counterpoint/column-widths.js";
import type { DocumentContact, DocumentPlan } from "../../../src/counterpoint/documents/document-plan.js";
import { roundTo, sum } from "../../../src/money/index.js";

/** What is wrong with a plan: strings wider than their columns, money not at its scale, totals that do not add up. */
export function planProblems(plan: DocumentPlan): string[] {
  const problems: string[] = [];
  const check = <T extends CounterpointTableName>(
    table: T,
    column: CounterpointColumnName<T>,
    value: string | null,
    what: string,
  ) => {
    const width = widthOf(table, column);
    if (width === null) throw new Error(`${table}.${column} has no width`);
    if (value !== null && [...value].length > width) problems.push(`${what} longer than ${table}.${column} (${width})`);
    // Counterpoint varchar is Latin-1.
    if (value !== null && /[^\u0020-\u007e\u00a0-\u00ff]/u.test(value)) problems.push(`${what} is not Latin-1`);
  };
  const H = "PS_DOC_HDR" as const;
  check(H, "REF", plan.ref, "ref");
  check(H, "STR_ID", plan.storeId, "storeId");
  check(H, "STA_ID", plan.stationId, "stationId");
  check(H, "DRW_ID", plan.drawerId, "drawerId");
  check(H, "USR_ID", plan.user, "user");
  check(H, "CUST_NO", plan.custNo, "custNo");
  check(H, "TAX_COD", plan.taxCode, "taxCode");
  check(H, "SHIP_VIA_COD", plan.shipViaCode, "shipViaCode");
  check(H, "CUST_PO_NO", plan.custPoNo, "custPoNo");
  check(H, "STK_LOC_ID", plan.stockLoc, "stockLoc");
  check(H, "PRC_LOC_ID", plan.priceLoc, "priceLoc");
  const contact = (c: DocumentContact, what: string) => {
    const C = "PS_DOC_CONTACT" as const;
    check(C, "NAM", c.nam, `${what}.nam`);
    check(C, "FST_NAM", c.fstNam, `${what}.fstNam`);
    check(C, "LST_NAM", c.lstNam, `${what}.lstNam`);
    check(C, "ADRS_1", c.adrs1, `${what}.adrs1`);
    check(C, "ADRS_2", c.adrs2, `${what}.adrs2`);
    check(C, "ADRS_3", c.adrs3, `${what}.adrs3`);
    check(C, "CITY", c.city, `${what}.city`);
    check(C, "STATE", c.state, `${what}.state`);
    check(C, "ZIP_COD", c.zipCod, `${what}.zipCod`);
    check(C, "CNTRY", c.cntry, `${what}.cntry`);
    check(C, "PHONE_1", c.phone1, `${what}.phone1`);
    check(C, "EMAIL_ADRS_1", c.email, `${what}.email`);
    check(C, "NAM_TYP", c.namTyp, `${what}.namTyp`);
    if (c.nam === "") problems.push(`${what}.nam is empty`);
  };
  contact(plan.billTo, "billTo");
  contact(plan.shipTo, "shipTo");
  check("PS_DOC_CONTACT", "ADRS_ID", plan.shipTo.adrsId, "shipTo.adrsId");
  plan.lines.forEach((l, i) => {
    const L = "PS_DOC_LIN" as const;
    check(L, "ITEM_NO", l.itemNo, `lines[${i}].itemNo`);
    check(L, "DESCR", l.descr, `lines[${i}].descr`);
    check(L, "QTY_UNIT", l.unit, `lines[${i}].unit`);
    check(L, "CATEG_COD", l.categ, `lines[${i}].categ`);
    check(L, "SUBCAT_COD", l.subcat, `lines[${i}].subcat`);
    check(L, "TRK_METH", l.trackingMethod, `lines[${i}].trackingMethod`);
    l.cell?.forEach((d, n) => check(L, "DIM_1_UPR", d, `lines[${i}].cell[${n}]`));
    if (!l.qty.greaterThan(0)) problems.push(`lines[${i}].qty not positive`);
    for (const [name, value, scale] of [
      ["qty", l.qty, 4],
      ["price", l.price, 4],
      ["regPrice", l.regPrice, 4],
      ["extPrice", l.extPrice, 2],
      ["grossExtPrice", l.grossExtPrice, 2],
      ["extCost", l.extCost, 2],
      ["taxAlloc", l.taxAlloc, 2],
    ] as const) {
      if (!roundTo(value, scale).equals(value)) problems.push(`lines[${i}].${name} not at ${scale} dp`);
    }
    if (l.taxAlloc.isNegative()) problems.push(`lines[${i}].taxAlloc negative`);
  });
  plan.taxes.forEach((t, i) => {
    check("PS_DOC_TAX", "AUTH_COD", t.authCod, `taxes[${i}].authCod`);
    check("PS_DOC_TAX", "RUL_COD", t.rulCod, `taxes[${i}].rulCod`);
    if (t.amount.isNegative()) problems.push(`taxes[${i}] negative`);
  });
  plan.payments.forEach((p, i) => {
    check("PS_DOC_PMT", "PAY_COD", p.payCode, `payments[${i}].payCode`);
    check("PS_DOC_PMT", "PAY_COD_TYP", p.payCodeType, `payments[${i}].payCodeType`);
    check("PS_DOC_PMT", "DESCR", p.descr, `payments[${i}].descr`);
  });
  plan.notes.forEach((n, i) => check("PS_DOC_NOTE", "NOTE_ID", n.noteId, `notes[${i}].noteId`));
  if (plan.miscCharges.length > 5 || plan.miscCharges.some((m) => m.no < 1 || m.no > 5)) problems.push("misc charges");

  const t = plan.totals;
  const expect = (name: string, actual: typeof t.total, wanted: typeof t.total) => {
    if (!actual.equals(wanted)) problems.push(`${name} ${actual.toString()} ≠ ${wanted.toString()}`);
  };
  expect("subTot", t.subTot, sum(plan.lines.map((l) => l.extPrice)));
  expect("lineDisc", t.lineDisc, sum(plan.lines.map((l) => l.grossExtPrice.minus(l.extPrice))));
  expect("misc", t.misc, sum(plan.miscCharges.map((m) => m.amount)));
  expect("total", t.total, t.subTot.minus(t.hdrDisc).plus(t.tax).plus(t.misc));
  expect("tendered", t.tendered, sum(plan.payments.map((p) => p.amount)));
  expect("extCost", t.extCost, sum(plan.lines.map((l) => l.extCost)));
  if (plan.taxes.length > 0) expect("Σ taxes", sum(plan.taxes.map((x) => x.amount)), t.tax);
  expect("Σ taxAlloc", sum(plan.lines.map((l) => l.taxAlloc)), t.tax);
  return problems;
}
