import { describe, expect, it } from "vitest";
import { daemonSchedules } from "../../src/app/daemon-jobs.js";
import { pgBossSchemaOf } from "../../src/app/daemon.js";
import { everySecondsToCron, settingsSchema } from "../../src/config/index.js";

describe("schedules settings", () => {
  it("turns a period into cron when one fires at exactly that period", () => {
    expect(
      [1, 15, 30, 45, 120, 300, 900, 3600, 6 * 3600, 7 * 3600, 86_400, 90, 7].map((s) => everySecondsToCron(s)),
    ).toEqual([
      "*/1 * * * * *",
      "*/15 * * * * *",
      "*/30 * * * * *",
      undefined,
      "0 */2 * * * *",
      "0 */5 * * * *",
      "0 */15 * * * *",
      "0 0 */1 * * *",
      "0 0 */6 * * *",
      undefined,
      "0 0 0 * * *",
      undefined,
      undefined,
    ]);
  });

  it("has the documented defaults, one schedule per enabled job", () => {
    const s = settingsSchema.parse({}).schedules;
    expect(daemonSchedules(s).map((d) => [d.job, d.cron])).toEqual([
      ["orders.poll", "0 */2 * * * *"],
      ["inventory.sync", "*/15 * * * * *"],
      ["prices.sync", "0 */15 * * * *"],
      ["catalog.sync", "0 0 */6 * * *"],
      ["customers.sync", "0 0 */1 * * *"],
      ["fulfilment.sync", "0 */5 * * * *"],
      ["catalog.reconcile", "0 3 * * *"],
    ]);
    const custom = settingsSchema.parse({
      schedules: { timezone: "America/New_York", stock: { everySeconds: 30 }, customers: { enabled: false } },
    }).schedules;
    const schedules = daemonSchedules(custom);
    expect(schedules.find((d) => d.job === "inventory.sync")).toMatchObject({
      cron: "*/30 * * * * *",
      timezone: "America/New_York",
    });
    expect(schedules.map((d) => d.job)).not.toContain("customers.sync");
  });

  it("refuses a period cron cannot keep and a job given both cron and a period, naming the setting", () => {
    const bad = settingsSchema.safeParse({ schedules: { prices: { everySeconds: 700 } } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain("700 does not divide a minute, an hour or a day evenly");
    expect(bad.error?.issues[0]?.path).toEqual(["schedules", "prices", "everySeconds"]);
    const both = settingsSchema.safeParse({ schedules: { stock: { everySeconds: 15, cron: "* * * * *" } } });
    expect(JSON.stringify(both.error?.issues)).toContain("give cron or everySeconds, not both");
  });

  it("puts pg-boss in the state URL's search_path schema, else pgboss", () => {
    expect(pgBossSchemaOf("postgres://u@h/db?options=-c%20search_path%3Dt_abc123")).toBe("t_abc123");
    expect(pgBossSchemaOf("postgres://u@h/db")).toBe("pgboss");
  });
});
