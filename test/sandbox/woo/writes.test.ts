import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { at, call, list, recordedSandbox } from "./helpers.js";

/** Writes: validation, batches, business errors, as WooCommerce 11 answers them (API.md §3, §6–8, §12; README). */

let sb: WooSandbox;
beforeEach(async () => {
  sb = await recordedSandbox();
});
afterEach(() => sb.close());

describe("products", () => {
  it("refuses money as a JSON number and a fractional stock quantity", async () => {
    const money = await call(sb, "PUT", "/wp-json/wc/v3/products/11", { body: { regular_price: 26 } });
    expect(money.status).toBe(400);
    expect(money.json).toEqual({
      code: "rest_invalid_param",
      message: "Invalid parameter(s): regular_price",
      data: {
        status: 400,
        params: { regular_price: "regular_price is not of type string." },
        details: {
          regular_price: {
            code: "rest_invalid_type",
            message: "regular_price is not of type string.",
            data: { param: "regular_price" },
          },
        },
      },
    });
    const stock = await call(sb, "PUT", "/wp-json/wc/v3/products/11", {
      body: { manage_stock: true, stock_quantity: 2.5 },
    });
    expect(at(stock.json, "data.details.stock_quantity.code")).toBe("rest_invalid_type");
    expect(sb.store.products.get(11)?.regularPrice).toBe("26.00");
  });

  it("ignores stock_quantity unless stock is managed, and derives stock status from it", async () => {
    const ignored = await call(sb, "PUT", "/wp-json/wc/v3/products/13", { body: { stock_quantity: 12 } });
    expect(ignored.status).toBe(200);
    expect(at(ignored.json, "stock_quantity")).toBeNull();
    const managed = await call(sb, "PUT", "/wp-json/wc/v3/products/13", {
      body: { manage_stock: true, stock_quantity: -2 },
    });
    expect(at(managed.json, "stock_quantity")).toBe(-2);
    expect(at(managed.json, "stock_status")).toBe("outofstock");
  });

  it("refuses a duplicate SKU, variations included, with the holder and a free suggestion", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/products", { body: { name: "Copy", sku: "PBO-HOOD-S" } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: "product_invalid_sku",
      message: "Invalid or duplicated SKU.",
      data: { status: 400, resource_id: 16, unique_sku: "PBO-HOOD-S-1" },
    });
  });

  it("creates a product with a slug, the default category, and a 201", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/products", {
      body: { name: "Sea Turtle Mug", sku: "PBO-MUG", regular_price: "12.50", manage_stock: true, stock_quantity: 4 },
    });
    expect(res.status).toBe(201);
    expect(at(res.json, "slug")).toBe("sea-turtle-mug");
    expect(at(res.json, "price")).toBe("12.50");
    expect(at(res.json, "categories.0.slug")).toBe("uncategorized");
    expect(at(res.json, "permalink_template")).toBeDefined();
    const again = await call(sb, "POST", "/wp-json/wc/v3/products", { body: { name: "Sea Turtle Mug" } });
    expect(at(again.json, "slug")).toBe("sea-turtle-mug-2");
  });

  it("refuses variation ids on the products routes and takes them on the variations routes", async () => {
    const put = await call(sb, "PUT", "/wp-json/wc/v3/products/17", { body: { stock_quantity: 3 } });
    expect(put.status).toBe(404);
    expect(at(put.json, "code")).toBe("woocommerce_rest_invalid_product_id");
    const get = await call(sb, "GET", "/wp-json/wc/v3/products/17");
    expect(at(get.json, "type")).toBe("variation");
    const ok = await call(sb, "PUT", "/wp-json/wc/v3/products/15/variations/17", {
      body: { manage_stock: true, stock_quantity: 3 },
    });
    expect(at(ok.json, "stock_quantity")).toBe(3);
    const wrongParent = await call(sb, "GET", "/wp-json/wc/v3/products/11/variations/17");
    expect(wrongParent.status).toBe(404);
  });

  it("answers a missing product with 404 on read and 400 on write", async () => {
    expect((await call(sb, "GET", "/wp-json/wc/v3/products/999999")).status).toBe(404);
    const put = await call(sb, "PUT", "/wp-json/wc/v3/products/999999", { body: { name: "x" } });
    expect(put.status).toBe(400);
    expect(at(put.json, "code")).toBe("woocommerce_rest_product_invalid_id");
  });
});

