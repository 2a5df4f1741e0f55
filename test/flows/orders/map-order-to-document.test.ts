import { describe, expect, it } from "vitest";
import type { DocumentPlan } from "../../../src/counterpoint/documents/document-plan.js";
import { type MappedOrder, mapOrderToDocument } from "../../../src/flows/orders/index.js";
import { money, sum } from "../../../src/money/index.js";
import type { Order } from "../../../src/woocommerce/index.js";
import { contextFor, recordedOrder, recordedOrders, saleItem, settingsFor } from "./order-fixtures.js";
import { planProblems } from "./plan-checks.js";

function mapped(result: MappedOrder): { plan: DocumentPlan; warnings: string[] } {
  if (result.kind !== "mapped") throw new Error(`expected a plan, got ${result.field}: ${result.reason}`);
  return result;
}

function invalid(result: MappedOrder): { field: string; reason: string } {
  if (result.kind !== "invalid") throw new Error("expected invalid, got a plan");
  return { field: result.field, reason: result.reason };
}

const amounts = (values: ReadonlyArray<{ toFixed(n: number): string }>) => values.map((v) => v.toFixed(2));

describe("recorded orders", () => {
  const orders = recordedOrders();
  it("covers the recorded single orders", () => {
    expect(orders.map((o) => o.file)).toEqual(
      expect.arrayContaining([
        "order_after_refund.json",
        "order_guest.json",
        "order_simple_product.json",
        "order_two_tax_rates.json",
        "order_variation.json",
        "order_with_coupon.json",
        "order_with_fee.json",
        "order_with_meta_data.json",
        "order_with_shipping.json",
      ]),
    );
  });

  it.each(orders.map((o) => [o.file, o.order] as const))(
    "%s maps to a plan equal to the web to the cent",
    (_f, order) => {
      const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
      expect(planProblems(plan)).toEqual([]);
      expect(plan.totals.total.toFixed(2)).toBe(order.total);
      expect(plan.totals.tax.toFixed(2)).toBe(order.total_tax);
      expect(plan.totals.subTot.equals(sum(order.line_items.map((l) => money(l.total))))).toBe(true);
      expect(plan.totals.lineDisc.equals(money(order.discount_total))).toBe(true);
      expect(plan.lines).toHaveLength(order.line_items.length);
      expect(plan.ref).toBe(`WC 127.0.0.1:8089 ${order.id}`);
      expect(plan.custPoNo).toBe(order.number);
      expect(plan.payments).toHaveLength(1);
      expect(plan.payments[0]?.amount.toFixed(2)).toBe(order.total);
      expect(plan.totals.tendered.toFixed(2)).toBe(order.total);
    },
  );
});

