import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIN_CUSTOMERS, MIN_ITEMS } from "../../../src/sandbox/replica/demo-store-rows.js";
import { initDemoStore } from "../../../src/sandbox/replica/fill-demo-store.js";
import { startWooSandbox, type WooSandbox } from "../../../src/sandbox/woo/start-woo-sandbox.js";
import { migrateStateStore, openStateStore } from "../../../src/store/index.js";
import { RECORDED_DIR } from "../../contract/recordings.js";
import { demoTaxCodes } from "./harness.js";

const run = promisify(execFile);
const main = join(import.meta.dirname, "../../../src/cli/main.ts");
const tsx = join(import.meta.dirname, "../../../node_modules/.bin/tsx");

let dir: string;
let sandbox: WooSandbox;
let env: Record<string, string>;

async function cpwoo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CPWOO_")));
  try {
    const config = join(dir, "cpwoo.config.json");
    const { stdout, stderr } = await run(tsx, [main, "--config", config, ...args], {
      cwd: dir,
      env: { ...clean, ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cpwoo-customers-cli-"));
  const cpUrl = `sqlite:${join(dir, "cp.sqlite")}`;
  const stateUrl = `sqlite:${join(dir, "state.sqlite")}`;
  const { db } = await initDemoStore(cpUrl, { items: MIN_ITEMS, customers: MIN_CUSTOMERS, seed: "cli" });
  await db.destroy();
  const state = await openStateStore(stateUrl);
  await migrateStateStore(state);
  await state.close();
  sandbox = await startWooSandbox({ port: 0, fixtures: RECORDED_DIR });
  for (const w of [...sandbox.store.webhooks.values()]) sandbox.store.deleteWebhook(w.id);
  // A bot registers on the web.
  sandbox.store.putCustomer({
    ...[...sandbox.store.customers.values()][0]!,
    id: 50,
    email: "q1w2e3r4t5y6u7i8o9p0a1s2@mailinator.com",
    firstName: "",
    lastName: "",
    username: "q1w2e3r4t5y6u7i8o9p0a1s2",
    displayName: "bot",
    billing: {
      ...[...sandbox.store.customers.values()][0]!.billing,
      first_name: "",
      last_name: "",
      address_1: "",
      phone: "",
      company: "",
    },
    shipping: {
      ...[...sandbox.store.customers.values()][0]!.shipping,
      first_name: "",
      last_name: "",
      address_1: "",
      phone: "",
      company: "",
    },
  });
  writeFileSync(
    join(dir, "cpwoo.config.json"),
    JSON.stringify({ customers: { numbering: { prefix: "OL-" }, taxCodes: demoTaxCodes } }),
  );
  env = {
    CPWOO_CP_DB: cpUrl,
    CPWOO_STATE_DB: stateUrl,
    CPWOO_WOO_URL: sandbox.url,
    CPWOO_WOO_KEY: sandbox.consumerKey,
    CPWOO_WOO_SECRET: sandbox.consumerSecret,
  };
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("cpwoo customers", () => {
  it("sync --dry-run writes nothing; sync creates, quarantines and links; the commands show it", async () => {
    const dry = await cpwoo("customers", "sync", "--direction", "in", "--dry-run", "--json");
    expect(dry.stderr).toBe("");
    const dryIn = (JSON.parse(dry.stdout) as { in: { created: number; wouldCreate: number } }).in;
    expect(dryIn).toMatchObject({ created: 0, wouldCreate: 2 });

    const synced = await cpwoo("customers", "sync", "--direction", "in");
    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/2 created/);
    // The shop's admin (user 1, an empty profile) is held too: quarantine never deletes, so that is harmless.
    expect(synced.stdout).toMatch(/2 quarantined/);
    expect(synced.stdout).toContain(
      "customer 50: quarantined: e-mail domain mailinator.com is a disposable-mail domain",
    );

    const held = await cpwoo("customers", "quarantine", "list", "--json");
    expect((JSON.parse(held.stdout) as { sourceKey: string }[]).map((e) => e.sourceKey)).toEqual([
      "customer:1",
      "customer:50",
    ]);

    const shown = await cpwoo("customers", "show", "4", "--json");
    const zoe = JSON.parse(shown.stdout) as { custNo: string; customer: { NAM: string } };
    expect(zoe.custNo).toMatch(/^OL-/);
    expect(zoe.customer.NAM).toBe("Zoë Ñúñez-O'Brien");

    const listed = await cpwoo("customers", "list", "--json", "--limit", "500");
    const rows = JSON.parse(listed.stdout) as { CUST_NO: string; wooId: number | null }[];
    expect(rows.find((r) => r.CUST_NO === "2306")?.wooId).toBe(2);

    expect((await cpwoo("customers", "unlink", "2306")).stdout).toContain("unlinked Woo 2");
    expect((await cpwoo("customers", "link", "2306", "2")).stdout).toContain("linked 2306");
    const clash = await cpwoo("customers", "link", "10057", "2");
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain("already mapped");

    const released = await cpwoo("customers", "quarantine", "release", "50");
    expect(released.stdout).toContain("released customer:50");
    const again = await cpwoo("customers", "sync", "--direction", "in", "--json");
    expect((JSON.parse(again.stdout) as { in: { created: number } }).in.created).toBe(1);

    const bad = await cpwoo("customers", "link", "2306", "abc");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a WooCommerce customer id: "abc"');
  }, 120_000);
});
