import type { CounterpointDb } from "../connect.js";
import type { DocumentPlan } from "./document-plan.js";
import { type ReservedNumbers, reserveNativeNumbers } from "./reserve-numbers.js";

/** The most numbers one reservation takes (its look-ups stay small on SQL Server's parameter limit). */
const MAX_BLOCK = 200;
/** Reserved numbers older than this are dropped (skipped, like voided tickets): a DOC_ID tells when it was made. */
const MAX_AGE_MS = 60_000;

type Station = { storeNo: number; stationNo: number };

/** Documents a batch expects to write; each `take` through it counts one off, `done` drops what is left. */
export class ExpectedDocuments {
  constructor(
    public remaining: number,
    private readonly release: (expected: ExpectedDocuments) => void,
  ) {}

  done(): void {
    this.remaining = 0;
    this.release(this);
  }
}

/**
 * Native numbers (TKT_NO and DOC_ID) reserved ahead for this process's documents, so a batch of orders queues on the
 * store's counter lock once instead of once per document. A batch announces how many documents it may write
 * (`expect`); the first `take` on an empty pool reserves what the open batches still expect, in one short
 * transaction. A number whose document turned out to exist already is given back and goes to the next document; one
 * still unused when the process stops, or older than a minute, is skipped like a voided ticket.
 */
export class DocumentNumberPool {
  private readonly free = new Map<string, ReservedNumbers[]>();
  private readonly refilling = new Map<string, Promise<void>>();
  private readonly open = new Set<ExpectedDocuments>();

  constructor(private readonly db: CounterpointDb) {}

  /** A batch may write up to `n` documents: reservations cover them until the batch says it is `done`. */
  expect(n: number): ExpectedDocuments {
    const expected = new ExpectedDocuments(Math.max(0, n), (e) => this.open.delete(e));
    this.open.add(expected);
    return expected;
  }

  async take(
    plan: Pick<DocumentPlan, "kind" | "storeId" | "stationId">,
    station: Station,
    docType: "O" | "T",
    expected?: ExpectedDocuments,
  ): Promise<ReservedNumbers> {
    const key = `${plan.storeId}\u0000${plan.stationId}\u0000${docType}`;
    for (;;) {
      const list = this.listOf(key);
      const oldest = Date.now() - MAX_AGE_MS;
      while (list[0] !== undefined && list[0].at.getTime() < oldest) list.shift();
      const next = list.shift();
      if (next !== undefined) {
        if (expected !== undefined) expected.remaining = Math.max(0, expected.remaining - 1);
        return next;
      }
      let refill = this.refilling.get(key);
      if (refill === undefined) {
        const wanted = [...this.open].reduce((n, e) => n + e.remaining, 0);
        const count = Math.min(MAX_BLOCK, Math.max(1, wanted));
        refill = reserveNativeNumbers(this.db, plan, station, docType, count)
          .then((numbers) => {
            this.listOf(key).push(...numbers);
          })
          .finally(() => this.refilling.delete(key));
        this.refilling.set(key, refill);
      }
      await refill;
    }
  }

  /** Numbers taken but not used (the document existed already): the next document gets them. */
  giveBack(plan: Pick<DocumentPlan, "storeId" | "stationId">, docType: "O" | "T", numbers: ReservedNumbers): void {
    this.listOf(`${plan.storeId}\u0000${plan.stationId}\u0000${docType}`).unshift(numbers);
  }

  private listOf(key: string): ReservedNumbers[] {
    let list = this.free.get(key);
    if (list === undefined) {
      list = [];
      this.free.set(key, list);
    }
    return list;
  }
}

const pools = new WeakMap<CounterpointDb, DocumentNumberPool>();

/** The process's number pool for one Counterpoint database (shared by all its order workers). */
export function documentNumberPool(db: CounterpointDb): DocumentNumberPool {
  let pool = pools.get(db);
  if (pool === undefined) {
    pool = new DocumentNumberPool(db);
    pools.set(db, pool);
  }
  return pool;
}
