import type {
  DocumentLine,
  DocumentMiscCharge,
  DocumentPlan,
  DocumentTotals,
} from "../../counterpoint/documents/document-plan.js";
import { type Money, money, roundTo, sum, ZERO } from "../../money/index.js";
import type { Order } from "../../woocommerce/index.js";
import { allocateCents } from "./allocate-cents.js";
import { readFees, readShipping } from "./map-charges.js";
import { hasAddress, mapContact } from "./map-contact.js";
import { mapLineItem, saleLine } from "./map-line.js";
import { mapNotes } from "./map-notes.js";
import { mapPayment } from "./map-payment.js";
import { mapTaxes } from "./map-taxes.js";
import type { MappedOrder, OrderMappingContext } from "./mapping-context.js";
import { MappingWarnings } from "./mapping-warnings.js";
import {
  asRecord,
  type Fields,
  OrderFieldError,
  optionalRecord,
  readId,
  readList,
  readMoney,
  readText,
} from "./order-fields.js";
import { orderRef } from "./order-ref.js";
import { parseWooLocalDate } from "./wall-clock.js";

const H = "PS_DOC_HDR" as const;

/**
 * Maps a web order to the Counterpoint document that records it (pure: everything read beforehand is in `ctx`).
 * Never throws: an order that cannot be recorded faithfully is `invalid`, naming the web field and why. Amounts are
 * the web's: lines at their totals (coupons inside, counted once), shipping and positive fees as misc charges (or
 * shipping as a freight line), negative fees as a header discount, the web's tax shared over the tax code's
 * authorities; the document's total must equal the web's to the cent.
 */
export function mapOrderToDocument(order: Order, ctx: OrderMappingContext): MappedOrder {
  try {
    const { plan, warnings } = buildPlan(order, ctx);
    return { kind: "mapped", plan, warnings };
  } catch (err) {
    if (err instanceof OrderFieldError) return { kind: "invalid", field: err.field, reason: err.reason };
    const message = err instanceof Error ? err.message : String(err);
    return { kind: "invalid", field: "order", reason: `internal error: ${message}` };
  }
}

function buildPlan(raw: unknown, ctx: OrderMappingContext): { plan: DocumentPlan; warnings: string[] } {
  const { settings } = ctx;
  const warnings = new MappingWarnings();
  const order = asRecord(raw, "order");
  const id = readId(order.id, "id");
  const custNo = ctx.custNo.trim();
  if (custNo === "") throw new OrderFieldError("custNo", "the order has no Counterpoint customer");

  const lines: DocumentLine[] = readList(order.line_items, "line_items", true).map((line, i) =>
    mapLineItem(line, i, ctx.items, warnings),
  );
  if (lines.length === 0) throw new OrderFieldError("line_items", "the order has no lines");

  const shipping = readShipping(order, settings.orders, warnings);
  const fees = readFees(order);
  const misc = new Map<number, Money>();
  const addMisc = (no: number, amount: Money) => {
    if (!amount.isZero()) misc.set(no, (misc.get(no) ?? ZERO).plus(amount));
  };
  if (settings.orders.shipping.as === "misc") addMisc(settings.orders.shipping.miscChargeNo, shipping.total);
  else if (!shipping.total.isZero()) lines.push(freightLine(shipping.total, shipping.title, ctx, warnings));
  addMisc(settings.orders.feeMiscChargeNo, fees.charges);
  const miscCharges: DocumentMiscCharge[] = [...misc]
    .sort(([a], [b]) => a - b)
    .map(([no, amount]) => ({ no, amount: roundTo(amount, 2) }));

  const tax = readMoney(order.total_tax, "total_tax");
  if (tax.isNegative()) throw new OrderFieldError("total_tax", `negative tax ${tax.toString()}`);
  const subTot = sum(lines.map((l) => l.extPrice));
  const taxes = mapTaxes(roundTo(tax, 2), ctx.taxCode, ctx.taxAuthorities, subTot, warnings);
  allocateLineTax(lines, roundTo(tax, 2));

  const webTotal = readMoney(order.total, "total");
  // Σ taxes is the rounded web tax whenever there are rows; without rows the tax is zero (mapTaxes refuses the rest).
  const totals = documentTotals(lines, miscCharges, roundTo(fees.discounts, 2), roundTo(tax, 2));
  if (!totals.total.equals(webTotal)) {
    const diff = totals.total.minus(webTotal);
    throw new OrderFieldError(
      "total",
      `Counterpoint total ${amountText(totals.total)} ≠ web total ${amountText(webTotal)} (difference ${amountText(diff)})`,
    );
  }
  const payments = mapPayment(order, totals.total, settings.orders, warnings);
  totals.tendered = sum(payments.map((p) => p.amount));

  noteRefunds(order, warnings);

  const billing = optionalRecord(order.billing, "billing");
  const shippingAddress = optionalRecord(order.shipping, "shipping");
  const email = readText(billing?.email, "billing.email");
  const number = readText(order.number, "number").trim();
  const fallbackName = email.trim() !== "" ? email : `Web order ${number || id}`;
  const billTo = mapContact(billing, "billing", email, fallbackName, settings, warnings);
  const shipFrom = hasAddress(shippingAddress, "shipping") ? { a: shippingAddress, f: "shipping" } : null;
  const shipContact =
    shipFrom === null ? billTo : mapContact(shipFrom.a, shipFrom.f, email, billTo.nam, settings, warnings);

  const enteredAt = parseWooLocalDate(order.date_created);
  if (enteredAt === null)
    warnings.add("date_created", `not a date (${JSON.stringify(order.date_created)}): TKT_DT is now`);
  const cp = settings.counterpoint;
  const plan: DocumentPlan = {
    kind: settings.orders.documentKind,
    ref: orderRef(ctx.storeKey, id),
    storeId: warnings.fit(H, "STR_ID", cp.store, "counterpoint.store"),
    stationId: warnings.fit(H, "STA_ID", settings.orders.numbering.station ?? cp.station, "counterpoint.station"),
    drawerId: warnings.fit(H, "DRW_ID", cp.drawer, "counterpoint.drawer"),
    user: warnings.fit(H, "USR_ID", cp.user, "counterpoint.user"),
    custNo: warnings.fit(H, "CUST_NO", custNo, "custNo"),
    taxCode: ctx.taxCode === null ? null : warnings.fit(H, "TAX_COD", ctx.taxCode, "taxCode"),
    shipViaCode: shipping.shipVia === null ? null : warnings.fit(H, "SHIP_VIA_COD", shipping.shipVia, "shipping_lines"),
    custPoNo: warnings.textOrNull(H, "CUST_PO_NO", number !== "" ? number : String(id), "number"),
    enteredAt: enteredAt ?? ctx.now ?? new Date(),
    stockLoc: warnings.fit(H, "STK_LOC_ID", cp.stockLocations[0] ?? "", "counterpoint.stockLocations"),
    priceLoc: warnings.fit(H, "PRC_LOC_ID", cp.priceLocation, "counterpoint.priceLocation"),
    billTo,
    shipTo: { ...shipContact, adrsId: warnings.fit("PS_DOC_CONTACT", "ADRS_ID", ctx.shipTo.adrsId, "shipTo.adrsId") },
    lines,
    miscCharges,
    taxes,
    payments,
    notes: mapNotes(order, id, ctx.storeKey, warnings),
    totals,
  };
  return { plan, warnings: warnings.items };
}

