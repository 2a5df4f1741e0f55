import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncedOrder } from "../../src/store/index.js";
import { type OrdersHarness, startOrdersHarness } from "../flows/orders/orders-harness.js";

const run = promisify(execFile);
const main = join(import.meta.dirname, "../../src/cli/main.ts");
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

let h: OrdersHarness;
let dir: string;
let env: Record<string, string>;

const config = (name: string) => join(dir, name);

function cleanEnv(): Record<string, string> {
  const clean = Object.entries(process.env).filter(([k]) => !k.startsWith("CPWOO_"));
  return { ...(Object.fromEntries(clean) as Record<string, string>), ...env };
}

/** The real CLI in a child process, as an operator runs it. */
async function cpwoo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [main, "--config", config("cpwoo.config.json"), ...args], {
      cwd: dir,
      env: cleanEnv(),
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const json = <T>(out: { stdout: string }) => JSON.parse(out.stdout) as T;

async function documents(): Promise<{ DOC_ID: unknown; REF: string | null }[]> {
  return h.cp.selectFrom("PS_DOC_HDR").select(["DOC_ID", "REF"]).where("REF", "is not", null).execute();
}

async function stateRows(): Promise<number> {
  const row = await h.ports.state.db
    .selectFrom("synced_orders")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const settings = { customers: { taxCodes: { byState: { FL: "FL-Broward" } } }, orders: { ackStatus: "completed" } };

beforeAll(async () => {
  h = await startOrdersHarness("sqlite");
  dir = mkdtempSync(join(tmpdir(), "cpwoo-orders-cli-"));
  writeFileSync(config("cpwoo.config.json"), JSON.stringify(settings));
  env = {
    CPWOO_CP_DB: h.cpUrl,
    CPWOO_STATE_DB: h.stateUrl,
    CPWOO_WOO_URL: h.sandbox.url,
    CPWOO_WOO_KEY: h.sandbox.consumerKey,
    CPWOO_WOO_SECRET: h.sandbox.consumerSecret,
  };
}, 60_000);

afterAll(async () => {
  await h?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// One story, in order: each step starts where the previous one left the replica, the store and the state.
describe("cpwoo orders", { timeout: 180_000 }, () => {
  let paid: { id: number; total: string };
  let unknownSku: { id: number };

  it("refuses bad arguments with exit 2, naming the problem", async () => {
    const [badDate, badState, unknownId, noReason, badCalendar, noSince, retryBoth, dryNoOnce] = await Promise.all([
      cpwoo("orders", "sync", "--once", "--since", "yesterday"),
      cpwoo("orders", "list", "--state", "lost"),
      cpwoo("orders", "show", "999"),
      cpwoo("orders", "skip", "999"),
      cpwoo("orders", "reconcile", "--since", "2026-02-30"),
      cpwoo("orders", "reconcile"),
      cpwoo("orders", "retry"),
      cpwoo("orders", "sync", "--dry-run"),
    ]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("--since must be an ISO date (2026-01-31) or datetime");
    expect(badDate.stderr).toContain('got "yesterday"');
    expect(badState.code).toBe(2);
    expect(badState.stderr).toContain('unknown state "lost"; the states are: received, staged, created, acknowledged');
    expect(unknownId.code).toBe(2);
    expect(unknownId.stderr).toContain("web order 999 is not known to cpwoo");
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("--reason is required");
    expect(badCalendar.code).toBe(2);
    expect(badCalendar.stderr).toContain('got "2026-02-30"');
    expect(noSince.code).toBe(2);
    expect(noSince.stderr).toContain("--since is required");
    expect(retryBoth.code).toBe(2);
    expect(retryBoth.stderr).toContain("give either a web order id or --dead");
    expect(dryNoOnce.code).toBe(2);
    expect(dryNoOnce.stderr).toContain("--dry-run needs --once");
  });

  it("sync --once --dry-run shows what each order would become and writes nothing", async () => {
    paid = await h.place({
      lines: [{ sku: "PBO-BTL-32", quantity: 2 }],
      shipping: { methodId: "flat_rate", total: "7.95" },
    });
    await h.woo.products.create({ name: "Web only", sku: "WEB-ONLY-1", status: "publish", regular_price: "5.00" });
    unknownSku = await h.place({ lines: [{ sku: "WEB-ONLY-1", quantity: 1 }], guest: { email: "cy@example.com" } });

    const dry = await cpwoo("orders", "sync", "--once", "--dry-run", "--json");
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    const items = json<{ dryRun: boolean; items: Record<string, unknown>[] }>(dry).items;
    expect(items).toEqual([
      expect.objectContaining({ wooOrderId: paid.id, state: null, result: "would-create", kind: "order", lines: 1 }),
      expect.objectContaining({
        wooOrderId: unknownSku.id,
        result: "invalid",
        reason: expect.stringContaining("line_items[0].sku") as string,
      }),
    ]);
    expect(items[0]?.total).toBe(paid.total);

    const text = await cpwoo("orders", "sync", "--once", "--dry-run");
    expect(text.stdout).toContain("dry run (nothing written): 2 web orders");
    expect(text.stdout).toContain("(new)");
    expect(text.stdout).toContain(paid.total);

    expect(await documents()).toEqual([]);
    expect(await stateRows()).toBe(0);
  });

  it("sync --once makes the documents and prints each order's outcome", async () => {
    const synced = await cpwoo("orders", "sync", "--once");
    expect(synced.code).toBe(0);
    const docs = await documents();
    expect(docs).toHaveLength(1);
    const listed = json<SyncedOrder[]>(await cpwoo("orders", "list", "--json"));
    const done = listed.find((o) => o.wooOrderId === paid.id);
    expect(done).toMatchObject({ state: "acknowledged", cpDocId: String(docs[0]?.DOC_ID) });
    expect(synced.stdout).toContain(`${done?.cpTktNo} (document ${done?.cpDocId})`);
    expect(synced.stdout).toMatch(/acknowledged.*invalid.*retrying.*dead.*cancelled/s);
    expect(synced.stdout).toContain("line_items[0].sku");

    // A second run finds nothing new to do.
    const again = json<{ outcomes: unknown[] }>(await cpwoo("orders", "sync", "--once", "--json"));
    expect(again.outcomes).toEqual([]);
    expect(await documents()).toHaveLength(1);
  });

  it("list filters by state and shows reasons (cut in the table, whole in JSON)", async () => {
    const invalid = json<SyncedOrder[]>(await cpwoo("orders", "list", "--state", "invalid", "--json"));
    expect(invalid.map((o) => o.wooOrderId)).toEqual([unknownSku.id]);
    expect(invalid[0]?.reason).toContain("line_items[0].sku");
    const table = await cpwoo("orders", "list");
    expect(table.stdout).toContain("acknowledged");
    expect(table.stdout).toContain("2 orders");
  });

  it("show prints the state, the timeline and the Counterpoint document", async () => {
    const shown = await cpwoo("orders", "show", String(paid.id));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`web order ${paid.id}`);
    expect(shown.stdout).toMatch(/received[\s\S]*staged[\s\S]*created[\s\S]*acknowledged/);
    expect(shown.stdout).toContain("Counterpoint order");
    expect(shown.stdout).toContain("PBO-BTL-32");
    const data = json<{
      transitions: { to: string }[];
      document: { header: { custNo: string }; lines: { itemNo: string; qty: string }[]; totals: { total: string }[] };
    }>(await cpwoo("orders", "show", String(paid.id), "--json"));
    expect(data.transitions.at(-1)?.to).toBe("acknowledged");
    expect(data.document.lines.map((l) => [l.itemNo, Number(l.qty)])).toEqual([["PBO-BTL-32", 2]]);
    expect(data.document.totals.map((t) => t.total)).toContain(paid.total);

    const invalid = await cpwoo("orders", "show", String(unknownSku.id));
    expect(invalid.stdout).toContain("reason: line_items[0].sku");
    expect(invalid.stdout).toContain("no Counterpoint document");
  });

  it("reconcile is clean but for the invalid order, then finds the rolled-back one missing", async () => {
    const first = await cpwoo("orders", "reconcile", "--since", "2000-01-01", "--json");
    expect(first.code).toBe(1);
    const report = json<{ matched: number; missing: { wooOrderId: number; state: string }[] }>(first);
    expect(report.matched).toBe(1);
    expect(report.missing).toEqual([expect.objectContaining({ wooOrderId: unknownSku.id, state: "invalid" })]);

    const rolled = await cpwoo("orders", "rollback", String(paid.id));
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain("rolled back web order");
    expect(rolled.stdout).toContain("released stock of 1 line:");
    expect(rolled.stdout).toMatch(/PBO-BTL-32 × 2/);
    expect(await documents()).toEqual([]);

    const again = await cpwoo("orders", "rollback", String(paid.id));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`web order ${paid.id} is already rolled back: nothing to remove`);

    const second = await cpwoo("orders", "reconcile", "--since", "2000-01-01");
    expect(second.code).toBe(1);
    expect(second.stdout).toContain("2 missing");
    expect(second.stdout).toContain("rolled_back");
  });

  it("skip needs a known order and records the reason; retry puts orders back and the next sync remakes them", async () => {
    const skipped = await cpwoo("orders", "skip", String(unknownSku.id), "--reason", "sold by phone");
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain("skipped: operator: sold by phone");

    const retried = await cpwoo("orders", "retry", String(paid.id));
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(`web order ${paid.id} is back in line`);
    const none = await cpwoo("orders", "retry", "--dead");
    expect(none.stdout).toContain("0 orders to retry");

    const synced = json<{ counts: Record<string, number> }>(await cpwoo("orders", "sync", "--once", "--json"));
    expect(synced.counts).toMatchObject({ acknowledged: 1, invalid: 0 });
    expect(await documents()).toHaveLength(1);

    const refused = await cpwoo("orders", "retry", String(paid.id));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is acknowledged: nothing to retry");

    const reconciled = await cpwoo("orders", "reconcile", "--since", "2000-01-01");
    expect(reconciled.stdout).toContain("1 missing");
    expect(reconciled.stdout).toContain("skipped");
  });

  it("sync without --once runs until SIGTERM, printing each drained batch", async () => {
    const placed = await h.place({ lines: [{ sku: "PBO-TOTE", quantity: 1 }], guest: { email: "di@example.com" } });
    writeFileSync(
      config("service.config.json"),
      JSON.stringify({ ...settings, woo: { webhookSecret: "s3cret-for-tests" }, http: { host: "127.0.0.1", port: 0 } }),
    );
    const child: ChildProcess = spawn(tsx, [main, "--config", config("service.config.json"), "orders", "sync"], {
      cwd: dir,
      env: { ...cleanEnv(), CPWOO_LOG_LEVEL: "silent" },
    });
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const batch = new Promise<void>((resolve) => {
      child.stdout?.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes(`#${placed.id} →`)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await Promise.race([batch, exited]);
    child.kill("SIGTERM");
    expect(await exited, stderr).toBe(0);
    expect(stderr).toContain("orders webhook listening on http://127.0.0.1:");
    expect(stdout).toMatch(new RegExp(`batch of 1: 1 acknowledged \\(#${placed.id} → \\S+\\)`));
    expect(await documents()).toHaveLength(2);
  });
});
