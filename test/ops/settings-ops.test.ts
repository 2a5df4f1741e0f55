import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSettings as load, redactSettings, SettingsError } from "../../src/config/index.js";

// An empty settings file of our own, so a cpwoo.config.json in the working directory cannot change the answers.
const dir = mkdtempSync(join(tmpdir(), "cpwoo-ops-settings-"));
const file = join(dir, "cpwoo.config.json");
writeFileSync(file, "{}");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const loadSettings = (options: { env: NodeJS.ProcessEnv }) => load({ ...options, file });

describe("ops settings", () => {
  it("has defaults: alerts off, logs under ./data/logs, thresholds set", () => {
    const s = loadSettings({ env: {} });
    expect(s.ops.alerts).toMatchObject({
      to: [],
      groupWindowMinutes: 30,
      smtp: { port: 587, secure: false, starttls: "required" },
    });
    expect(s.ops.logs).toEqual({ dir: "./data/logs", maxSizeMb: 20, maxFiles: 5 });
    expect(s.ops.health).toMatchObject({
      oldestWaitingWarningMinutes: 60,
      oldestWaitingCriticalMinutes: 120,
      jobFailuresWarning: 3,
    });
  });

  it("reads the SMTP settings from the environment and never prints the password", () => {
    const s = loadSettings({
      env: {
        CPWOO_SMTP_HOST: "smtp.shop.example",
        CPWOO_SMTP_PORT: "465",
        CPWOO_SMTP_USER: "alerts",
        CPWOO_SMTP_PASSWORD: "hunter2-smtp",
        CPWOO_ALERTS_TO: "ops@shop.example, owner@shop.example",
        CPWOO_LOG_DIR: "/var/log/cpwoo",
      },
    });
    expect(s.ops.alerts.smtp).toMatchObject({
      host: "smtp.shop.example",
      port: 465,
      user: "alerts",
      password: "hunter2-smtp",
    });
    expect(s.ops.alerts.to).toEqual(["ops@shop.example", "owner@shop.example"]);
    expect(s.ops.logs.dir).toBe("/var/log/cpwoo");
    const printed = JSON.stringify(redactSettings(s));
    expect(printed).not.toContain("hunter2-smtp");
    expect((redactSettings(s).ops as { alerts: { smtp: { password: string } } }).alerts.smtp.password).toBe("***");
  });

  it("names a bad value by its key and variable", () => {
    expect(() => loadSettings({ env: { CPWOO_ALERTS_TO: "not-an-address" } })).toThrow(SettingsError);
    try {
      loadSettings({ env: { CPWOO_SMTP_PORT: "0" } });
    } catch (err) {
      expect((err as SettingsError).problems[0]).toMatch(/^ops\.alerts\.smtp\.port \(CPWOO_SMTP_PORT\):/);
    }
    expect.assertions(2);
  });
});