describe("amounts", () => {
  it("counts a coupon once: inside the line totals, never again as a header discount (B4)", () => {
    const order = recordedOrder("order_with_coupon.json");
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
    expect(plan.totals.lineDisc.toFixed(2)).toBe("6.75");
    expect(plan.totals.subTot.toFixed(2)).toBe("60.75");
    expect(plan.totals.hdrDisc.toFixed(2)).toBe("0.00");
    expect(plan.totals.total.toFixed(2)).toBe("64.39");
    const tote = plan.lines[0];
    expect([tote?.regPrice.toFixed(4), tote?.price.toFixed(4), tote?.grossExtPrice.toFixed(2)]).toEqual([
      "38.0000",
      "34.2000",
      "38.00",
    ]);
    expect(tote?.extPrice.toFixed(2)).toBe("34.20");
  });

  it("prices per unit to 4 dp and costs from the item", () => {
    const order = recordedOrder("order_guest.json");
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
    const line = plan.lines[0];
    expect(line?.qty.toString()).toBe("3");
    expect(line?.price.toFixed(4)).toBe("14.9500");
    expect(line?.unitCost.toFixed(4)).toBe("10.1234");
    expect(line?.extCost.toFixed(2)).toBe("30.37");
    expect(line?.allocatesStock).toBe(false); // PBO-SUN-50 is a non-inventory item in the fixture catalog
  });

  it("puts shipping and a positive fee on their misc charges", () => {
    const fee = recordedOrder("order_with_fee.json");
    expect(
      mapped(mapOrderToDocument(fee, contextFor(fee))).plan.miscCharges.map((m) => [m.no, m.amount.toFixed(2)]),
    ).toEqual([[2, "4.50"]]);
    const ship = recordedOrder("order_with_shipping.json");
    expect(
      mapped(mapOrderToDocument(ship, contextFor(ship))).plan.miscCharges.map((m) => [m.no, m.amount.toFixed(2)]),
    ).toEqual([[1, "7.95"]]);
  });

  it("merges shipping and fees configured on the same misc charge", () => {
    const order = recordedOrder("order_with_shipping.json");
    order.fee_lines = [{ ...feeLine("4.50"), id: 91 }];
    order.total = "75.47";
    const ctx = contextFor(order, { settings: settingsFor({ orders: { feeMiscChargeNo: 1 } }) });
    const { plan } = mapped(mapOrderToDocument(order, ctx));
    expect(plan.miscCharges.map((m) => [m.no, m.amount.toFixed(2)])).toEqual([[1, "12.45"]]);
    expect(plan.totals.misc.toFixed(2)).toBe("12.45");
  });

  it("takes a negative fee as a header discount", () => {
    const order = recordedOrder("order_with_fee.json");
    order.fee_lines = [feeLine("4.50"), { ...feeLine("-5.00"), id: 92, name: "Loyalty credit" }];
    order.total = "40.05";
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
    expect(plan.totals.hdrDisc.toFixed(2)).toBe("5.00");
    expect(plan.totals.total.toFixed(2)).toBe("40.05");
    expect(planProblems(plan)).toEqual([]);
  });

  it("sells shipping as a line of the freight item when configured so", () => {
    const order = recordedOrder("order_with_shipping.json");
    const settings = settingsFor({ orders: { shipping: { as: "item", itemNo: "FREIGHT" } } });
    const freightItem = saleItem("FREIGHT", { itemType: "S", descr: "Freight" });
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order, { settings, freightItem })));
    expect(plan.miscCharges).toEqual([]);
    const freight = plan.lines.at(-1);
    expect([freight?.itemNo, freight?.extPrice.toFixed(2), freight?.allocatesStock]).toEqual([
      "FREIGHT",
      "7.95",
      false,
    ]);
    expect(plan.totals.subTot.toFixed(2)).toBe("66.95");
    expect(plan.totals.total.toFixed(2)).toBe("70.97");
    expect(planProblems(plan)).toEqual([]);
  });

  it("refuses shipping as an item when the freight item is missing", () => {
    const order = recordedOrder("order_with_shipping.json");
    const settings = settingsFor({ orders: { shipping: { as: "item", itemNo: "NOPE" } } });
    expect(invalid(mapOrderToDocument(order, contextFor(order, { settings }))).field).toBe("shipping_lines");
  });

  it("splits two tax rates over the tax code's authorities, to the cent", () => {
    const order = recordedOrder("order_two_tax_rates.json");
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
    expect(plan.taxes.map((t) => [t.authCod, t.amount.toFixed(2), t.taxableAmount.toFixed(2)])).toEqual([
      ["FL", "3.77", "54.89"],
      ["ST-JOHNS", "0.63", "54.89"],
    ]);
    expect(amounts(plan.lines.map((l) => l.taxAlloc))).toEqual(["2.00", "2.40"]);
  });

  it("puts the tax in one row under a tax code without authorities, with a warning", () => {
    const order = recordedOrder("order_simple_product.json");
    const { plan, warnings } = mapped(mapOrderToDocument(order, contextFor(order, { taxAuthorities: [] })));
    expect(plan.taxes.map((t) => [t.authCod, t.amount.toFixed(2)])).toEqual([["FL-DUVAL", "3.00"]]);
    expect(warnings.some((w) => w.startsWith("total_tax:"))).toBe(true);
  });

  it("refuses tax without a tax code (a code is never invented)", () => {
    const order = recordedOrder("order_simple_product.json");
    expect(invalid(mapOrderToDocument(order, contextFor(order, { taxCode: null, taxAuthorities: [] })))).toEqual({
      field: "total_tax",
      reason: "web tax 3.00 but the order has no Counterpoint tax code",
    });
  });

  it("refuses a total that does not reconcile, naming the difference", () => {
    const order = recordedOrder("order_with_shipping.json");
    order.total = "70.96";
    expect(invalid(mapOrderToDocument(order, contextFor(order)))).toEqual({
      field: "total",
      reason: "Counterpoint total 70.97 ≠ web total 70.96 (difference 0.01)",
    });
  });
});