describe("batches", () => {
  it("refuses more than 100 items with 413 and changes nothing", async () => {
    const update = Array.from({ length: 101 }, () => ({ id: 11, regular_price: "1.00" }));
    const before = sb.store.products.get(11)?.regularPrice;
    const res = await call(sb, "POST", "/wp-json/wc/v3/products/batch", { body: { update } });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({
      code: "woocommerce_rest_request_entity_too_large",
      message: "Unable to accept more than 100 items for this request.",
      data: { status: 413 },
    });
    expect(sb.store.products.get(11)?.regularPrice).toBe(before);
    const mixed = await call(sb, "POST", "/wp-json/wc/v3/products/batch", {
      body: { create: Array.from({ length: 50 }, (_, i) => ({ name: `N${i}` })), update: update.slice(0, 51) },
    });
    expect(mixed.status).toBe(413);
  });

  it("reports errors per item and answers only the lists that were sent", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/products/batch", {
      body: {
        update: [
          { id: 11, regular_price: 26, manage_stock: true, stock_quantity: "44" },
          { id: 18, stock_quantity: 4 },
          { id: 999999, regular_price: "1.00" },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json as object)).toEqual(["update"]);
    const [ok, variation, missing] = list(at(res.json, "update"));
    // Batch items skip validation: a numeric price is stored as text, a string quantity as a number.
    expect(ok?.regular_price).toBe("26");
    expect(ok?.stock_quantity).toBe(44);
    expect(variation).toEqual({
      id: 18,
      error: {
        code: "woocommerce_rest_invalid_product_id",
        message:
          "To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.",
        data: { status: 404 },
      },
    });
    expect(missing).toEqual({
      id: 999999,
      error: { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 400 } },
    });
  });

  it("turns an unknown order status into pending inside a batch, but refuses it in a single PUT", async () => {
    const single = await call(sb, "PUT", "/wp-json/wc/v3/orders/20", { body: { status: "shipped" } });
    expect(single.status).toBe(400);
    expect(at(single.json, "data.details.status.code")).toBe("rest_not_in_enum");
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders/batch", {
      body: { update: [{ id: 20, status: "shipped" }] },
    });
    expect(at(res.json, "update.0.status")).toBe("pending");
    const notes = await call(sb, "GET", "/wp-json/wc/v3/orders/20/notes");
    expect(list(notes.json).map((n) => n.note)).toContain("Order status changed from Processing to Pending payment.");
  });

  it("deletes in batches with force, reporting missing ids", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/products/batch", { body: { delete: [12, 999999] } });
    expect(at(res.json, "delete.0.id")).toBe(12);
    expect(at(res.json, "delete.1.error.data.status")).toBe(404);
    expect(sb.store.products.has(12)).toBe(false);
  });
});

describe("orders", () => {
  it("answers a missing order with 404 Invalid ID. (read) and 400 (write)", async () => {
    const get = await call(sb, "GET", "/wp-json/wc/v3/orders/999999");
    expect(get.json).toEqual({
      code: "woocommerce_rest_shop_order_invalid_id",
      message: "Invalid ID.",
      data: { status: 404 },
    });
    expect((await call(sb, "PUT", "/wp-json/wc/v3/orders/999999", { body: { status: "completed" } })).status).toBe(400);
  });

  it("trashes on DELETE without force (the answer shows the status before), hiding it from the default list", async () => {
    const del = await call(sb, "DELETE", "/wp-json/wc/v3/orders/29");
    expect(at(del.json, "status")).toBe("pending");
    const any = await call(sb, "GET", "/wp-json/wc/v3/orders?per_page=100");
    expect(list(any.json).some((o) => o.id === 29)).toBe(false);
    const trash = await call(sb, "GET", "/wp-json/wc/v3/orders?status=trash");
    expect(list(trash.json).map((o) => o.id)).toEqual([29]);
    await call(sb, "DELETE", "/wp-json/wc/v3/orders/29?force=true");
    expect((await call(sb, "GET", "/wp-json/wc/v3/orders/29")).status).toBe(404);
  });

  it("sets date_completed when an order is completed and writes WooCommerce's notes", async () => {
    const res = await call(sb, "PUT", "/wp-json/wc/v3/orders/23", { body: { status: "completed" } });
    expect(at(res.json, "status")).toBe("completed");
    expect(at(res.json, "date_completed")).not.toBeNull();
    const notes = list((await call(sb, "GET", "/wp-json/wc/v3/orders/23/notes")).json).map((n) => n.note);
    expect(notes).toContain("Order status changed from Processing to Completed.");
    expect(notes).toContain('Email "Completed order" sent.');
  });

  it("creates and deletes notes; deleting needs force", async () => {
    const created = await call(sb, "POST", "/wp-json/wc/v3/orders/24/notes", {
      body: { note: "Exported.", customer_note: false },
    });
    expect(created.status).toBe(201);
    expect(at(created.json, "author")).toBe("WooCommerce");
    const id = at(created.json, "id") as number;
    const byUser = await call(sb, "POST", "/wp-json/wc/v3/orders/24/notes", {
      body: { note: "Me.", added_by_user: true },
    });
    expect(at(byUser.json, "author")).toBe("admin");
    const noForce = await call(sb, "DELETE", `/wp-json/wc/v3/orders/24/notes/${id}`);
    expect(noForce.status).toBe(501);
    expect(at(noForce.json, "code")).toBe("woocommerce_rest_trash_not_supported");
    expect((await call(sb, "DELETE", `/wp-json/wc/v3/orders/24/notes/${id}?force=true`)).status).toBe(200);
    const missing = await call(sb, "POST", "/wp-json/wc/v3/orders/999999/notes", { body: { note: "x" } });
    expect(at(missing.json, "message")).toBe("Invalid order ID.");
    const noText = await call(sb, "POST", "/wp-json/wc/v3/orders/24/notes", { body: {} });
    expect(at(noText.json, "code")).toBe("rest_missing_callback_param");
  });

  it("refuses an unknown customer id", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      body: { customer_id: 777, line_items: [{ product_id: 13, quantity: 1 }] },
    });
    expect(res.status).toBe(400);
    expect(at(res.json, "code")).toBe("woocommerce_rest_invalid_customer_id");
  });

  it("answers malformed JSON with rest_invalid_json", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders", {
      rawBody: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(at(res.json, "code")).toBe("rest_invalid_json");
  });
});

