import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeKeyOf } from "../../../src/flows/customers/store-key.js";
import type { FulfilmentSummary } from "../../../src/flows/fulfilment/sync-fulfilment.js";
import { addTrackingNumbers, releaseDocumentLines } from "../../../src/sandbox/replica/ship-document.js";
import { findOrder } from "../../../src/store/index.js";
import { type OrdersHarness, startOrdersHarness } from "../orders/orders-harness.js";

const run = promisify(execFile);
const main = join(import.meta.dirname, "../../../src/cli/main.ts");
const tsx = join(import.meta.dirname, "../../../node_modules/.bin/tsx");

let h: OrdersHarness;
let dir: string;

async function cpwoo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CPWOO_")));
  try {
    const { stdout, stderr } = await run(tsx, [main, "--config", join(dir, "cpwoo.config.json"), ...args], {
      cwd: dir,
      env: {
        ...clean,
        CPWOO_CP_DB: h.cpUrl,
        CPWOO_STATE_DB: h.stateUrl,
        CPWOO_WOO_URL: h.sandbox.url,
        CPWOO_WOO_KEY: h.sandbox.consumerKey,
        CPWOO_WOO_SECRET: h.sandbox.consumerSecret,
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  h = await startOrdersHarness("sqlite");
  dir = mkdtempSync(join(tmpdir(), "cpwoo-fulfilment-cli-"));
  writeFileSync(
    join(dir, "cpwoo.config.json"),
    JSON.stringify({
      customers: { taxCodes: { byState: { FL: "FL-Broward" } } },
      fulfilment: { carriers: { UPS: { provider: "ups" } } },
    }),
  );
}, 60_000);

afterAll(async () => {
  await h?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("cpwoo fulfilment sync", { timeout: 120_000 }, () => {
  it("refuses --json without --once (exit 2)", async () => {
    const out = await cpwoo("fulfilment", "sync", "--json");
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--json needs --once/);
  });

  it("completes a shipped order in one pass, and the next pass asks the store nothing", async () => {
    const placed = await h.place({ lines: [{ sku: "PBO-TOTE", quantity: 2 }] });
    expect((await cpwoo("orders", "sync", "--once")).code).toBe(0);
    const state = await findOrder(h.ports.state.db, { storeId: storeKeyOf(h.sandbox.url), wooOrderId: placed.id });
    if (state?.cpDocId == null) throw new Error(`order ${placed.id} not acknowledged: ${state?.reason ?? ""}`);
    await releaseDocumentLines(h.cp, state.cpDocId);
    await addTrackingNumbers(h.cp, state.cpDocId, ["1Z999AA10123456784"], "UPS");

    const first = await cpwoo("fulfilment", "sync", "--once", "--json");
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout) as FulfilmentSummary).toMatchObject({ completed: 1, wooRequests: 3, failed: [] });
    expect((await h.woo.orders.get(placed.id)).status).toBe("completed");

    const second = await cpwoo("fulfilment", "sync", "--once");
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^checked 0 document\(s\).* 0 WooCommerce request\(s\)/);
  });
});
