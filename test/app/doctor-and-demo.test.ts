import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "../../src/app/demo.js";
import { checkCounterpoint, checkStateStore, checkWooCommerce, runDoctor } from "../../src/app/doctor.js";
import { WooClient } from "../../src/woocommerce/index.js";

describe("cpwoo demo and doctor", () => {
  let dir: string;
  let demo: RunningDemo;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cpwoo-demo-"));
    demo = await startDemo({ dir, port: 0, say: (line) => lines.push(line) });
  });
  afterAll(async () => {
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts the replica, the fake store with the demo catalog and the state database, and all checks pass", async () => {
    expect(demo.checks.map((c) => [c.name, c.ok])).toEqual([
      ["woocommerce", true],
      ["counterpoint", true],
      ["state", true],
    ]);
    const client = WooClient.fromSettings(demo.settings.woo);
    try {
      const web = await client.products.bySku(["PBO-TOTE", "PBO-HOOD-M"]);
      expect(web.map((p) => p.sku).sort()).toEqual(["PBO-HOOD-M", "PBO-TOTE"]);
    } finally {
      await client.close();
    }
    expect(lines.join("\n")).toMatch(/demo store/);
  });

  it("fails the WooCommerce check with the store's reason when the secret is wrong", async () => {
    const check = await checkWooCommerce({ ...demo.settings.woo, secret: "cs_wrong", maxRetries: 0 });
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/401|signature|secret/i);
  });

  it("names the missing table and column when the Counterpoint build differs", async () => {
    const copy = join(dir, "broken.sqlite");
    const source = new Database(join(dir, "counterpoint.sqlite"));
    await source.backup(copy);
    source.close();
    const broken = new Database(copy);
    broken.exec("DROP TABLE PS_DOC_PKG_TRK_NO; ALTER TABLE PS_DOC_HDR RENAME COLUMN CUST_PO_NO TO CUST_PO_NUMBER;");
    broken.close();
    const check = await checkCounterpoint({ ...demo.settings.counterpoint, db: `sqlite:${copy}` });
    expect(check.ok).toBe(false);
    expect(check.detail).toContain("missing tables PS_DOC_PKG_TRK_NO");
    expect(check.detail).toContain("PS_DOC_HDR.CUST_PO_NO");
  });

  it("reports an absent state database instead of creating it, and runs every check at once", async () => {
    const absent = join(dir, "nope", "state.sqlite");
    const check = await checkStateStore({ db: `sqlite:${absent}` });
    expect(check).toMatchObject({ ok: false });
    expect(check.detail).toMatch(/run cpwoo migrate/);
    const all = await runDoctor({ ...demo.settings, woo: { ...demo.settings.woo, url: undefined } });
    expect(all.map((c) => c.ok)).toEqual([false, true, true]);
    expect(all[0]?.detail).toBe("not configured: set woo.url");
  });
});