describe("refunds", () => {
  it("asks the gateway by default and fails with the 500 WooCommerce gives for offline gateways", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders/26/refunds", { body: { amount: "5.00" } });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      code: "woocommerce_rest_cannot_create_order_refund",
      message: "The payment gateway for this order does not support automatic refunds.",
      data: 500,
    });
    expect(sb.store.refundsOf(26)).toHaveLength(0);
  });

  it("refuses too large an amount and a missing order with numeric data", async () => {
    const big = await call(sb, "POST", "/wp-json/wc/v3/orders/26/refunds", {
      body: { amount: "999.00", api_refund: false },
    });
    expect(big.status).toBe(500);
    expect(big.json).toEqual({
      code: "woocommerce_rest_cannot_create_order_refund",
      message: "Invalid refund amount.",
      data: 500,
    });
    const missing = await call(sb, "POST", "/wp-json/wc/v3/orders/999999/refunds", {
      body: { amount: "1.00", api_refund: false },
    });
    expect(missing.status).toBe(500);
    expect(at(missing.json, "data")).toBe(404);
  });

  it("records a refund with api_refund false, restocks, and lists it on the order with negative totals", async () => {
    const stockBefore = sb.store.products.get(11)?.stockQuantity as number;
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders/20/refunds", {
      body: {
        amount: "26.49",
        reason: "one tee back",
        api_refund: false,
        line_items: [{ id: 1, quantity: 1, refund_total: 24.99, refund_tax: [{ id: 1, refund_total: 1.5 }] }],
      },
    });
    expect(res.status).toBe(201);
    expect(at(res.json, "amount")).toBe("26.49");
    expect(at(res.json, "line_items.0.quantity")).toBe(-1);
    expect(at(res.json, "line_items.0.total")).toBe("-24.99");
    expect(at(res.json, "tax_lines.0.tax_total")).toBe("-1.50");
    expect(at(res.json, "meta_data.0.value")).toBe("partial");
    expect(sb.store.products.get(11)?.stockQuantity).toBe(stockBefore + 1);
    const order = await call(sb, "GET", "/wp-json/wc/v3/orders/20");
    expect(at(order.json, "refunds")).toEqual([
      { id: at(res.json, "id"), reason: "one tee back", total: "-26.49", total_tax: "-1.50" },
    ]);
    expect(at(order.json, "status")).toBe("processing");
  });

  it("marks an order refunded when the whole total is refunded", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/orders/26/refunds", {
      body: { amount: "47.54", api_refund: false },
    });
    expect(res.status).toBe(201);
    expect(at(res.json, "meta_data.0.value")).toBe("full");
    expect(sb.store.orders.get(26)?.status).toBe("refunded");
  });
});

