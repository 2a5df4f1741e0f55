import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { skipCustomerNumbersTo, takeCustomerNumber } from "../../../src/flows/customers/state/customer-numbers.js";
import { openStateStore, type StateStore } from "../../../src/store/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "../../store/open-migrated-store.js";

describe.each(testEngines)("customer numbers on %s", (engine) => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  async function counter(store: StateStore = ctx.store): Promise<number | undefined> {
    const row = await store.db
      .selectFrom("customer_numbers")
      .select("next_number")
      .where("prefix", "=", "OL-")
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.next_number);
  }

  it("hands out consecutive numbers from blocks that grow to 16, seeded once", async () => {
    let seeds = 0;
    const seed = () => {
      seeds += 1;
      return Promise.resolve(100001);
    };
    const taken: number[] = [];
    for (let i = 0; i < 20; i++) taken.push(await takeCustomerNumber(ctx.store.db, "OL-", seed));
    expect(taken).toEqual(Array.from({ length: 20 }, (_, i) => 100001 + i));
    expect(seeds).toBe(1);
    // Blocks of 1, 2, 4, 8 and 16: 11 of the last block are still this process's.
    expect(await counter()).toBe(100001 + 31);
    // A number found taken in Counterpoint moves the counter only forward.
    await skipCustomerNumbersTo(ctx.store.db, "OL-", 100010);
    expect(await counter()).toBe(100001 + 31);
    await skipCustomerNumbersTo(ctx.store.db, "OL-", 100040);
    expect(await counter()).toBe(100041);
  });

  it("never gives one number to two processes taking numbers at once", async () => {
    // A second store on the same database stands for a second cpwoo process.
    const other = await openStateStore(ctx.database.url);
    try {
      const seed = () => Promise.resolve(500);
      const takers = [ctx.store.db, other.db].flatMap((db) =>
        Array.from({ length: 4 }, async () => {
          const mine: number[] = [];
          for (let i = 0; i < 15; i++) mine.push(await takeCustomerNumber(db, "OL-", seed));
          return mine;
        }),
      );
      const all = (await Promise.all(takers)).flat();
      expect(all).toHaveLength(120);
      expect(new Set(all).size).toBe(120);
      expect(Math.min(...all)).toBe(500);
      // Each process wastes at most its last block.
      expect(Math.max(...all)).toBeLessThan(500 + 120 + 2 * 16);
      expect(await counter()).toBeGreaterThan(Math.max(...all));
    } finally {
      await other.close();
    }
  });
});
