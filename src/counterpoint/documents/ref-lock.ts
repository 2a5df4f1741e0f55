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
 * The statements that open a document's write, sent with its rows: lock the order's web reference until the
 * transaction ends, then refuse if a document already carries it (`absenceGuard`). Writers of different orders go
 * side by side.
 */
export function refGuard(
  db: Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>,
  ref: string,
): Promise<CompiledQuery[]> {
  return absenceGuard(db, {
    lockKey: `cpwoo:${ref}`,
    table: "PS_DOC_HDR",
    where: (v) => `"REF" = ${v}`,
    value: ref,
    refusal: REF_WRITTEN,
  });
}
