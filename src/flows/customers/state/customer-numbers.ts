import { isoTime, type StateDb } from "../../../store/index.js";

/**
 * Takes the next customer number for `prefix` from cpwoo's counter: one atomic UPDATE … RETURNING, so concurrent
 * workers (threads, processes, machines on one PostgreSQL state store) never get the same number. The counter is
 * created on first use from `seed()` (the highest number Counterpoint already holds + 1, or the configured start).
 * The Counterpoint writer still checks each number against AR_CUST and its key, so numbers someone took in
 * Counterpoint itself are skipped, never reused.
 */
export async function takeCustomerNumber(db: StateDb, prefix: string, seed: () => Promise<number>): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await db
      .updateTable("customer_numbers")
      .set((eb) => ({ next_number: eb("next_number", "+", 1), updated_at: isoTime(new Date()) }))
      .where("prefix", "=", prefix)
      .returning("next_number")
      .executeTakeFirst();
    if (row !== undefined) return Number(row.next_number) - 1;
    const start = await seed();
    await db
      .insertInto("customer_numbers")
      .values({ prefix, next_number: start, updated_at: isoTime(new Date()) })
      .onConflict((oc) => oc.column("prefix").doNothing())
      .execute();
  }
  throw new Error(`customer number counter for prefix "${prefix}" could not be created`);
}

/** Moves the counter past `number` (after a number was found taken in Counterpoint). */
export async function skipCustomerNumbersTo(db: StateDb, prefix: string, number: number): Promise<void> {
  await db
    .updateTable("customer_numbers")
    .set({ next_number: number + 1, updated_at: isoTime(new Date()) })
    .where("prefix", "=", prefix)
    .where("next_number", "<=", number)
    .execute();
}
