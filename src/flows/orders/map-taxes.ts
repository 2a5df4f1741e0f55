import type { DocumentTax } from "../../counterpoint/documents/document-plan.js";
import type { TaxAuthorityRate } from "../../counterpoint/documents/sale-item.js";
import { type Money, roundTo, ZERO } from "../../money/index.js";
import { allocateCents } from "./allocate-cents.js";
import type { MappingWarnings } from "./mapping-warnings.js";
import { OrderFieldError } from "./order-fields.js";

/**
 * PS_DOC_TAX rows for the web's tax (the order's `total_tax`: lines, shipping and fees): split over the tax code's
 * authorities in proportion to their rates, to the cent, each on the document's taxable amount. The web computed the
 * tax; Counterpoint's rates only share it out. A code without authorities takes it whole in one row under its own
 * name (with a warning); tax without any tax code is refused, as a code is never invented (B13).
 */
export function mapTaxes(
  tax: Money,
  taxCode: string | null,
  authorities: readonly TaxAuthorityRate[],
  taxableAmount: Money,
  warnings: MappingWarnings,
): DocumentTax[] {
  const taxable = roundTo(taxableAmount, 2);
  if (taxCode === null) {
    if (tax.isZero()) return [];
    throw new OrderFieldError("total_tax", `web tax ${tax.toFixed(2)} but the order has no Counterpoint tax code`);
  }
  if (authorities.length === 0) {
    if (tax.isZero()) return [];
    warnings.add("total_tax", `tax code ${taxCode} has no authorities: its tax is one row under the code itself`);
    const authCod = warnings.fit("PS_DOC_TAX", "AUTH_COD", taxCode, "taxCode");
    return [{ authCod, rulCod: "TAX", taxableAmount: taxable, amount: roundTo(tax, 2) }];
  }
  const rates = authorities.map((a) => (a.pct.isNegative() ? ZERO : a.pct));
  const shares = allocateCents(tax, rates);
  return authorities.map((a, i) => ({
    authCod: warnings.fit("PS_DOC_TAX", "AUTH_COD", a.authCod, "taxAuthorities"),
    rulCod: warnings.fit("PS_DOC_TAX", "RUL_COD", a.rulCod, "taxAuthorities"),
    taxableAmount: taxable,
    amount: shares[i] ?? ZERO,
  }));
}
