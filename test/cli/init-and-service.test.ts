import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OrdersHarness, startOrdersHarness } from "../flows/orders/orders-harness.js";

const run = promisify(execFile);
const main = join(import.meta.dirname, "../../src/cli/main.ts");
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

let h: OrdersHarness;
let dir: string;

async function cpwoo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CPWOO_"))) as Record<
    string,
    string
  >;
  try {
    const { stdout, stderr } = await run(tsx, [main, "--config", join(dir, "cpwoo.config.json"), ...args], {
      cwd: dir,
      env,
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
  dir = mkdtempSync(join(tmpdir(), "cpwoo-init-"));
}, 60_000);
afterAll(async () => {
  await h.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("cpwoo init", () => {
  it("refuses to write settings whose WooCommerce keys do not work, naming the check", async () => {
    const out = await cpwoo(
      "init",
      "--woo-url",
      h.sandbox.url,
      "--woo-key",
      "ck_0000000000000000000000000000000000000000",
      "--woo-secret",
      "cs_0000000000000000000000000000000000000000",
      "--cp-db",
      h.cpUrl,
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/not written: woocommerce/);
    expect(existsSync(join(dir, "cpwoo.config.json"))).toBe(false);
  });

  it("tests the answers, writes the settings and registers the webhooks once", async () => {
    const args = [
      "init",
      "--woo-url",
      h.sandbox.url,
      "--woo-key",
      h.sandbox.consumerKey,
      "--woo-secret",
      h.sandbox.consumerSecret,
      "--cp-db",
      h.cpUrl,
      "--state-db",
      `sqlite:${join(dir, "state.sqlite")}`,
      "--public-url",
      "http://127.0.0.1:9/",
    ];
    const first = await cpwoo(...args);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/webhooks: 3 registered/);
    const written = JSON.parse(readFileSync(join(dir, "cpwoo.config.json"), "utf8")) as {
      woo: { url: string; webhookSecret: string };
      counterpoint: { db: string };
    };
    expect(written.woo.url).toBe(h.sandbox.url);
    expect(written.woo.webhookSecret).toMatch(/^[A-Za-z0-9]{20,}$/);
    expect(written.counterpoint.db).toBe(h.cpUrl);
    const hooks = await h.woo.webhooks.list();
    expect(hooks.map((w) => `${w.topic} ${w.delivery_url}`).sort()).toEqual([
      "order.created http://127.0.0.1:9/webhooks/woocommerce",
      "order.updated http://127.0.0.1:9/webhooks/woocommerce",
      "product.updated http://127.0.0.1:9/webhooks/woocommerce",
    ]);
    const again = await cpwoo(...args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/webhooks: 0 registered, 3 already there/);
    // The secret is kept, so the registered webhooks still verify.
    const kept = JSON.parse(readFileSync(join(dir, "cpwoo.config.json"), "utf8")) as { woo: { webhookSecret: string } };
    expect(kept.woo.webhookSecret).toBe(written.woo.webhookSecret);
    expect(await h.woo.webhooks.list()).toHaveLength(3);
  });

  it("asks for what is missing only in a terminal, and otherwise names the flag", async () => {
    const out = await cpwoo("init", "--woo-url", h.sandbox.url);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--woo-key is required/);
  });
});

describe("cpwoo service install --print", () => {
  it("prints a WinSW definition and a systemd unit that run `cpwoo run` with this config", async () => {
    const out = await cpwoo("service", "install", "--print", "--user", "cpwoo");
    expect(out.code).toBe(0);
    const config = join(dir, "cpwoo.config.json");
    expect(out.stdout).toContain("<startmode>Automatic</startmode>");
    expect(out.stdout).toContain(`--config "${config}" run</arguments>`);
    expect(out.stdout).toContain(`ExecStart=${process.execPath}`);
    expect(out.stdout).toMatch(/bin\/cpwoo\.js --config \S+cpwoo\.config\.json run/);
    expect(out.stdout).toContain("User=cpwoo");
    expect(out.stdout).toContain("Restart=on-failure");
    expect(out.stdout).toContain("Environment=NODE_OPTIONS=--max-semi-space-size=16 --max-old-space-size=256");
    expect(out.stdout).toContain(
      '<env name="NODE_OPTIONS" value="--max-semi-space-size=16 --max-old-space-size=256"/>',
    );
    const linux = await cpwoo("service", "install", "--print", "--platform", "linux");
    expect(linux.stdout).not.toContain("<service>");
    const refused = await cpwoo("service", "install");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--print/);
  });
});
