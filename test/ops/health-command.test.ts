import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HealthReport } from "../../src/ops/health.js";
import { migrateStateStore, openStateStore, recordOrderTransition, upsertOrder } from "../../src/store/index.js";

const run = promisify(execFile);
// The sources through tsx, never a stale dist/.
const main = resolve(import.meta.dirname, "../../src/cli/main.ts");
const tsx = resolve(import.meta.dirname, "../../node_modules/.bin/tsx");

let dir: string;
let stateUrl: string;

/** The real CLI in a child process, as an operator runs it (no settings file; the state database from the env). */
async function cpwoo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CPWOO_"))) as Record<
    string,
    string
  >;
  try {
    const { stdout, stderr } = await run(tsx, [main, ...args], {
      cwd: dir,
      env: { ...env, CPWOO_STATE_DB: stateUrl },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cpwoo-health-cli-"));
  stateUrl = `sqlite:${join(dir, "state.sqlite")}`;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("cpwoo health", () => {
  it("reports critical (exit 2) when the state database is not migrated", async () => {
    const out = await cpwoo("health", "--no-probe");
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/CRIT state: \d+ migration\(s\) pending: run cpwoo migrate/);
  });

  it("exits 0 healthy, 1 warning, 2 critical, with a reason on every line", async () => {
    const store = await openStateStore(stateUrl);
    try {
      await migrateStateStore(store);
      const healthy = await cpwoo("health", "--no-probe", "--json");
      expect(healthy.code).toBe(0);
      expect(JSON.parse(healthy.stdout)).toMatchObject({ status: "healthy" });

      await upsertOrder(store.db, { storeId: "main", wooOrderId: 501 });
      await recordOrderTransition(store.db, {
        storeId: "main",
        wooOrderId: 501,
        to: "invalid",
        reason: "shipping.country: unknown",
      });
      const warning = await cpwoo("health", "--no-probe");
      expect(warning.code).toBe(1);
      expect(warning.stdout).toContain("cpwoo is warning");
      expect(warning.stdout).toContain("WARN orders invalid: 1 invalid order(s)");
      expect(warning.stdout).toContain("shipping.country: unknown");

      // Probing an unconfigured WooCommerce and Counterpoint: both unreachable, so critical.
      const critical = await cpwoo("health", "--json");
      expect(critical.code).toBe(2);
      const report = JSON.parse(critical.stdout) as HealthReport;
      expect(report.status).toBe("critical");
      const woo = report.checks.find((c) => c.name === "woocommerce");
      expect(woo?.status).toBe("critical");
      expect(woo?.reason).toContain("not configured");
      for (const line of report.checks) expect(line.reason).not.toBe("");
    } finally {
      await store.close();
    }
  });
});
