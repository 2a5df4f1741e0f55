import { CompiledQuery, type Kysely, type Transaction } from "kysely";
import pg from "pg";
import { engineOf } from "../dialect.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";
import { DocumentPlanError } from "./document-errors.js";
import { findDocumentByRef } from "./find-document-by-ref.js";

/** The message the reference guard fails with when a document already carries the reference. */
const REF_WRITTEN = "cpwoo: a document already carries this web reference";
const DO_TAG = "$cpwoo_guard$";

/** A document already carries the web reference (another writer of the same order got there first). */
export class RefAlreadyWrittenError extends Error {}

/** Whether a failed write was refused by the reference guard (on any engine), not by anything else. */
export function isRefAlreadyWritten(error: unknown): boolean {
  return error instanceof Error && error.message.includes(REF_WRITTEN);
}

/**
 * The statements that open a document's write, sent with its rows: lock the order's web reference until the
 * transaction ends, then fail with REF_WRITTEN if a document already carries it. Two cpwoo writers holding the same
 * order cannot both write one, while writers of different orders go side by side; no table is touched for the lock
 * (SQL Server's application lock, PostgreSQL's transaction advisory lock). The look-up runs after the lock is granted
 * (its own statement, so it sees what the previous holder committed). SQLite has one writer at a time: the look-up
 * runs here and throws RefAlreadyWrittenError itself.
 */
export async function refGuard(
  trx: Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>,
  ref: string,
): Promise<CompiledQuery[]> {
  const resource = `cpwoo:${ref}`;
  switch (engineOf(trx)) {
    case "mssql":
      return [
        // sp_getapplock reports a timeout in its return code rather than raising: raise it.
        CompiledQuery.raw(
          "declare @cpwoo_lock int; exec @cpwoo_lock = sp_getapplock @Resource = @1, @LockMode = 'Exclusive', " +
            "@LockOwner = 'Transaction', @LockTimeout = 30000; " +
            "if @cpwoo_lock < 0 throw 51001, N'cpwoo: timed out waiting for the lock on a web reference', 1",
          [resource],
        ),
        CompiledQuery.raw(`if exists (select 1 from "PS_DOC_HDR" where "REF" = @1) throw 51000, N'${REF_WRITTEN}', 1`, [
          ref,
        ]),
      ];
    case "postgres":
      // SQL cannot raise an error by itself: a DO block does, with the reference written in as a literal.
      if (ref.includes(DO_TAG)) throw new DocumentPlanError(`ref: must not contain ${DO_TAG}`);
      return [
        CompiledQuery.raw("select pg_advisory_xact_lock(hashtextextended($1, 0))", [resource]),
        CompiledQuery.raw(
          `do ${DO_TAG} begin if exists (select 1 from "PS_DOC_HDR" where "REF" = ${pg.escapeLiteral(ref)}) then ` +
            `raise exception '${REF_WRITTEN}'; end if; end ${DO_TAG}`,
          [],
        ),
      ];
    case "sqlite":
      if ((await findDocumentByRef(trx, ref)) !== undefined) throw new RefAlreadyWrittenError(REF_WRITTEN);
      return [];
  }
}
