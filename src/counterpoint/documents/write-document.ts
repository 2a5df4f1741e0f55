import { randomUUID } from "node:crypto";
import type { CounterpointDb } from "../connect.js";
import { DocumentSetupError } from "./document-errors.js";
import type { DocumentPlan, WrittenDocument } from "./document-plan.js";
import { type DocumentRows, documentRows, documentTables } from "./document-rows.js";
import { findDocumentByRef } from "./find-document-by-ref.js";
import { executeAtomically, executeTogether } from "../statement-batch.js";
import { insertRowsStatements } from "./insert-rows.js";
import { customerOrderCountStatement } from "./customer-order-count.js";
import { type StockOnOrderChange, stockAllocationStatements } from "./stock-on-order.js";
import type { DocumentNumberPool, ExpectedDocuments } from "./number-pool.js";
import { isRefAlreadyWritten, refGuard } from "./ref-lock.js";
import { lockStoreCounters, type ReservedNumbers, reserveNativeNumbers, takeDocId } from "./reserve-numbers.js";
import { type DocumentNumbering, takeTicketNumber } from "./ticket-number.js";
import type { Compilable, CompiledQuery, Insertable, Transaction } from "kysely";
import type { CounterpointDatabase } from "../schema/database.generated.js";
import { validateDocumentPlan } from "./validate-plan.js";

const guid = () => randomUUID().toUpperCase();

/** PS_STR.STR_NO and PS_STA.STA_NO: fnGenDocId's store and station numbers. */
export async function stationNumbers(
  db: CounterpointDb,
  plan: DocumentPlan,
): Promise<{ storeNo: number; stationNo: number }> {
  const row = await db
    .selectFrom("PS_STA")
    .innerJoin("PS_STR", "PS_STR.STR_ID", "PS_STA.STR_ID")
    .select(["PS_STR.STR_NO", "PS_STA.STA_NO"])
    .where("PS_STA.STR_ID", "=", plan.storeId)
    .where("PS_STA.STA_ID", "=", plan.stationId)
    .executeTakeFirst();
  if (row === undefined) {
    throw new DocumentSetupError(`station ${plan.stationId} of store ${plan.storeId} does not exist in Counterpoint`);
  }
  if (row.STR_NO === null || row.STA_NO === null) {
    throw new DocumentSetupError(
      `PS_STR.STR_NO / PS_STA.STA_NO of store ${plan.storeId} station ${plan.stationId} are not set: DOC_IDs need them`,
    );
  }
  return { storeNo: Number(row.STR_NO), stationNo: Number(row.STA_NO) };
}

export interface WriteDocumentOptions {
  /** Reshapes the native rows before they are inserted (a return ticket: R lines, negative amounts). */
  rows?: (rows: DocumentRows) => DocumentRows;
  /** Native numbers reserved ahead (a batch of orders); without it a document reserves its own. */
  pool?: { numbers: DocumentNumberPool; expected?: ExpectedDocuments };
}

const stations = new WeakMap<CounterpointDb, Map<string, Promise<{ storeNo: number; stationNo: number }>>>();

/** `stationNumbers`, read once per database and station (they are configuration). */
export function cachedStationNumbers(
  db: CounterpointDb,
  plan: DocumentPlan,
): Promise<{ storeNo: number; stationNo: number }> {
  let byStation = stations.get(db);
  if (byStation === undefined) {
    byStation = new Map();
    stations.set(db, byStation);
  }
  const key = `${plan.storeId}\u0000${plan.stationId}`;
  let found = byStation.get(key);
  if (found === undefined) {
    found = stationNumbers(db, plan);
    found.catch(() => byStation.delete(key));
    byStation.set(key, found);
  }
  return found;
}

/**
 * Writes one document exactly once.
 * Native numbering (the default) queues writers only for their numbers:
 * 1. `reserveNativeNumbers` takes TKT_NO from the store's counter and a free DOC_ID in a short transaction of its own under
 *    the PS_STR_CFG_PS lock (or `options.pool` hands out numbers reserved ahead for a batch);
 * 2. the document's own transaction sends, in one request with its rows (`documentStatements`), the lock of its web
 *    reference and a guard that fails if a document already carries `plan.ref` (`refGuard`); then that document is
 *    returned (created: false) and nothing is written — a retry after a crash or a lost reply, or a second writer
 *    of the same order, never makes a second document (numbers it took are skipped, or given back to the pool).
 * Prefix numbering continues from the highest number existing documents carry, so its whole document is written
 * under the PS_STR_CFG_PS lock (the number must be in PS_DOC_HDR before the next writer looks).
 * The plan is validated before the database is touched. A duplicate key raised by a document inserted at the same
 * moment (Counterpoint's own, or another cpwoo process's) surfaces as the driver's error: the caller retries.
 */
