import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { opsSettingsSchema, type OpsSettings } from "../../src/config/index.js";
import { AlertManager } from "../../src/ops/alerts.js";
import { evaluateHealth, type HealthFacts, type JobFact, type OrderFact } from "../../src/ops/health.js";
import { selfSignedCertificate, type TlsMaterial } from "../../src/sandbox/woo/tls-cert.js";
import { listAlertMails } from "../../src/store/index.js";
import { testEngines } from "../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "../store/open-migrated-store.js";
import { startSmtpServer, type TestSmtpServer } from "./smtp-test-server.js";

const thresholds = opsSettingsSchema.parse({}).health;
const start = new Date("2026-03-01T12:00:00.000Z");
const auth = { user: "alerts@shop.example", password: "s3cret-pw" };

let tls: TlsMaterial;
let tmp: string;
let caFile: string;
beforeAll(() => {
  tls = selfSignedCertificate();
  tmp = mkdtempSync(join(tmpdir(), "cpwoo-alerts-"));
  caFile = join(tmp, "ca.pem");
  writeFileSync(caFile, tls.cert);
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function alertSettings(
  port: number,
  smtp: Partial<OpsSettings["alerts"]["smtp"]>,
  more: object = {},
): OpsSettings["alerts"] {
  return opsSettingsSchema.parse({
    alerts: {
      to: ["ops@shop.example", "owner@shop.example"],
      smtp: { host: "127.0.0.1", port, timeoutMs: 5000, ...smtp },
      ...more,
    },
  }).alerts;
}

function order(id: number, state: "invalid" | "dead", updatedAt: Date): OrderFact {
  const at = updatedAt.toISOString();
  return {
    storeId: "main",
    wooOrderId: id,
    wooNumber: String(id),
    state,
    reason: "billing.email: missing",
    createdAt: at,
    updatedAt: at,
  };
}

const pollJob = (failures: number): JobFact => ({
  job: "orders.poll",
  schedule: null,
  lastSuccessAt: null,
  lastRun:
    failures > 0
      ? {
          status: "failed",
          startedAt: start.toISOString(),
          finishedAt: start.toISOString(),
          error: "connect ECONNREFUSED",
        }
      : null,
  consecutiveFailures: failures,
});

function facts(now: Date, over: Partial<HealthFacts> = {}): HealthFacts {
  return {
    now,
    oldestWaiting: null,
    ordersByState: {},
    problemOrders: [],
    jobs: [],
    woocommerce: { ok: true, detail: "answers" },
    ...over,
  };
}

const wooDown = (now: Date, over: Partial<HealthFacts> = {}) =>
  facts(now, { woocommerce: { ok: false, detail: "connect ECONNREFUSED 10.0.0.5:443" }, ...over });

describe("alert mails over a real SMTP server", () => {
  let ctx: MigratedStore;
  let smtp: TestSmtpServer | undefined;
  beforeEach(async () => {
    ctx = await openMigratedStore("sqlite");
  });
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
    await ctx.dispose();
  });

  async function alertOnce(alerts: OpsSettings["alerts"]) {
    const manager = new AlertManager({ db: ctx.store.db, alerts, jobFailuresThreshold: 3, now: () => start });
    try {
      const f = wooDown(start);
      return await manager.evaluate(evaluateHealth(f, thresholds), f);
    } finally {
      manager.close();
    }
  }

  it("sends with AUTH on a plain connection", async () => {
    smtp = await startSmtpServer({ auth });
    const decision = await alertOnce(
      alertSettings(smtp.port, { starttls: "off", ...auth }, { from: "cpwoo@shop.example" }),
    );
    expect(decision.sent).toBe("problem");
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({
      from: "cpwoo@shop.example",
      to: ["ops@shop.example", "owner@shop.example"],
      user: auth.user,
      secure: false,
      subject: "[cpwoo] health is critical",
    });
    expect(smtp.mails[0]?.body).toContain("woocommerce: unreachable: connect ECONNREFUSED 10.0.0.5:443");
  });

  it("upgrades with STARTTLS, trusting the relay's own CA", async () => {
    smtp = await startSmtpServer({ auth, tls });
    expect((await alertOnce(alertSettings(smtp.port, { starttls: "required", caFile, ...auth }))).sent).toBe("problem");
    expect(smtp.mails[0]).toMatchObject({ user: auth.user, secure: true, from: "ops@shop.example" });
  });

  it("refuses a server without STARTTLS when it is required: the password never crosses in clear", async () => {
    smtp = await startSmtpServer({ auth });
    const refused = await alertOnce(alertSettings(smtp.port, { starttls: "required", ...auth }));
    expect(refused.sent).toBeNull();
    expect(refused.note).toMatch(/sending failed: .*STARTTLS/i);
    expect(smtp.mails).toHaveLength(0);
    const log = await listAlertMails(ctx.store.db);
    expect(log[0]).toMatchObject({ kind: "problem", sent: false });
  });

  it("speaks implicit TLS (secure: true) and fails cleanly on a bad password", async () => {
    smtp = await startSmtpServer({ auth, tls, secure: true });
    const bad = await alertOnce(alertSettings(smtp.port, { secure: true, caFile, user: auth.user, password: "wrong" }));
    expect(bad.sent).toBeNull();
    expect(bad.note).toContain("sending failed");
    expect(bad.note).not.toContain("wrong");
    // The failed attempt gave its decision back: the next evaluation sends the same mail.
    expect((await alertOnce(alertSettings(smtp.port, { secure: true, caFile, ...auth }))).sent).toBe("problem");
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ user: auth.user, secure: true });
    expect((await listAlertMails(ctx.store.db)).map((m) => m.sent)).toEqual([true, false]);
  });

  it("does nothing while alerts are not configured", async () => {
    const manager = new AlertManager({
      db: ctx.store.db,
      alerts: opsSettingsSchema.parse({}).alerts,
      jobFailuresThreshold: 3,
    });
    const f = wooDown(start);
    const decision = await manager.evaluate(evaluateHealth(f, thresholds), f);
    expect(decision.sent).toBeNull();
    expect(decision.note).toContain("alerts are off");
    expect(decision.problems.map((p) => p.key)).toEqual(["health:critical"]);
  });
});

