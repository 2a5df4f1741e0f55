import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "../../src/jobs/index.js";
import { listDeadLetters } from "../../src/store/index.js";
import { harnesses, type QueueHarness, waitFor } from "./queue-harness.js";

describe.each(harnesses)("dead letters of a job failing again, $adapter adapter", (factory) => {
  let h: QueueHarness;
  beforeEach(async () => {
    h = await factory.open();
  });
  afterEach(async () => {
    await h.dispose();
  });

  it("keeps one open dead letter for the same job and payload, with the newest job and error", async () => {
    let n = 0;
    const queue = h.createQueue({
      registry: {
        "inventory.sync": defineJob({
          payload: z.strictObject({}),
          singletonKey: () => "inventory.sync",
          retryLimit: 0,
          handler() {
            n++;
            return Promise.reject(new Error(`WooCommerce answered 503 (failure ${n})`));
          },
        }),
      },
    });
    await queue.start();
    const ids: string[] = [];
    for (let i = 1; i <= 2; i++) {
      const result = await queue.enqueue("inventory.sync", {});
      if (!result.queued) throw new Error("not queued");
      ids.push(result.id);
      await waitFor(
        async () => (await listDeadLetters(h.store.db)).some((l) => l.jobId === result.id),
        20_000,
        `failure ${i} to be dead-lettered`,
      );
    }
    const letters = await listDeadLetters(h.store.db);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ jobName: "inventory.sync", jobId: ids[1], attempts: 2 });
    expect(letters[0]?.error).toContain("failure 2");
  });
});