export async function writeDocument(
  db: CounterpointDb,
  plan: DocumentPlan,
  numbering: DocumentNumbering,
  options: WriteDocumentOptions = {},
): Promise<WrittenDocument> {
  validateDocumentPlan(plan);
  const station = await cachedStationNumbers(db, plan);
  const docType = plan.kind === "order" ? "O" : "T";
  if (numbering.source === "prefix") {
    return db.transaction().execute(async (trx) => {
      const counters = await lockStoreCounters(trx, plan.storeId);
      const existing = await findDocumentByRef(trx, plan.ref);
      if (existing !== undefined) return { docId: existing.docId, tktNo: existing.tktNo, created: false };
      const tktNo = await takeTicketNumber(trx, plan, numbering, counters);
      const at = new Date();
      const docId = await takeDocId(trx, station, docType, at, tktNo);
      await executeTogether(trx, documentStatements(trx, [{ plan, numbers: { docId, tktNo, at } }], options));
      return { docId, tktNo, created: true };
    });
  }
  const pool = options.pool;
  let numbers: ReservedNumbers;
  if (pool === undefined) {
    // Looked up first so a replay does not move the counter; the look-up under the lock below is the guarantee.
    const existingBefore = await findDocumentByRef(db, plan.ref);
    if (existingBefore !== undefined) {
      return { docId: existingBefore.docId, tktNo: existingBefore.tktNo, created: false };
    }
    const [reserved] = await reserveNativeNumbers(db, plan, station, docType, 1);
    if (reserved === undefined) throw new DocumentSetupError("no document number was reserved");
    numbers = reserved;
  } else {
    numbers = await pool.numbers.take(plan, station, docType, pool.expected);
  }
  let written: WrittenDocument;
  try {
    // One atomic request on PostgreSQL: the reference's lock and guard, the rows, the customer's count, the stock.
    await executeAtomically(db, async (q) => [
      ...(await refGuard(q, [plan.ref])),
      ...documentStatements(q, [{ plan, numbers }], options),
    ]);
    written = { docId: numbers.docId, tktNo: numbers.tktNo, created: true };
  } catch (error) {
    // The guard found the document another writer committed (its transaction rolled back, nothing written).
    const existing = isRefAlreadyWritten(error) ? await findDocumentByRef(db, plan.ref) : undefined;
    if (existing === undefined) throw error;
    written = { docId: existing.docId, tktNo: existing.tktNo, created: false };
  }
  if (!written.created) pool?.numbers.giveBack(plan, docType, numbers);
  return written;
}

/** What became of one document of a batch (`writeDocuments`): its own result or its own error. */
export type DocumentOutcome = { ok: true; written: WrittenDocument } | { ok: false; error: unknown };

/**
 * Writes a batch's documents, each exactly once, with native numbers from `pool`, in one atomic request: the lock of
 * every web reference and one guard for them all (`refGuard`), then every document's rows (multi-row INSERTs across
 * documents), the customers' counts and the stock. Per document this costs the server a fraction of its own request:
 * one look-up of PS_DOC_HDR for the batch, and statements parsed and planned once per table rather than per document.
 * If the request fails for any reason (a document that exists already, a row Counterpoint refuses, a deadlock), nothing
 * of it was written: its numbers go back to the pool and each document is written on its own by `writeDocument`, so
 * each gets its own result and a bad document fails only itself. Prefix numbering writes one document at a time.
 */
