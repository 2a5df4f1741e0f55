import type { DocumentLine } from "../../counterpoint/documents/document-plan.js";
import type { SaleItem, SkuLookup } from "../../counterpoint/documents/sale-item.js";
import { type Money, roundTo, ZERO } from "../../money/index.js";
import type { MappingWarnings } from "./mapping-warnings.js";
import { asRecord, OrderFieldError, readMoney, readQuantity, readText } from "./order-fields.js";

const L = "PS_DOC_LIN" as const;

/**
 * A document line of `qty` units of a Counterpoint item for a web line's subtotal (before discounts) and total
 * (after): unit prices to 4 dp, extended amounts to 2 dp, so a coupon is counted once, inside EXT_PRC.
 * TAX_AMT_ALLOC is filled once the document's tax is known.
 */
export function saleLine(
  item: SaleItem,
  qty: Money,
  subtotal: Money,
  total: Money,
  webName: string,
  field: string,
  warnings: MappingWarnings,
): DocumentLine {
  const descr = item.descr.trim() !== "" ? item.descr : webName;
  const unitCost = roundTo(item.unitCost, 4);
  const cell = item.cell;
  return {
    itemNo: warnings.fit(L, "ITEM_NO", item.itemNo, `${field}.sku`),
    descr: warnings.text(L, "DESCR", descr, `${field}.name`),
    cell:
      cell === null
        ? null
        : [
            warnings.fit(L, "DIM_1_UPR", cell[0], `${field}.sku`),
            warnings.fit(L, "DIM_2_UPR", cell[1], `${field}.sku`),
            warnings.fit(L, "DIM_3_UPR", cell[2], `${field}.sku`),
          ],
    qty: roundTo(qty, 4),
    unit: warnings.fit(L, "QTY_UNIT", item.unit, `${field}.sku`),
    price: roundTo(total.dividedBy(qty), 4),
    regPrice: roundTo(subtotal.dividedBy(qty), 4),
    extPrice: roundTo(total, 2),
    grossExtPrice: roundTo(subtotal, 2),
    unitCost,
    extCost: roundTo(qty.times(unitCost), 2),
    categ: item.categ === null ? null : warnings.fit(L, "CATEG_COD", item.categ, `${field}.sku`),
    subcat: item.subcat === null ? null : warnings.fit(L, "SUBCAT_COD", item.subcat, `${field}.sku`),
    taxable: item.taxable,
    trackingMethod: warnings.fit(L, "TRK_METH", item.trackingMethod, `${field}.sku`),
    taxAlloc: ZERO,
    allocatesStock: item.itemType === "I",
  };
}

/**
 * One web `line_items[index]` as a document line. Refused (naming the field): a line without a SKU, a SKU that
 * matched nothing, a quantity that is not positive, amounts that are not amounts or are negative. Void and
 * discontinued items are sold anyway (the web already sold them) with a warning for the merchant.
 */
export function mapLineItem(raw: unknown, index: number, items: SkuLookup, warnings: MappingWarnings): DocumentLine {
  const field = `line_items[${index}]`;
  const line = asRecord(raw, field);
  const rawSku = readText(line.sku, `${field}.sku`);
  const sku = rawSku.trim();
  const name = readText(line.name, `${field}.name`);
  if (sku === "") throw new OrderFieldError(`${field}.sku`, `line "${name.slice(0, 60)}" has no SKU`);
  const item = items.get(rawSku) ?? items.get(sku) ?? null;
  if (item === null)
    throw new OrderFieldError(`${field}.sku`, `SKU "${sku.slice(0, 60)}" matches no Counterpoint item`);
  const qty = readQuantity(line.quantity, `${field}.quantity`);
  const subtotal = readMoney(line.subtotal, `${field}.subtotal`);
  const total = readMoney(line.total, `${field}.total`);
  if (subtotal.isNegative()) throw new OrderFieldError(`${field}.subtotal`, `negative amount ${subtotal.toString()}`);
  if (total.isNegative()) throw new OrderFieldError(`${field}.total`, `negative amount ${total.toString()}`);
  if (item.status === "V" || item.status === "D") {
    const state = item.status === "V" ? "void" : "discontinued";
    warnings.add(`${field}.sku`, `item ${item.itemNo} is ${state} in Counterpoint; sold as the web sold it`);
  }
  return saleLine(item, qty, subtotal, total, name, field, warnings);
}
