import type { CounterpointDb } from "../connect.js";
import { selectForUpdate } from "../dialect.js";
import { docIdFor } from "../numbering.js";
import { DocumentSetupError } from "./document-errors.js";
import type { DocumentPlan } from "./document-plan.js";
import { freeDocIds } from "./free-doc-id.js";
import { nativeTicketNumbers, type StoreCounters } from "./ticket-number.js";
import type { Transaction } from "kysely";
import type { CounterpointDatabase } from "../schema/database.generated.js";

// The last DOC_ID this process handed out, per store/station/type/day prefix: a busy second holds more documents than
// fnGenDocId has digits, and ids reserved here are not in PS_DOC_HDR until their document commits.
const lastIssued = new Map<string, bigint>();

/** Locks the store's PS_STR_CFG_PS row (UPDLOCK on SQL Server) and reads its counters: every numbering starts here. */
export async function lockStoreCounters(
  trx: Transaction<CounterpointDatabase>,
  storeId: string,
): Promise<StoreCounters> {
  const counters = await selectForUpdate(trx, "PS_STR_CFG_PS")
    .select(["NXT_TKT_NO", "NXT_ORD_NO"])
    .where("STR_ID", "=", storeId)
    .executeTakeFirst();
  if (counters === undefined) {
    throw new DocumentSetupError(`store ${storeId} has no PS_STR_CFG_PS row (its POS configuration)`);
  }
  return counters;
}

/**
 * Free DOC_IDs for documents entered at `at`, one per ticket number: fnGenDocId's value for the first, or past the
 * last id this process handed out with the same store/station/type/day prefix (those may not be in PS_DOC_HDR yet),
 * stepped on past taken ids.
 */
async function takeDocIds(
  trx: Transaction<CounterpointDatabase>,
  station: { storeNo: number; stationNo: number },
  docType: "O" | "T",
  at: Date,
  tktNos: readonly string[],
): Promise<string[]> {
  const formula = BigInt(docIdFor({ ...station, docType, at, tktNo: tktNos[0] ?? "" }));
  const prefix = (formula / 1_000_000n).toString();
  const last = lastIssued.get(prefix);
  const first = last !== undefined && last >= formula ? last + 1n : formula;
  const docIds = await freeDocIds(trx, first.toString(), tktNos.length);
  const highest = docIds.reduce((a, id) => (BigInt(id) > a ? BigInt(id) : a), 0n);
  lastIssued.set(prefix, highest);
  return docIds;
}

/** A free DOC_ID for a document entered at `at` (see `takeDocIds`). */
export async function takeDocId(
  trx: Transaction<CounterpointDatabase>,
  station: { storeNo: number; stationNo: number },
  docType: "O" | "T",
  at: Date,
  tktNo: string,
): Promise<string> {
  const [docId] = await takeDocIds(trx, station, docType, at, [tktNo]);
  return docId as string;
}

export interface ReservedNumbers {
  docId: string;
  tktNo: string;
  /** The clock the DOC_ID was made from (the document's entry time). */
  at: Date;
}

/**
 * `count` native numbers (TKT_NO from the store's counter, a free DOC_ID each) in one short transaction of their own
 * under the store's PS_STR_CFG_PS lock (every cpwoo writer and Counterpoint's own counter queue there), committed at
 * once so the lock is held for a few statements rather than a whole document, and a batch of documents queues once.
 * A number whose document then fails is skipped, never reused (like a voided ticket). DOC_IDs reserved by this process
 * are remembered, so concurrent documents never share one; another process taking the same id makes the insert fail
 * on the key and the caller retries.
 */
export async function reserveNativeNumbers(
  db: CounterpointDb,
  plan: Pick<DocumentPlan, "kind" | "storeId">,
  station: { storeNo: number; stationNo: number },
  docType: "O" | "T",
  count: number,
): Promise<ReservedNumbers[]> {
  return db.transaction().execute(async (trx) => {
    const counters = await lockStoreCounters(trx, plan.storeId);
    const tktNos = await nativeTicketNumbers(trx, plan, counters, count);
    const at = new Date();
    const docIds = await takeDocIds(trx, station, docType, at, tktNos);
    return tktNos.map((tktNo, i) => ({ tktNo, docId: docIds[i] as string, at }));
  });
}