describe.each(testEngines)("alert grouping on %s", (engine) => {
  let ctx: MigratedStore;
  let smtp: TestSmtpServer;
  let now: Date;
  let manager: AlertManager;
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
    smtp = await startSmtpServer({ auth });
    now = start;
    manager = new AlertManager({
      db: ctx.store.db,
      alerts: alertSettings(smtp.port, { starttls: "off", ...auth }, { groupWindowMinutes: 30, remindAfterHours: 4 }),
      jobFailuresThreshold: 3,
      now: () => now,
    });
  });
  afterEach(async () => {
    manager.close();
    await smtp.close();
    await ctx.dispose();
  });

  async function evaluate(f: HealthFacts) {
    now = f.now;
    return manager.evaluate(evaluateHealth(f, thresholds), f);
  }

  it("an outage of 50 failing evaluations sends one mail, and its recovery one more", async () => {
    const sent: (string | null)[] = [];
    for (let i = 0; i < 50; i++) {
      // The poll job starts failing too after a few runs, and orders go dead: all part of the same outage.
      const f = wooDown(at(i * 10), {
        jobs: [pollJob(i)],
        ...(i >= 20 ? { ordersByState: { dead: 1 }, problemOrders: [order(7, "dead", at(200))] } : {}),
      });
      sent.push((await evaluate(f)).sent);
    }
    expect(sent.filter((s) => s !== null)).toEqual(["problem"]);
    expect(smtp.mails).toHaveLength(1);

    const recovered = await evaluate(facts(at(600), { jobs: [pollJob(0)] }));
    expect(recovered.sent).toBe("recovery");
    expect((await evaluate(facts(at(610)))).sent).toBeNull();
    expect(smtp.mails).toHaveLength(2);
    const [, recovery] = smtp.mails;
    expect(recovery?.subject).toBe("[cpwoo] recovered after 10 min");
    expect(recovery?.body).toContain("Everything is fine again");
    expect(recovery?.body).toContain("job orders.poll is failing");
    expect(recovery?.body).toContain("1 dead order(s)");
  });

  it("mails what came up later once the group window has passed, and reminds while it stays open", async () => {
    expect((await evaluate(wooDown(at(0)))).sent).toBe("problem");
    // A job failing 5 minutes in waits for the window…
    expect((await evaluate(wooDown(at(300), { jobs: [pollJob(3)] }))).note).toBe(
      "grouped: waiting for the group window",
    );
    // …and goes out once it passed, marked new.
    expect((await evaluate(wooDown(at(1800), { jobs: [pollJob(9)] }))).sent).toBe("update");
    expect(smtp.mails[1]?.subject).toBe("[cpwoo] update: health is critical (+1 more)");
    expect(smtp.mails[1]?.body).toContain("job orders.poll is failing (new)");
    expect((await evaluate(wooDown(at(3 * 3600), { jobs: [pollJob(9)] }))).sent).toBeNull();
    expect((await evaluate(wooDown(at(1800 + 4 * 3600), { jobs: [pollJob(9)] }))).sent).toBe("reminder");
    expect(smtp.mails[2]?.subject).toMatch(/^\[cpwoo\] still open after 4 h 30 min: health is critical/);
    expect(smtp.mails).toHaveLength(3);
  });

  it("mails invalid and dead orders that are new since the last mail, and the recovery once they are handled", async () => {
    const first = [order(11, "invalid", at(0))];
    expect((await evaluate(facts(at(0), { ordersByState: { invalid: 1 }, problemOrders: first }))).sent).toBe(
      "problem",
    );
    expect(smtp.mails[0]?.subject).toBe("[cpwoo] 1 invalid order(s)");
    expect(smtp.mails[0]?.body).toContain("New invalid or dead orders (1):");
    expect(smtp.mails[0]?.body).toContain("invalid main order 11");
    // The same order seen again is not news.
    expect((await evaluate(facts(at(2000), { ordersByState: { invalid: 1 }, problemOrders: first }))).sent).toBeNull();
    const second = [order(12, "dead", at(2100)), ...first];
    expect(
      (await evaluate(facts(at(2200), { ordersByState: { invalid: 1, dead: 1 }, problemOrders: second }))).sent,
    ).toBe("update");
    expect(smtp.mails[1]?.body).toContain("New invalid or dead orders (1):\n  - dead main order 12");
    expect(smtp.mails[1]?.body).not.toContain("New invalid or dead orders (2)");
    expect((await evaluate(facts(at(2300)))).sent).toBe("recovery");
    expect(smtp.mails).toHaveLength(3);
  });

  it("a problem that clears before its mail may go is never mailed; flapping sends at most one mail per window", async () => {
    expect((await evaluate(wooDown(at(0)))).sent).toBe("problem");
    expect((await evaluate(facts(at(60)))).sent).toBe("recovery");
    // Down again a minute after the recovery mail: held back by the window, then it clears: nothing.
    expect((await evaluate(wooDown(at(120)))).sent).toBeNull();
    expect((await evaluate(facts(at(180)))).note).toBe("the incident cleared before it was mailed");
    expect((await evaluate(wooDown(at(240)))).sent).toBeNull();
    expect((await evaluate(wooDown(at(1900)))).sent).toBe("problem");
    expect(smtp.mails.map((m) => m.subject)).toEqual([
      "[cpwoo] health is critical",
      "[cpwoo] recovered after 1 min",
      "[cpwoo] health is critical",
    ]);
  });

  it("two processes evaluating at once send one mail", async () => {
    const other = new AlertManager({
      db: ctx.store.db,
      alerts: alertSettings(smtp.port, { starttls: "off", ...auth }),
      jobFailuresThreshold: 3,
      now: () => start,
    });
    try {
      const f = wooDown(start);
      const report = evaluateHealth(f, thresholds);
      const decisions = await Promise.all([manager.evaluate(report, f), other.evaluate(report, f)]);
      expect(decisions.filter((d) => d.sent === "problem")).toHaveLength(1);
      expect(decisions.filter((d) => d.sent === null)).toHaveLength(1);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      other.close();
    }
  });
});
