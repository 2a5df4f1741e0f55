import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startDemo } from "../../src/app/demo.js";
import { runDemoScenario } from "../../src/app/demo-scenario.js";
import { DEMO_SHOPPERS } from "../../src/app/demo-shoppers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;
const MAIN = `${ROOT}src/cli/main.ts`;

/** What a child process printed and how it ended, whatever the exit code. */
async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [MAIN, ...args], {
      cwd: ROOT,
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("cpwoo demo", () => {
  it("turns every shopper's order into a Counterpoint document, gets a stock change to the web, and cleans up", async () => {
    const result = await runCli(["demo", "--port", "0"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = result.stdout;
    const dir = /demo folder: (\S+) \(temporary\)/.exec(out)?.[1];
    expect(dir).toBeDefined();

    // Each order: placed, then a document with its note on the web, and a summary row with ticket and document.
    const documented = [
      ...out.matchAll(/web order #(\d+) → Counterpoint (O101-\d{6}) \(document (\d+)\), note on the web/g),
    ];
    expect(documented).toHaveLength(DEMO_SHOPPERS.length);
    expect(new Set(documented.map((m) => m[2])).size).toBe(DEMO_SHOPPERS.length);
    for (const [, number, ticket, doc] of documented) {
      expect(out).toMatch(new RegExp(`#${number}\\s.*${ticket}\\s.*${doc}`));
    }
    for (const shows of ["guest checkout", "coupon sunny10", "PBO-HOOD-M", "long address"])
      expect(out).toContain(shows);
    expect(out).toMatch(/fitted #\d+: billing\.name: .* shortened to 40 characters/);

    const stock = /stock: PBO-SUN-50 went from (\d+) to (\d+) on the web/.exec(out);
    expect(stock).not.toBeNull();
    expect(Number(stock?.[2]) - Number(stock?.[1])).toBe(24);

    expect(out).toMatch(/cpwoo health: +http:\/\/127\.0\.0\.1:\d+\/health/);
    expect(out).toMatch(/WooCommerce sandbox REST: +http:\/\/127\.0\.0\.1:\d+\/wp-json\/wc\/v3/);
    expect(out).toMatch(/elapsed: \d+\.\d s/);
    expect(out).toContain("demo ok");
    expect(existsSync(dir ?? "")).toBe(false);
  }, 120_000);

  it("names each order that did not become a document, and why", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cpwoo-demo-fail-"));
    const demo = await startDemo({ dir, port: 0 });
    try {
      // Without tax codes every taxed web order is refused (a tax code is never invented).
      const customers = {
        ...demo.settings.customers,
        taxCodes: { byZip: {}, byCounty: {}, byState: {}, fallback: null },
      };
      const run = await runDemoScenario({ ...demo, settings: { ...demo.settings, customers } }, { timeoutMs: 20_000 });
      await run.close();
      expect(run.report.ok).toBe(false);
      expect(run.report.orders.map((o) => o.state)).toEqual(DEMO_SHOPPERS.map(() => "invalid"));
      expect(run.report.failures[0]).toMatch(
        /^web order #\d+ \(guest checkout\) is invalid: total_tax: .*no Counterpoint tax code/,
      );
      expect(run.report.stock?.secondsToWeb).not.toBeNull();
    } finally {
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