describe("items", () => {
  it("sells a variation as its grid cell", () => {
    const order = recordedOrder("order_variation.json");
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
    expect([plan.lines[0]?.itemNo, plan.lines[0]?.cell]).toEqual(["PBO-HOOD", ["M", "*", "*"]]);
    expect(plan.lines[0]?.allocatesStock).toBe(true);
  });

  it("finds an item whose web SKU carries a configured suffix (L15)", () => {
    const order = recordedOrder("order_simple_product.json");
    setSku(order, 0, "pbo-tee-pelican-PACKAGE");
    const settings = settingsFor({ orders: { skus: { stripSuffixes: ["-PACKAGE"] } } });
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order, { settings })));
    expect(plan.lines[0]?.itemNo).toBe("PBO-TEE-PELICAN");
  });

  it("refuses an unknown SKU, naming the line and the SKU (B8)", () => {
    const order = recordedOrder("order_with_coupon.json");
    setSku(order, 1, "NOT-IN-CP");
    expect(invalid(mapOrderToDocument(order, contextFor(order)))).toEqual({
      field: "line_items[1].sku",
      reason: 'SKU "NOT-IN-CP" matches no Counterpoint item',
    });
  });

  it("refuses a line without a SKU and a grid item named without its cell", () => {
    const order = recordedOrder("order_variation.json");
    setSku(order, 0, null);
    expect(invalid(mapOrderToDocument(order, contextFor(order))).field).toBe("line_items[0].sku");
    setSku(order, 0, "PBO-HOOD");
    expect(invalid(mapOrderToDocument(order, contextFor(order))).field).toBe("line_items[0].sku");
  });

  it.each([
    [0, "line_items[0].quantity"],
    [-2, "line_items[0].quantity"],
    [1.00001, "line_items[0].quantity"],
  ])("refuses quantity %s", (qty, field) => {
    const order = recordedOrder("order_guest.json");
    (order.line_items[0] as { quantity: number }).quantity = qty;
    expect(invalid(mapOrderToDocument(order, contextFor(order))).field).toBe(field);
  });

  it("sells void and discontinued items with a warning", () => {
    const order = recordedOrder("order_simple_product.json");
    const ctx = contextFor(order);
    const items = new Map(ctx.items);
    items.set("PBO-TEE-PELICAN", saleItem("PBO-TEE-PELICAN", { status: "V" }));
    const { warnings } = mapped(mapOrderToDocument(order, { ...ctx, items }));
    expect(warnings).toContain(
      "line_items[0].sku: item PBO-TEE-PELICAN is void in Counterpoint; sold as the web sold it",
    );
  });
});