describe("customers and categories", () => {
  it("derives the username from the e-mail and refuses a registered e-mail", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/customers", {
      body: { email: "c@example.com", first_name: "Zoë", last_name: "O’Brien" },
    });
    expect(res.status).toBe(201);
    expect(at(res.json, "username")).toBe("c");
    expect(at(res.json, "role")).toBe("customer");
    expect(at(res.json, "is_paying_customer")).toBe(false);
    expect(res.text).toContain("Zo\\u00eb");
    const dup = await call(sb, "POST", "/wp-json/wc/v3/customers", { body: { email: "dana.whitfield@example.com" } });
    expect(dup.status).toBe(400);
    expect(at(dup.json, "code")).toBe("registration-error-email-exists");
    const bad = await call(sb, "POST", "/wp-json/wc/v3/customers", { body: { email: "not-an-email" } });
    expect(at(bad.json, "data.details.email.code")).toBe("rest_invalid_email");
  });

  it("updates a customer, refuses a username change, and deletes only with force", async () => {
    const upd = await call(sb, "PUT", "/wp-json/wc/v3/customers/2", { body: { billing: { phone: "904-555-0000" } } });
    expect(at(upd.json, "billing.phone")).toBe("904-555-0000");
    expect(at(upd.json, "billing.city")).toBe("St. Augustine");
    const rename = await call(sb, "PUT", "/wp-json/wc/v3/customers/2", { body: { username: "dana2" } });
    expect(rename.status).toBe(400);
    expect((await call(sb, "DELETE", "/wp-json/wc/v3/customers/2")).status).toBe(501);
    expect((await call(sb, "DELETE", "/wp-json/wc/v3/customers/2?force=true")).status).toBe(200);
    const gone = await call(sb, "GET", "/wp-json/wc/v3/customers/2");
    expect(gone.json).toEqual({ code: "wc_user_invalid_id", message: "Invalid user ID.", data: { status: 404 } });
  });

  it("batches customers and categories, with per-item errors", async () => {
    const customers = await call(sb, "POST", "/wp-json/wc/v3/customers/batch", {
      body: {
        create: [{ email: "batch.one@example.com" }, { email: "dana.whitfield@example.com" }],
        update: [{ id: 3, last_name: "Lindqvist" }],
        delete: [999],
      },
    });
    expect(at(customers.json, "create.0.username")).toBe("batch.one");
    expect(at(customers.json, "create.1")).toMatchObject({ id: 0, error: { code: "registration-error-email-exists" } });
    expect(at(customers.json, "update.0.last_name")).toBe("Lindqvist");
    expect(at(customers.json, "delete.0")).toMatchObject({ id: 999, error: { code: "wc_user_invalid_id" } });
    const categories = await call(sb, "POST", "/wp-json/wc/v3/products/categories/batch", {
      body: {
        create: [{ name: "Hats" }, { name: "Sun Care" }],
        update: [{ id: 19, description: "SPF things" }],
        delete: [15],
      },
    });
    expect(at(categories.json, "create.0.slug")).toBe("hats");
    expect(at(categories.json, "create.1.error.code")).toBe("term_exists");
    expect(at(categories.json, "update.0.description")).toBe("SPF things");
    expect(at(categories.json, "delete.0.id")).toBe(15);
    const listed = await call(sb, "GET", "/wp-json/wc/v3/products/categories?per_page=100");
    expect(list(listed.json).map((c) => c.name)).toEqual(["Accessories", "Apparel", "Hats", "Sun Care", "T-Shirts"]);
  });

  it("lists, updates and deletes webhooks (delete needs force)", async () => {
    const created = await call(sb, "POST", "/wp-json/wc/v3/webhooks", {
      body: { name: "w", topic: "product.updated", delivery_url: "http://127.0.0.1:9/none", status: "paused" },
    });
    const id = at(created.json, "id") as number;
    const paused = await call(sb, "GET", "/wp-json/wc/v3/webhooks?status=paused");
    expect(list(paused.json).map((w) => w.id)).toEqual([id]);
    const renamed = await call(sb, "PUT", `/wp-json/wc/v3/webhooks/${String(id)}`, { body: { name: "renamed" } });
    expect(at(renamed.json, "name")).toBe("renamed");
    expect(at(renamed.json, "date_modified")).not.toBeNull();
    expect((await call(sb, "DELETE", `/wp-json/wc/v3/webhooks/${String(id)}`)).status).toBe(501);
    expect((await call(sb, "DELETE", `/wp-json/wc/v3/webhooks/${String(id)}?force=true`)).status).toBe(200);
    expect((await call(sb, "GET", `/wp-json/wc/v3/webhooks/${String(id)}`)).status).toBe(404);
  });

  it("creates categories and refuses an existing name under the same parent", async () => {
    const res = await call(sb, "POST", "/wp-json/wc/v3/products/categories", { body: { name: "Hats", parent: 16 } });
    expect(res.status).toBe(201);
    expect(at(res.json, "slug")).toBe("hats");
    expect(at(res.json, "_links.up.0.href")).toMatch(/categories\/16$/);
    const dup = await call(sb, "POST", "/wp-json/wc/v3/products/categories", { body: { name: "apparel" } });
    expect(dup.json).toEqual({
      code: "term_exists",
      message: "A term with the name provided already exists with this parent.",
      data: { status: 400, resource_id: 16 },
    });
    const missing = await call(sb, "POST", "/wp-json/wc/v3/products/categories", { body: {} });
    expect(missing.json).toEqual({
      code: "rest_missing_callback_param",
      message: "Missing parameter(s): name",
      data: { status: 400, params: ["name"] },
    });
  });
});