export async function writeDocuments(
  db: CounterpointDb,
  plans: readonly DocumentPlan[],
  numbering: DocumentNumbering,
  pool: NonNullable<WriteDocumentOptions["pool"]>,
): Promise<DocumentOutcome[]> {
  const outcomes = new Map<number, DocumentOutcome>();
  if (numbering.source === "native" && plans.length > 1) {
    const batch: (NumberedPlan & { index: number; docType: "O" | "T" })[] = [];
    const refs = new Set<string>();
    for (const [index, plan] of plans.entries()) {
      // A second plan of the same reference is left to the one-by-one pass, which finds the first's document.
      if (refs.has(plan.ref)) continue;
      try {
        validateDocumentPlan(plan);
        const station = await cachedStationNumbers(db, plan);
        const docType = plan.kind === "order" ? "O" : "T";
        batch.push({ index, plan, docType, numbers: await pool.numbers.take(plan, station, docType, pool.expected) });
        refs.add(plan.ref);
      } catch (error) {
        outcomes.set(index, { ok: false, error });
      }
    }
    if (batch.length > 1) {
      try {
        await executeAtomically(db, async (q) => [
          ...(await refGuard(q, [...refs])),
          ...documentStatements(q, batch, {}),
        ]);
        for (const b of batch) {
          outcomes.set(b.index, {
            ok: true,
            written: { docId: b.numbers.docId, tktNo: b.numbers.tktNo, created: true },
          });
        }
      } catch {
        // Rolled back whole: the numbers are unused, and each document goes on its own below (in the same order).
        for (const b of [...batch].reverse()) pool.numbers.giveBack(b.plan, b.docType, b.numbers);
      }
    } else {
      for (const b of batch) pool.numbers.giveBack(b.plan, b.docType, b.numbers);
    }
  }
  const results: DocumentOutcome[] = [];
  for (const [index, plan] of plans.entries()) {
    let outcome = outcomes.get(index);
    if (outcome === undefined) {
      try {
        outcome = { ok: true, written: await writeDocument(db, plan, numbering, { pool }) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    }
    results.push(outcome);
  }
  return results;
}

/** A document of a batch with the numbers it is written under. */
interface NumberedPlan {
  plan: DocumentPlan;
  numbers: ReservedNumbers;
}

/**
 * The statements that write numbered documents (one, or a batch): their rows, table by table (multi-row, rows of
 * several documents together), and for orders each customer's open-order count (AR_CUST.NO_OF_ORDS + its orders,
 * before the stock, in the order a release locks them) and each stock line's quantity added to QTY_ON_SO (IM_INV,
 * IM_INV_CELL; rows the location lacks are created), last, so the hot IM_INV rows stay locked only until the commit.
 * Customers and stock rows are taken in key order, so two batches with some in common cannot lock them crosswise.
 * A ticket moves no stock: Counterpoint's posting does.
 */
function documentStatements(
  q: CounterpointDb | Transaction<CounterpointDatabase>,
  documents: readonly NumberedPlan[],
  options: WriteDocumentOptions,
): (Compilable | CompiledQuery)[] {
  const laidOut = documents.map(({ plan, numbers }) => {
    const rows = documentRows(
      plan,
      // Entered now: reserved numbers may be a few seconds old.
      { docId: numbers.docId, tktNo: numbers.tktNo, docGuid: guid(), now: new Date() },
      guid,
    );
    return options.rows ? options.rows(rows) : rows;
  });
  const statements = documentTables.flatMap((table) => tableInserts(q, table, laidOut));
  const orders = documents.filter((d) => d.plan.kind === "order").map((d) => d.plan);
  const ordersOf = new Map<string, number>();
  for (const plan of orders) ordersOf.set(plan.custNo, (ordersOf.get(plan.custNo) ?? 0) + 1);
  for (const [custNo, count] of [...ordersOf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    statements.push(customerOrderCountStatement(q, custNo, count));
  }
  const stockAt = new Map<string, StockOnOrderChange[]>();
  for (const plan of orders) {
    const changes = stockAt.get(plan.stockLoc) ?? [];
    for (const l of plan.lines) if (l.allocatesStock) changes.push({ itemNo: l.itemNo, cell: l.cell, qty: l.qty });
    stockAt.set(plan.stockLoc, changes);
  }
  for (const [locId, changes] of [...stockAt].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    statements.push(...stockAllocationStatements(q, locId, changes));
  }
  return statements;
}

/**
 * The INSERTs of one table's rows from every document: rows carrying the same columns go in the same multi-row
 * INSERTs (a VALUES list needs the same columns in every row).
 */
function tableInserts<T extends keyof DocumentRows>(
  q: CounterpointDb | Transaction<CounterpointDatabase>,
  table: T,
  documents: readonly DocumentRows[],
): (Compilable | CompiledQuery)[] {
  const groups = new Map<string, Insertable<CounterpointDatabase[T]>[]>();
  for (const rows of documents) {
    for (const row of rows[table] as Insertable<CounterpointDatabase[T]>[]) {
      const key = Object.keys(row).join("\u0000");
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [row]);
      else group.push(row);
    }
  }
  return [...groups.values()].flatMap((rows) => insertRowsStatements(q, table, rows));
}