describe("header, contacts, payment, notes", () => {
  it("takes the header from the settings and the web order", () => {
    const order = recordedOrder("order_with_shipping.json");
    const settings = settingsFor({
      counterpoint: { store: "MAIN", station: "1", stockLocations: ["WH", "01"] },
      orders: { documentKind: "ticket", numbering: { station: "WEB" }, shipping: { shipVia: { flat_rate: "UPS" } } },
    });
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order, { settings })));
    expect([plan.kind, plan.storeId, plan.stationId, plan.stockLoc, plan.shipViaCode]).toEqual([
      "ticket",
      "MAIN",
      "WEB",
      "WH",
      "UPS",
    ]);
    expect([plan.custNo, plan.taxCode, plan.shipTo.adrsId]).toEqual(["1001", "FL-DUVAL", "(DEFAULT)"]);
  });

  it("reads date_created as the site's wall clock, never shifted (B21)", () => {
    const order = recordedOrder("order_with_shipping.json");
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
    const at = plan.enteredAt;
    expect([at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes(), at.getSeconds()]).toEqual([
      2026, 10, 21, 15, 58, 36,
    ]);
    order.date_created = "2026-02-30T10:00:00";
    const again = mapped(mapOrderToDocument(order, contextFor(order)));
    expect(again.plan.enteredAt).toEqual(new Date(2026, 10, 21, 12, 0, 0));
    expect(again.warnings.some((w) => w.startsWith("date_created:"))).toBe(true);
  });

  it.each([
    [{ flat_rate: "UPS" }, null, "UPS", false],
    [{ "Flat rate": "FEDEX" }, null, "FEDEX", false],
    [{}, "GROUND", "GROUND", true],
    [{}, null, null, true],
  ])("ship-via from %j (default %s) is %s, never the title (B24)", (shipVia, defaultShipVia, code, warned) => {
    const order = recordedOrder("order_with_shipping.json");
    const settings = settingsFor({ orders: { shipping: { shipVia, defaultShipVia } } });
    const { plan, warnings } = mapped(mapOrderToDocument(order, contextFor(order, { settings })));
    expect(plan.shipViaCode).toBe(code);
    expect(warnings.some((w) => w.startsWith("shipping_lines:"))).toBe(warned);
  });

  it("bills a company as a business and folds names to Latin-1", () => {
    const business = recordedOrder("order_simple_product.json");
    const { plan } = mapped(mapOrderToDocument(business, contextFor(business)));
    expect([plan.billTo.nam, plan.billTo.namTyp, plan.billTo.fstNam]).toEqual([
      "Okonkwo-Lindqvist Marine Supply",
      "B",
      "Bartholomew",
    ]);
    expect(plan.billTo.adrs1).toBe("12500 OLD SAINT AUGUSTINE RD");
    const person = recordedOrder("order_variation.json");
    const zoe = mapped(mapOrderToDocument(person, contextFor(person)));
    expect([zoe.plan.billTo.nam, zoe.plan.billTo.namTyp, zoe.plan.billTo.lstNam]).toEqual([
      "Zoë Ñúñez-O'Brien",
      "P",
      "Ñúñez-O'Brien",
    ]);
    expect(zoe.warnings.some((w) => w.startsWith("billing.last_name:"))).toBe(true);
  });

  it("maps a guest order from its billing address, shipping falling back to billing", () => {
    const order = recordedOrder("order_guest.json");
    Object.assign(order.shipping, Object.fromEntries(Object.keys(order.shipping).map((k) => [k, ""])));
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
    expect([plan.billTo.nam, plan.billTo.email, plan.billTo.city]).toEqual([
      "Priya Raman",
      "priya.raman@example.net",
      "GAINESVILLE",
    ]);
    expect(plan.shipTo.nam).toBe("Priya Raman");
    expect(plan.shipTo.adrs1).toBe(plan.billTo.adrs1);
  });

  it("pays with the mapped pay code, else the fallback", () => {
    const order = recordedOrder("order_with_shipping.json");
    const settings = settingsFor({
      orders: { payments: { byMethod: { stripe: { payCode: "VISA", payCodeType: "C" } } } },
    });
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order, { settings })));
    expect(plan.payments.map((p) => [p.payCode, p.payCodeType, p.descr, p.amount.toFixed(2)])).toEqual([
      ["VISA", "C", "Credit card (Stripe)", "70.97"],
    ]);
    const fallback = mapped(mapOrderToDocument(order, contextFor(order)));
    expect(fallback.plan.payments[0]?.payCode).toBe("WEB");
    expect(fallback.warnings.some((w) => w.startsWith("payment_method:"))).toBe(true);
  });

  it("takes no payment for an order that is not paid", () => {
    const order = recordedOrder("order_with_shipping.json");
    order.status = "pending";
    order.date_paid = null;
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
    expect(plan.payments).toEqual([]);
    expect(plan.totals.tendered.isZero()).toBe(true);
  });

  it("keeps the shopper's note and a reference to the web order", () => {
    const order = recordedOrder("order_with_meta_data.json");
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
    expect(plan.notes).toEqual([
      { noteId: "WEB-NOTE", text: "Please leave at the side gate." },
      { noteId: "WEB-REF", text: "Web order #27 (27) 127.0.0.1:8089" },
    ]);
  });

  it("records a warning for every value fitted to its column", () => {
    const order = recordedOrder("order_guest.json");
    order.number = "ORDER-NUMBER-FROM-A-PLUGIN-42";
    order.billing.company = "The Exceedingly Long Company Name of Gainesville Incorporated";
    order.payment_method_title = "Cash on delivery (pay the driver in exact change) 💵";
    order.customer_note = "مرحبا — 北京 ".repeat(200);
    const { plan, warnings } = mapped(mapOrderToDocument(order, contextFor(order)));
    expect(planProblems(plan)).toEqual([]);
    expect(plan.custPoNo).toBe("ORDER-NUMBER-FROM-A-");
    expect(warnings).toContain('number: PS_DOC_HDR.CUST_PO_NO cut to 20 characters: dropped "PLUGIN-42"');
    expect(warnings.some((w) => w.startsWith("billing.name:"))).toBe(true);
    expect(warnings.some((w) => w.startsWith("payment_method_title: PS_DOC_PMT.DESCR cut to 30"))).toBe(true);
    expect(warnings).toContain("customer_note: folded to Latin-1");
    expect(plan.notes[0]?.text.length).toBeGreaterThan(1000); // NOTE_TXT is text: kept whole
  });
});

function feeLine(total: string): Order["fee_lines"][number] {
  return {
    id: 90,
    name: "Gift wrapping",
    tax_class: "",
    tax_status: "none",
    total,
    total_tax: "0.00",
    taxes: [],
    meta_data: [],
  };
}

function setSku(order: Order, index: number, sku: string | null): void {
  const line = order.line_items[index];
  if (line === undefined) throw new Error(`no line ${index}`);
  line.sku = sku;
}

describe("the plan checks the fuzz test relies on", () => {
  it("catch a value wider than its column, non-Latin-1 text and totals that do not add up", () => {
    const order = recordedOrder("order_guest.json");
    const { plan } = mapped(mapOrderToDocument(order, contextFor(order)));
    const broken: DocumentPlan = {
      ...plan,
      custPoNo: "X".repeat(21),
      billTo: { ...plan.billTo, city: "北京" },
      totals: { ...plan.totals, total: plan.totals.total.plus(money("0.01")) },
    };
    expect(planProblems(broken)).toEqual([
      "custPoNo longer than PS_DOC_HDR.CUST_PO_NO (20)",
      "billTo.city is not Latin-1",
      `total ${broken.totals.total.toString()} ≠ ${plan.totals.total.toString()}`,
    ]);
  });
});
