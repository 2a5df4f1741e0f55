import type { CompiledQuery, Kysely, Transaction } from "kysely";
import { absenceGuard, isGuardRefusal } from "../absence-guard.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";

/** The message the reference guard fails with when a document already carries the reference. */
const REF_WRITTEN = "cpwoo: a document already carries this web reference";

/** Whether a failed write was refused by the reference guard (another writer of the same order got there first). */
export function isRefAlreadyWritten(error: unknown): boolean {
  return isGuardRefusal(error, REF_WRITTEN);
}

/**
 * The statements that open the write of one document or a batch of them, sent with their rows: lock each order's
 * web reference until the transaction ends, then refuse if a document already carries any of them (`absenceGuard`;
 * one look-up for the batch). Writers of different orders go side by side.
 */
export function refGuard(
  db: Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>,
  refs: readonly string[],
): Promise<CompiledQuery[]> {
  return absenceGuard(db, {
    lockKeys: refs.map((ref) => `cpwoo:${ref}`),
    table: "PS_DOC_HDR",
    column: '"REF"',
    values: refs,
    refusal: REF_WRITTEN,
  });
}
