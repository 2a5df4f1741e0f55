import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeKeyOf } from "../../src/flows/customers/store-key.js";
import { retryOrders } from "../../src/flows/orders/order-operations.js";
import { findOrder } from "../../src/store/index.js";
import { testEngines } from "../helpers/databases.js";
import { type OrdersHarness, startOrdersHarness } from "../flows/orders/orders-harness.js";
import { type TestSmtpServer, startSmtpServer } from "../ops/smtp-test-server.js";
import { daemonSettings, registerWebhooks, startDaemonProcess, WEBHOOK_SECRET, waitUntil } from "./daemon-process.js";

interface HealthBody {
  status: string;
  checks: { name: string; status: string; reason: string }[];
}

async function health(address: string): Promise<{ code: number; body: HealthBody }> {
  const res = await fetch(`${address}/health`);
  return { code: res.status, body: (await res.json()) as HealthBody };
}

function logLines(dir: string): { files: string[]; text: string } {
  const files = readdirSync(dir).filter((f) => f.startsWith("cpwoo.log"));
  return { files, text: files.map((f) => readFileSync(join(dir, f), "utf8")).join("") };
}

describe.each(testEngines)("cpwoo run operations (%s)", { timeout: 180_000 }, (engine) => {
  let h: OrdersHarness;
  let smtp: TestSmtpServer;
  let dir: string;

  beforeAll(async () => {
    h = await startOrdersHarness(engine);
    smtp = await startSmtpServer({});
    dir = mkdtempSync(join(tmpdir(), "cpwoo-daemon-ops-"));
  }, 60_000);

  afterAll(async () => {
    await h?.dispose();
    await smtp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a dead order turns /health critical and mails once; retried, it recovers; metrics and logs follow", async () => {
    const logDir = join(dir, "logs");
    const settings = daemonSettings({
      // No retries anywhere: the first failed attempt kills the order.
      woo: { webhookSecret: WEBHOOK_SECRET, maxRetries: 0, timeoutMs: 2000 },
      orders: { maxAttempts: 1 },
      ops: {
        alerts: {
          to: ["ops@shop.example"],
          from: "cpwoo@shop.example",
          evaluateEverySeconds: 1,
          smtp: { host: "127.0.0.1", port: smtp.port, starttls: "off" },
        },
        logs: { dir: logDir, maxSizeMb: 0.01, maxFiles: 3 },
        health: { deadCriticalCount: 1, cacheSeconds: 0.2, probeTimeoutMs: 2000 },
      },
    });
    const schedules = settings.schedules as Record<string, unknown>;
    // Orders come by webhook only, so the poll cannot fail beside the dead order.
    const d = startDaemonProcess(
      dir,
      engine,
      { ...settings, schedules: { ...schedules, ordersPoll: { cron: "0 0 1 1 *" } } },
      {
        CPWOO_CP_DB: h.cpUrl,
        CPWOO_STATE_DB: h.stateUrl,
        CPWOO_WOO_URL: h.sandbox.url,
        CPWOO_WOO_KEY: h.sandbox.consumerKey,
        CPWOO_WOO_SECRET: h.sandbox.consumerSecret,
      },
    );
    const address = await d.address;
    await registerWebhooks(h, address);
    await waitUntil(async () => (await health(address)).code === 200, 30_000, "a healthy daemon", d);
    const healthy = await health(address);
    expect(healthy.body.checks.find((c) => c.name === "woocommerce")).toMatchObject({ status: "healthy" });
    expect(healthy.body.checks.find((c) => c.name === "counterpoint")).toMatchObject({ status: "healthy" });

    // The worker's read of the web order fails: with one attempt allowed the order is dead at once.
    const fault = h.sandbox.faults.add({ method: "GET", path: "/wc/v3/orders", kind: "status", status: 503 });
    const order = await h.place({ lines: [{ sku: "PBO-TOTE", quantity: 1 }], guest: { email: "ops@example.com" } });
    const ports = { ...h.ports, storeId: storeKeyOf(h.sandbox.url) };
    const stateOf = async () =>
      (await findOrder(ports.state.db, { storeId: ports.storeId, wooOrderId: order.id }))?.state;
    await waitUntil(async () => (await stateOf()) === "dead", 30_000, "the order to go dead", d);

    await waitUntil(async () => (await health(address)).code === 503, 10_000, "/health to turn critical", d);
    const critical = await health(address);
    expect(critical.body.status).toBe("critical");
    const dead = critical.body.checks.find((c) => c.name === "orders dead");
    expect(dead?.status).toBe("critical");
    expect(dead?.reason).toContain(`order ${order.id}`);
    expect(dead?.reason).toContain("503");

    await waitUntil(() => Promise.resolve(smtp.mails.length > 0), 20_000, "the alert mail", d);
    const problem = smtp.mails[0];
    expect(problem?.to).toEqual(["ops@shop.example"]);
    expect(problem?.subject).toMatch(/^\[cpwoo\] /);
    expect(problem?.body).toContain("1 dead order(s)");
    expect(problem?.body).toContain(`order ${order.id}`);

    expect(h.sandbox.faults.remove(fault)).toBe(true);
    await retryOrders(ports, { wooOrderId: order.id });
    await waitUntil(async () => (await stateOf()) === "acknowledged", 30_000, "the retried order", d);
    await waitUntil(async () => (await health(address)).code === 200, 10_000, "/health to recover", d);
    await waitUntil(
      () => Promise.resolve(smtp.mails.some((m) => m.subject.includes("recovered after"))),
      20_000,
      "the recovery mail",
      d,
    );
    expect(smtp.mails.filter((m) => m.subject.includes("recovered after"))).toHaveLength(1);
    expect(smtp.mails.at(-1)?.body).toContain("dead order(s)");

    const metrics = await (await fetch(`${address}/metrics`)).text();
    expect(metrics).toMatch(/cpwoo_woo_requests_total\{[^}]*resource="orders"[^}]*status="200"\} [1-9]/);
    expect(metrics).toMatch(/cpwoo_woo_errors_total\{[^}]*resource="orders"[^}]*kind="http_5xx"\} [1-9]/);
    expect(metrics).toContain('cpwoo_orders{state="acknowledged"} 1');
    expect(metrics).toContain("cpwoo_order_latency_seconds_count 1");
    expect(metrics).toMatch(/cpwoo_counterpoint_queries_total [1-9]/);
    expect(metrics).toMatch(/cpwoo_job_runs_total\{job="inventory\.sync",outcome="completed"\} [1-9]/);
    expect(metrics).toMatch(/cpwoo_queue_depth\{queue="orders"\} 0/);

    expect((await d.stop("SIGTERM")).code).toBe(0);
    // JSON log lines in the rotating file (small files: it has rotated), one readable message per job run.
    const { files, text } = logLines(logDir);
    expect(files).toContain("cpwoo.log");
    expect(existsSync(join(logDir, "cpwoo.log.1"))).toBe(true);
    expect(files.length).toBeLessThanOrEqual(4);
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { msg?: string; level: string; event?: string });
    expect(lines.some((l) => /^inventory\.sync (attempt 1\/3 )?succeeded in \d+\.\ds/.test(l.msg ?? ""))).toBe(true);
    expect(d.stdout()).toMatch(/"msg":"orders\.drain succeeded in \d+\.\ds: claimed 1, acknowledged 1"/);
    expect(d.stdout()).toContain("alert mail sent (recovery)");
    for (const out of [text, d.stdout(), d.stderr()]) expect(out).not.toContain(h.sandbox.consumerSecret);
  });
});