/** Refunds are not part of the document (it records the sale as placed); the merchant is told of them. */
function noteRefunds(order: Fields, warnings: MappingWarnings): void {
  try {
    const refunds = readList(order.refunds, "refunds");
    if (refunds.length === 0) return;
    const total = sum(refunds.map((r, i) => readMoney(asRecord(r, `refunds[${i}]`).total, `refunds[${i}].total`)));
    warnings.add("refunds", `refunds of ${total.abs().toFixed(2)} are not part of this document (the sale as placed)`);
  } catch (err) {
    if (!(err instanceof OrderFieldError)) throw err;
    warnings.add(err.field, `unreadable refund (${err.reason}): refunds are not part of this document anyway`);
  }
}

function freightLine(amount: Money, title: string, ctx: OrderMappingContext, warnings: MappingWarnings): DocumentLine {
  const itemNo = ctx.settings.orders.shipping.itemNo;
  const item = ctx.freightItem ?? (itemNo === null ? null : (ctx.items.get(itemNo) ?? null));
  if (item === null) {
    const reason = itemNo === null ? "no freight item is configured" : `freight item ${itemNo} was not found`;
    throw new OrderFieldError("shipping_lines", `shipping is a line of a freight item, but ${reason}`);
  }
  const line = saleLine({ ...item, cell: null }, money(1), amount, amount, title, "shipping_lines[0]", warnings);
  return { ...line, allocatesStock: false };
}

/** TAX_AMT_ALLOC: the document's tax over its taxable lines (all lines if none is) by EXT_PRC, to the cent. */
function allocateLineTax(lines: DocumentLine[], tax: Money): void {
  const taxable = lines.some((l) => l.taxable && l.extPrice.greaterThan(0));
  const weights = lines.map((l) => (taxable && !l.taxable ? ZERO : l.extPrice));
  allocateCents(tax, weights).forEach((share, i) => {
    const line = lines[i];
    if (line !== undefined) lines[i] = { ...line, taxAlloc: share };
  });
}

function documentTotals(
  lines: readonly DocumentLine[],
  misc: readonly DocumentMiscCharge[],
  hdrDisc: Money,
  tax: Money,
): DocumentTotals {
  const subTot = sum(lines.map((l) => l.extPrice));
  const miscTotal = sum(misc.map((m) => m.amount));
  return {
    subTot,
    lineDisc: sum(lines.map((l) => l.grossExtPrice.minus(l.extPrice))),
    hdrDisc,
    tax,
    misc: miscTotal,
    total: subTot.minus(hdrDisc).plus(tax).plus(miscTotal),
    tendered: ZERO,
    extCost: sum(lines.map((l) => l.extCost)),
  };
}

function amountText(amount: Money): string {
  return amount.toFixed(Math.max(2, amount.decimalPlaces()));
}
