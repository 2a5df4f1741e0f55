import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "../../../src/app/demo.js";

const run = promisify(execFile);

/** The real `cpwoo` binary against the demo (replica, fake store with the demo catalog, state database). */
async function cpwoo(configFile: string, ...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, ["bin/cpwoo.js", "--config", configFile, ...args], {
      env: { ...process.env },
    });
    return { stdout, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; code: number };
    return { stdout: e.stdout, code: e.code };
  }
}

describe("cpwoo catalog / inventory / prices sync", () => {
  let dir: string;
  let demo: RunningDemo;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cpwoo-catalog-cli-"));
    demo = await startDemo({ dir, port: 0 });
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("dry-runs, syncs, and then finds nothing to do; prints a summary table", async () => {
    const dry = await cpwoo(demo.configFile, "catalog", "sync", "--dry-run", "--json");
    expect(dry.code).toBe(0);
    const planned = JSON.parse(dry.stdout) as { dryRun: boolean; created: number; updated: number };
    expect(planned.dryRun).toBe(true);

    const real = await cpwoo(demo.configFile, "catalog", "sync");
    expect(real.stdout).toMatch(/created.*updated.*retired.*unchanged.*failed/s);
    expect(real.code).toBe(0);

    const again = await cpwoo(demo.configFile, "inventory", "sync", "--json");
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, failed: [] });
    const prices = await cpwoo(demo.configFile, "prices", "sync", "--json");
    expect(JSON.parse(prices.stdout)).toMatchObject({ updated: 0, failed: [] });
  }, 120_000);
});
