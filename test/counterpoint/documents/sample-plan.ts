import type { DocumentLine, DocumentPlan } from "../../../src/counterpoint/documents/document-plan.js";
import { type Money, money, roundTo, sum, ZERO } from "../../../src/money/index.js";

export interface SampleLine {
  itemNo: string;
  qty: string;
  price: string;
  regPrice?: string;
  cost?: string;
  cell?: readonly [string, string, string];
  allocatesStock?: boolean;
}

export interface SampleOptions {
  kind?: "order" | "ticket";
  ref?: string;
  lines?: readonly SampleLine[];
  shipping?: string;
  /** Header discount (e.g. a negative web fee), subtracted from the subtotal. */
  hdrDisc?: string;
  /** Percent per authority; the demo's FL-Broward is FL 6 + BROWARD 1. */
  taxes?: readonly { authCod: string; pct: string }[];
  paid?: boolean;
  stockLoc?: string;
}

const contact = {
  nam: "Dana Whitfield",
  fstNam: "Dana",
  lstNam: "Whitfield",
  adrs1: "44 Harbor Way",
  adrs2: null,
  adrs3: null,
  city: "Fort Lauderdale",
  state: "FL",
  zipCod: "33301",
  cntry: "US",
  phone1: "954-555-0101",
  email: "dana.whitfield@example.com",
  namTyp: "P",
} as const;

/** A consistent plan for the demo store (store 01, station 101, customer 2306), totals computed from its lines. */
export function samplePlan(o: SampleOptions = {}): DocumentPlan {
  const specs = o.lines ?? [
    { itemNo: "PBO-TEE-PELICAN", qty: "2", price: "22.49", regPrice: "24.99", cost: "9.8" },
    { itemNo: "PBO-HOOD", qty: "1", price: "54.00", cost: "21", cell: ["M", "*", "*"] as const },
  ];
  const lines: DocumentLine[] = specs.map((s) => {
    const qty = money(s.qty);
    const price = money(s.price);
    const reg = money(s.regPrice ?? s.price);
    const cost = money(s.cost ?? "0");
    return {
      itemNo: s.itemNo,
      descr: `Item ${s.itemNo}`,
      cell: s.cell ?? null,
      qty,
      unit: "EA",
      price,
      regPrice: reg,
      extPrice: roundTo(qty.times(price), 2),
      grossExtPrice: roundTo(qty.times(reg), 2),
      unitCost: cost,
      extCost: roundTo(qty.times(cost), 2),
      categ: "APPAREL",
      subcat: "TEES",
      taxable: true,
      trackingMethod: s.cell ? "G" : "N",
      taxAlloc: ZERO,
      allocatesStock: s.allocatesStock ?? true,
    };
  });
  const subTot = sum(lines.map((l) => l.extPrice));
  const hdrDisc = money(o.hdrDisc ?? "0");
  const taxable = subTot.minus(hdrDisc);
  const taxes = (
    o.taxes ?? [
      { authCod: "FL", pct: "6" },
      { authCod: "BROWARD", pct: "1" },
    ]
  ).map((t) => ({
    authCod: t.authCod,
    rulCod: "TAX",
    taxableAmount: taxable,
    amount: roundTo(taxable.times(money(t.pct)).dividedBy(100), 2),
  }));
  const tax = sum(taxes.map((t) => t.amount));
  // Tax spread over the lines, the last taking the remainder.
  let left: Money = tax;
  lines.forEach((l, i) => {
    const share = i === lines.length - 1 ? left : roundTo(tax.times(l.extPrice).dividedBy(subTot), 2);
    l.taxAlloc = share;
    left = left.minus(share);
  });
  const shipping = money(o.shipping ?? "7.50");
  const total = subTot.minus(hdrDisc).plus(tax).plus(shipping);
  const paid = o.paid ?? true;
  const ref = o.ref ?? "woo:shop:1001";
  return {
    kind: o.kind ?? "order",
    ref,
    storeId: "01",
    stationId: "101",
    drawerId: "1",
    user: "CPWOO",
    custNo: "2306",
    taxCode: "FL-Broward",
    shipViaCode: null,
    custPoNo: ref.slice(-20),
    enteredAt: new Date(2026, 10, 21, 9, 30, 15),
    stockLoc: o.stockLoc ?? "01",
    priceLoc: "01",
    billTo: contact,
    shipTo: { ...contact, adrsId: "(DEFAULT)" },
    lines,
    miscCharges: shipping.isZero() ? [] : [{ no: 1, amount: shipping }],
    taxes,
    payments: paid
      ? [{ payCode: "WEB", payCodeType: "C", amount: total, descr: "Web payment", paidAt: new Date(2026, 10, 21) }]
      : [],
    notes: [{ noteId: "WEB", text: `Web order ${ref}: leave at the back door` }],
    totals: {
      subTot,
      lineDisc: sum(lines.map((l) => l.grossExtPrice.minus(l.extPrice))),
      hdrDisc,
      tax,
      misc: shipping,
      total,
      tendered: paid ? total : ZERO,
      extCost: sum(lines.map((l) => l.extCost)),
    },
  };
}
