import { describe, expect, it } from "vitest";
import { documentRows } from "../../../src/counterpoint/documents/document-rows.js";
import type { DocumentPlan } from "../../../src/counterpoint/documents/document-plan.js";
import { returnDocumentRows } from "../../../src/counterpoint/documents/return-document-rows.js";
import { refundAsOrder } from "../../../src/flows/refunds/refund-as-order.js";
import { refundRef } from "../../../src/flows/refunds/refund-ref.js";
import { orderRef } from "../../../src/flows/orders/order-ref.js";
import { money } from "../../../src/money/index.js";
import { orderSchema, refundSchema } from "../../../src/woocommerce/index.js";
import { loadRecorded } from "../../woocommerce/helpers/recorded.js";

const order = orderSchema.parse(loadRecorded("order_after_refund").response.body);
const refund = refundSchema.parse(loadRecorded("order_refund_create").response.body);

describe("the recorded refund (order_after_refund, order_refund_create)", () => {
  it("reads as a small paid order with positive amounts adding up to the refund", () => {
    const o = refundAsOrder(order, refund);
    expect(o.status).toBe("processing");
    expect(o.line_items.map((l) => [l.sku, l.quantity, l.total, l.total_tax])).toEqual([
      ["PBO-SUN-50", 1, "14.95", "1.05"],
    ]);
    expect([o.total, o.total_tax, o.shipping_lines.length, o.refunds.length]).toEqual(["16.00", "1.05", 0, 0]);
    // The parent's refunds[] total is negative; the refund's amount is positive; they agree.
    expect(
      money(order.refunds[0]?.total ?? "0")
        .abs()
        .equals(money(refund.amount)),
    ).toBe(true);
    expect(money(o.total).equals(money(o.line_items[0]?.total ?? "0").plus(o.total_tax))).toBe(true);
  });

  it("gets a reference of its own that an order's reference never equals", () => {
    expect(refundRef("shop.example.com", order.id, refund.id)).toBe("WC shop.example.com 25R30");
    expect(refundRef("shop.example.com", order.id, refund.id)).not.toBe(orderRef("shop.example.com", 2530));
    const long = refundRef("x".repeat(26), 123_456_789_012, 123_456_789_013);
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long).toMatch(/^WC #[0-9a-f]{12} 123456789012R123456789013$/);
  });
});

describe("returnDocumentRows", () => {
  const plan: DocumentPlan = {
    kind: "ticket",
    ref: "WC s 25R30",
    storeId: "01",
    stationId: "101",
    drawerId: "1",
    user: "CPWOO",
    custNo: "1001",
    taxCode: "FL-Broward",
    shipViaCode: null,
    custPoNo: "25",
    enteredAt: new Date("2026-11-21T15:58:36"),
    stockLoc: "01",
    priceLoc: "*",
    billTo: {
      nam: "Dana",
      fstNam: null,
      lstNam: null,
      adrs1: null,
      adrs2: null,
      adrs3: null,
      city: null,
      state: null,
      zipCod: null,
      cntry: null,
      phone1: null,
      email: null,
      namTyp: "P",
    },
    shipTo: {
      nam: "Dana",
      fstNam: null,
      lstNam: null,
      adrs1: null,
      adrs2: null,
      adrs3: null,
      city: null,
      state: null,
      zipCod: null,
      cntry: null,
      phone1: null,
      email: null,
      namTyp: "P",
      adrsId: "(DEFAULT)",
    },
    lines: [
      {
        itemNo: "PBO-SUN-50",
        descr: "Sunscreen",
        cell: null,
        qty: money(1),
        unit: "EACH",
        price: money("14.95"),
        regPrice: money("14.95"),
        extPrice: money("14.95"),
        grossExtPrice: money("14.95"),
        unitCost: money("6"),
        extCost: money("6"),
        categ: null,
        subcat: null,
        taxable: true,
        trackingMethod: "N",
        taxAlloc: money("1.05"),
        allocatesStock: true,
      },
    ],
    miscCharges: [],
    taxes: [{ authCod: "FL", rulCod: "TAX", taxableAmount: money("14.95"), amount: money("1.05") }],
    payments: [{ payCode: "WEB", payCodeType: "C", amount: money("16.00"), descr: "Stripe", paidAt: null }],
    notes: [],
    totals: {
      subTot: money("14.95"),
      lineDisc: money(0),
      hdrDisc: money(0),
      tax: money("1.05"),
      misc: money(0),
      total: money("16.00"),
      tendered: money("16.00"),
      extCost: money("6"),
    },
  };
  const sale = documentRows(plan, { docId: "1", tktNo: "100", docGuid: "G", now: new Date(0) }, () => "L");

  it("turns a sale into a return: R lines, negative quantities, amounts, tax and tender", () => {
    const r = returnDocumentRows(sale, { restock: false });
    expect(r.PS_DOC_HDR[0]).toMatchObject({ SAL_LINS: 0, SAL_LIN_TOT: "0.00", RET_LINS: 1, RET_LIN_TOT: "-14.95" });
    expect(r.PS_DOC_LIN[0]).toMatchObject({
      LIN_TYP: "R",
      QTY_SOLD: "-1.0000",
      EXT_PRC: "-14.95",
      PRC: "14.9500",
      TAX_AMT_ALLOC: "-1.05",
      ITEM_TYP: "N",
      IS_VAL_RET: "Y",
    });
    expect(r.PS_DOC_HDR_TOT[0]).toMatchObject({
      TOT_TYP: "S",
      SUB_TOT: "-14.95",
      TAX_AMT: "-1.05",
      TOT: "-16.00",
      TOT_TND: "-16.00",
      AMT_DUE: "0.00",
    });
    expect(r.PS_DOC_TAX[0]).toMatchObject({ TAX_AMT: "-1.05", TOT_TXBL_AMT: "-14.95" });
    expect(r.PS_DOC_PMT[0]).toMatchObject({ AMT: "-16.00", HOME_CURNCY_AMT: "-16.00" });
    expect(returnDocumentRows(sale, { restock: true }).PS_DOC_LIN[0]).toMatchObject({ ITEM_TYP: "I", IS_VAL_RET: "N" });
  });
});
