import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PlaceOrderError,
  parseAddress,
  parseLine,
  parseShipping,
  placeOrder,
} from "../../../src/sandbox/woo/place-order.js";
import { startWooSandbox, type WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { RECORDED_DIR } from "./helpers.js";

/** `cpwoo sandbox woo place-order`: checkout-like orders over HTTP (OAuth) and HTTPS (Basic). */

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;
const MAIN = `${ROOT}src/cli/main.ts`;

describe("argument parsing", () => {
  it("reads lines, shipping and addresses, and says what is wrong", () => {
    expect(parseLine("PBO-TEE-PELICAN:2")).toEqual({ sku: "PBO-TEE-PELICAN", quantity: 2 });
    expect(parseLine("A:B:3")).toEqual({ sku: "A:B", quantity: 3 });
    expect(() => parseLine("PBO-TEE:0")).toThrow(PlaceOrderError);
    expect(parseShipping("flat_rate:7.95")).toEqual({ methodId: "flat_rate", total: "7.95" });
    expect(() => parseShipping("flat_rate:abc")).toThrow(/not an amount/);
    expect(parseAddress("1017 NW 13th Street, Gainesville, FL 32601")).toMatchObject({
      address_1: "1017 NW 13th Street",
      city: "Gainesville",
      state: "FL",
      postcode: "32601",
      country: "US",
    });
    expect(() => parseAddress("somewhere")).toThrow(/street, city, ST ZIP/);
  });
});

describe("against a running sandbox", () => {
  let http: WooSandbox;
  let https: WooSandbox;
  beforeAll(async () => {
    [http, https] = await Promise.all([
      startWooSandbox({ port: 0, fixtures: RECORDED_DIR }),
      startWooSandbox({ port: 0, https: true, fixtures: RECORDED_DIR }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([http.close(), https.close()]);
  });

  it("places a registered customer's paid order over plain HTTP with OAuth", async () => {
    const stockBefore = http.store.products.get(11)?.stockQuantity as number;
    const order = await placeOrder({
      url: http.url,
      consumerKey: "ck_test",
      consumerSecret: "cs_test",
      customerId: 2,
      lines: [
        { sku: "PBO-TEE-PELICAN", quantity: 1 },
        { sku: "PBO-SUN-50", quantity: 2 },
      ],
      shipping: { methodId: "flat_rate", total: "7.95" },
      paid: true,
      paymentMethod: "stripe",
    });
    // Tee 26.00 (its latest recorded price) + 2 × 14.95 + 7.95 shipping, taxed 6 % + 1 % in ZIP 32080.
    expect(order).toMatchObject({ status: "processing", total: "68.32", currency: "USD" });
    const stored = http.store.orders.get(order.id);
    expect(stored?.createdVia).toBe("checkout");
    expect(stored?.shipping.postcode).toBe("32080");
    expect(stored?.paymentMethodTitle).toBe("Credit card (Stripe)");
    expect(http.store.products.get(11)?.stockQuantity).toBe(stockBefore - 1);
  });

  it("places a guest's cash-on-delivery order with a coupon over HTTPS with Basic auth", async () => {
    const order = await placeOrder({
      url: https.url,
      insecure: true,
      consumerKey: "ck_test",
      consumerSecret: "cs_test",
      guest: {
        email: "priya.raman@example.net",
        firstName: "Priya",
        lastName: "Raman",
        address: "1017 NW 13th Street, Gainesville, FL 32601",
        phone: "352-555-0110",
      },
      lines: [{ sku: "PBO-SUN-50", quantity: 3 }],
      coupons: ["SUNNY10"],
      paid: true,
      paymentMethod: "cod",
    });
    expect(order.status).toBe("completed");
    expect(order.total).toBe("42.79");
    const stored = https.store.orders.get(order.id);
    expect(stored?.customerId).toBe(0);
    expect(stored?.billing).toMatchObject({
      first_name: "Priya",
      city: "Gainesville",
      email: "priya.raman@example.net",
    });
  });

  it("refuses unknown SKUs before creating anything, and reports server errors", async () => {
    const before = http.store.orders.size;
    await expect(
      placeOrder({
        url: http.url,
        consumerKey: "ck_test",
        consumerSecret: "cs_test",
        customerId: 2,
        lines: [{ sku: "NOPE", quantity: 1 }],
        paid: false,
        paymentMethod: "bacs",
      }),
    ).rejects.toThrow("no product has SKU NOPE");
    expect(http.store.orders.size).toBe(before);
    await expect(
      placeOrder({
        url: http.url,
        consumerKey: "ck_test",
        consumerSecret: "cs_wrong",
        customerId: 2,
        lines: [{ sku: "PBO-SUN-50", quantity: 1 }],
        paid: false,
        paymentMethod: "bacs",
      }),
    ).rejects.toThrow(/401 woocommerce_rest_authentication_error/);
  });
});

describe("the command line", () => {
  let server: ChildProcess;
  let url: string;
  beforeAll(async () => {
    server = spawn(TSX, [MAIN, "sandbox", "woo", "--port", "0", "--json", "--fixtures", RECORDED_DIR], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: server.stdout as NonNullable<ChildProcess["stdout"]> });
    const [first] = (await once(lines, "line")) as [string];
    const info = JSON.parse(first) as { url: string; products: number };
    expect(info.products).toBe(8);
    url = info.url;
  }, 30_000);
  afterAll(async () => {
    const exited = once(server, "exit");
    server.kill("SIGTERM");
    await exited;
  });

  it("starts the server and places an order through it", async () => {
    const { stdout } = await promisify(execFile)(
      TSX,
      [
        MAIN,
        "sandbox",
        "woo",
        "place-order",
        "--url",
        url,
        "--customer",
        "3",
        "--line",
        "PBO-BTL-32:2",
        "--paid",
        "--json",
      ],
      { cwd: ROOT },
    );
    const order = JSON.parse(stdout) as { id: number; status: string; total: string };
    expect(order.status).toBe("processing");
    expect(order.total).toBe("62.54");
  }, 30_000);

  it("exits with status 2 and a message for a bad line", async () => {
    const run = promisify(execFile)(
      TSX,
      [MAIN, "sandbox", "woo", "place-order", "--url", url, "--guest", "--line", "X:0"],
      { cwd: ROOT },
    );
    const failure: unknown = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect(String((failure as { stderr?: unknown }).stderr)).toContain("quantity must be a whole number");
  }, 30_000);
});
