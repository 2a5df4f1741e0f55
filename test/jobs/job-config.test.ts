import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createEmbeddedJobQueue,
  defineJob,
  JobConfigError,
  JobPayloadError,
  parseJobPayload,
  resolveJobOptions,
  type ScheduleDefinition,
} from "../../src/jobs/index.js";
import { type MigratedStore, openMigratedStore } from "../store/open-migrated-store.js";

const noop = defineJob({ payload: z.object({ sku: z.string() }), async handler() {} });

describe("job registry and schedule checks", () => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore("sqlite");
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  it("refuses bad job names and out-of-range options when the queue is built", () => {
    const build = (registry: Record<string, typeof noop>) => () =>
      createEmbeddedJobQueue({ db: ctx.store.db, registry });
    expect(build({ "Orders Pull": noop })).toThrow(/job name "Orders Pull"/);
    expect(build({ "cpwoo.internal": noop })).toThrow(/reserved/);
    expect(build({ "a.b": { ...noop, retryLimit: -1 } })).toThrow(
      /job "a\.b" retryLimit: -1 must be an integer from 0/,
    );
    expect(build({ "a.b": { ...noop, leaseSeconds: 100_000 } })).toThrow(/leaseSeconds/);
    expect(build({ "a.b": { ...noop, backoff: { baseMs: 500, maxMs: 100 } } })).toThrow(/maxMs: 100 is below baseMs/);
    expect(build({ "a.b": { ...noop, concurrency: 0 } })).toThrow(JobConfigError);
  });

  it("refuses schedules for unknown jobs, with bad cron or bad payloads", () => {
    const registry = { "inventory.push": noop };
    const build = (schedules: ScheduleDefinition<typeof registry>[]) => () =>
      createEmbeddedJobQueue({ db: ctx.store.db, registry, schedules });
    expect(
      build([{ name: "x", cron: "*/5 * * * *", job: "inventory.pull" as "inventory.push", payload: { sku: "A" } }]),
    ).toThrow(/schedule "x": job "inventory.pull" is not registered/);
    expect(build([{ name: "x", cron: "nope", job: "inventory.push", payload: { sku: "A" } }])).toThrow(
      /schedule "x" cron/,
    );
    expect(
      build([
        { name: "x", cron: "*/5 * * * *", job: "inventory.push", payload: { sku: 5 } as unknown as { sku: string } },
      ]),
    ).toThrow(/job "inventory.push" payload: sku:/);
    const ok = { name: "x", cron: "*/5 * * * *", job: "inventory.push" as const, payload: { sku: "A" } };
    expect(build([ok, ok])).toThrow(/defined twice/);
    expect(build([ok])).not.toThrow();
  });
});

describe("options and payloads", () => {
  it("resolves enqueue overrides over the definition over the defaults", () => {
    const definition = { ...noop, retryLimit: 7, priority: 2 };
    expect(resolveJobOptions("a.b", definition)).toMatchObject({ retryLimit: 7, priority: 2, leaseSeconds: 900 });
    expect(resolveJobOptions("a.b", definition, { retryLimit: 0 })).toMatchObject({ retryLimit: 0, priority: 2 });
  });

  it("names every bad field of a payload", () => {
    const schema = z.object({ order: z.object({ id: z.number().int(), total: z.string() }) });
    try {
      parseJobPayload("orders.create", schema, { order: { id: 1.5, total: 3 } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(JobPayloadError);
      const e = err as JobPayloadError;
      expect(e.jobName).toBe("orders.create");
      expect(e.problems).toHaveLength(2);
      expect(e.message).toMatch(/^job "orders\.create" payload: order\.id: .*; order\.total: /);
    }
  });
});
