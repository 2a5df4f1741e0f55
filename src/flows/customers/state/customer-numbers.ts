import { isoTime, type StateDb } from "../../../store/index.js";

/** The most numbers one process reserves at once (its first reservation takes 1, each next one twice as many). */
const MOST_PER_BLOCK = 16;

/** Numbers a process reserved from the counter and has not handed out yet, for one state store and prefix. */
interface NumberBlock {
  next: number;
  end: number;
  size: number;
  reserving: Promise<void> | undefined;
}

const blocks = new WeakMap<StateDb, Map<string, NumberBlock>>();

function blockOf(db: StateDb, prefix: string): NumberBlock {
  let byPrefix = blocks.get(db);
  if (byPrefix === undefined) {
    byPrefix = new Map();
    blocks.set(db, byPrefix);
  }
  let block = byPrefix.get(prefix);
  if (block === undefined) {
    block = { next: 0, end: 0, size: 1, reserving: undefined };
    byPrefix.set(prefix, block);
  }
  return block;
}

/**
 * Takes the next customer number for `prefix` from cpwoo's counter, so concurrent workers (threads, processes,
 * machines on one PostgreSQL state store) never get the same number. A process reserves numbers a block at a time
 * with one atomic UPDATE … RETURNING: 1 first, then 2, 4 … up to 16 while it keeps creating customers. Every
 * reservation was a commit that the other workers queued behind (the counter is one row), one per new customer; now
 * it is one per block. A block's unused numbers are never handed out when the process stops: a gap in CUST_NOs, as
 * Counterpoint leaves when a customer is deleted. The counter is created on first use from `seed()` (the highest
 * number Counterpoint already holds + 1, or the configured start). The Counterpoint writer still checks each number
 * against AR_CUST and its key, so numbers someone took in Counterpoint itself are skipped, never reused.
 */
export async function takeCustomerNumber(db: StateDb, prefix: string, seed: () => Promise<number>): Promise<number> {
  const block = blockOf(db, prefix);
  while (block.next >= block.end) {
    // One reservation at a time per process: workers waiting for numbers share it.
    block.reserving ??= reserveBlock(db, prefix, seed, block).finally(() => {
      block.reserving = undefined;
    });
    await block.reserving;
  }
  const taken = block.next;
  block.next += 1;
  return taken;
}

async function reserveBlock(db: StateDb, prefix: string, seed: () => Promise<number>, block: NumberBlock) {
  const size = block.size;
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await db
      .updateTable("customer_numbers")
      .set((eb) => ({ next_number: eb("next_number", "+", size), updated_at: isoTime(new Date()) }))
      .where("prefix", "=", prefix)
      .returning("next_number")
      .executeTakeFirst();
    if (row !== undefined) {
      block.end = Number(row.next_number);
      block.next = block.end - size;
      block.size = Math.min(size * 2, MOST_PER_BLOCK);
      return;
    }
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
