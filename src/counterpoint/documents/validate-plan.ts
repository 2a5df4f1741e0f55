import { type Money, roundTo, sum } from "../../money/index.js";
import type { DocumentPlan } from "./document-plan.js";
import { DocumentPlanError } from "./document-errors.js";

function scaled(value: Money, scale: number, field: string): void {
  if (!roundTo(value, scale).equals(value)) {
    throw new DocumentPlanError(`${field} has more than ${scale} decimals (${value.toString()})`);
  }
}

function equal(actual: Money, expected: Money, field: string, rule: string): void {
  if (!actual.equals(expected)) {
    throw new DocumentPlanError(`${field} is ${actual.toFixed()} but ${rule} gives ${expected.toFixed()}`);
  }
}

/**
 * Checks a plan before anything touches the database: the money adds up (the rows written must agree with each
 * other, or Counterpoint's reports disagree with the web order — predecessor bugs B4/L12), amounts are already
 * rounded to their columns' scale, misc charges are numbered 1–5 once each, and there is at least one line.
 * Throws `DocumentPlanError` naming the field.
 */
export function validateDocumentPlan(plan: DocumentPlan): void {
  const t = plan.totals;
  if (plan.ref.trim() === "") throw new DocumentPlanError("ref is empty: a document must be findable by its REF");
  if (plan.ref.length > 50)
    throw new DocumentPlanError(`ref is longer than 50 characters (PS_DOC_HDR.REF): ${plan.ref}`);
  if (plan.lines.length === 0) throw new DocumentPlanError("lines is empty: a document needs at least one line");
  if (Number.isNaN(plan.enteredAt.getTime())) throw new DocumentPlanError("enteredAt is not a valid date");

  plan.lines.forEach((l, i) => {
    const at = `lines[${i}] (${l.itemNo})`;
    if (!l.qty.greaterThan(0)) throw new DocumentPlanError(`${at}.qty must be more than 0, got ${l.qty.toFixed()}`);
    scaled(l.qty, 4, `${at}.qty`);
    scaled(l.price, 4, `${at}.price`);
    scaled(l.regPrice, 4, `${at}.regPrice`);
    scaled(l.unitCost, 4, `${at}.unitCost`);
    scaled(l.extPrice, 2, `${at}.extPrice`);
    scaled(l.grossExtPrice, 2, `${at}.grossExtPrice`);
    scaled(l.extCost, 2, `${at}.extCost`);
    scaled(l.taxAlloc, 2, `${at}.taxAlloc`);
  });

  const numbers = plan.miscCharges.map((m) => m.no);
  if (plan.miscCharges.length > 5) throw new DocumentPlanError("miscCharges has more than 5 charges");
  for (const [i, m] of plan.miscCharges.entries()) {
    if (!Number.isInteger(m.no) || m.no < 1 || m.no > 5) {
      throw new DocumentPlanError(`miscCharges[${i}].no must be 1 to 5, got ${m.no}`);
    }
    if (numbers.indexOf(m.no) !== i) throw new DocumentPlanError(`miscCharges[${i}].no ${m.no} is used twice`);
    scaled(m.amount, 2, `miscCharges[${i}].amount`);
  }

  const taxKeys = plan.taxes.map((x) => `${x.authCod}\u0000${x.rulCod}`);
  for (const [i, x] of plan.taxes.entries()) {
    if (taxKeys.indexOf(taxKeys[i] ?? "") !== i) {
      throw new DocumentPlanError(`taxes[${i}] repeats authority ${x.authCod} rule ${x.rulCod}`);
    }
    scaled(x.amount, 2, `taxes[${i}].amount`);
    scaled(x.taxableAmount, 2, `taxes[${i}].taxableAmount`);
  }
  for (const [i, p] of plan.payments.entries()) scaled(p.amount, 2, `payments[${i}].amount`);
  for (const k of ["subTot", "lineDisc", "hdrDisc", "tax", "misc", "total", "tendered", "extCost"] as const) {
    scaled(t[k], 2, `totals.${k}`);
  }

  equal(t.subTot, sum(plan.lines.map((l) => l.extPrice)), "totals.subTot", "Σ lines[].extPrice");
  equal(
    t.lineDisc,
    sum(plan.lines.map((l) => l.grossExtPrice.minus(l.extPrice))),
    "totals.lineDisc",
    "Σ (lines[].grossExtPrice − extPrice)",
  );
  equal(t.tax, sum(plan.taxes.map((x) => x.amount)), "totals.tax", "Σ taxes[].amount");
  equal(t.misc, sum(plan.miscCharges.map((m) => m.amount)), "totals.misc", "Σ miscCharges[].amount");
  equal(t.tendered, sum(plan.payments.map((p) => p.amount)), "totals.tendered", "Σ payments[].amount");
  equal(t.extCost, sum(plan.lines.map((l) => l.extCost)), "totals.extCost", "Σ lines[].extCost");
  equal(t.total, t.subTot.minus(t.hdrDisc).plus(t.tax).plus(t.misc), "totals.total", "subTot − hdrDisc + tax + misc");
}
