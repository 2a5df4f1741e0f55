import { CompiledQuery, type Kysely, type Transaction } from "kysely";
import pg from "pg";
import { engineOf } from "./dialect.js";
import type { CounterpointDatabase } from "./schema/database.generated.js";

type Db = Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>;
const DO_TAG = "$cpwoo_guard$";

/** SQLite's guard found the row itself (the other engines fail the request with the guard's message). */
export class GuardRefusedError extends Error {}

export interface AbsenceGuard {
  /** Names the lock: writers with the same key queue, others go side by side. */
  lockKey: string;
  table: "PS_DOC_HDR" | "AR_CUST";
  /** The row condition, given the value's placeholder or literal, e.g. (v) => `"REF" = ${v}`. */
  where: (value: string) => string;
  value: string;
  /** The error message when a row already matches; the caller recognises the refusal by it. */
  refusal: string;
}

/** Whether a failed write was refused by a guard with this message (on any engine), not by anything else. */
export function isGuardRefusal(error: unknown, refusal: string): boolean {
  return error instanceof Error && error.message.includes(refusal);
}

/**
 * Statements that open a create-if-absent write, sent in the same request as the rows: lock `lockKey` until the
 * transaction ends, then fail with `refusal` if a row already matches. Two cpwoo writers of the same thing cannot
 * both find nothing and both write it; no table is touched for the lock (SQL Server's application lock, raising on a
 * timeout; PostgreSQL's transaction advisory lock). The look-up is its own statement after the lock is granted, so it
 * sees what the previous holder committed. SQLite has one writer at a time: the look-up runs here and throws
 * GuardRefusedError itself.
 */
export async function absenceGuard(db: Db, guard: AbsenceGuard): Promise<CompiledQuery[]> {
  switch (engineOf(db)) {
    case "mssql":
      return [
        // sp_getapplock reports a timeout in its return code rather than raising: raise it.
        CompiledQuery.raw(
          "declare @cpwoo_lock int; exec @cpwoo_lock = sp_getapplock @Resource = @1, @LockMode = 'Exclusive', " +
            "@LockOwner = 'Transaction', @LockTimeout = 30000; " +
            "if @cpwoo_lock < 0 throw 51001, N'cpwoo: timed out waiting for a lock', 1",
          [guard.lockKey],
        ),
        CompiledQuery.raw(
          `if exists (select 1 from "${guard.table}" where ${guard.where("@1")}) throw 51000, N'${guard.refusal}', 1`,
          [guard.value],
        ),
      ];
    case "postgres":
      // SQL cannot raise an error by itself: a DO block does, with the value written in as a literal.
      if (guard.value.includes(DO_TAG)) throw new RangeError(`a guarded value must not contain ${DO_TAG}`);
      return [
        CompiledQuery.raw("select pg_advisory_xact_lock(hashtextextended($1, 0))", [guard.lockKey]),
        CompiledQuery.raw(
          `do ${DO_TAG} begin if exists (select 1 from "${guard.table}" where ` +
            `${guard.where(pg.escapeLiteral(guard.value))}) then raise exception '${guard.refusal}'; end if; ` +
            `end ${DO_TAG}`,
          [],
        ),
      ];
    case "sqlite": {
      const found = await db.executeQuery(
        CompiledQuery.raw(`select 1 from "${guard.table}" where ${guard.where("?")} limit 1`, [guard.value]),
      );
      if (found.rows.length > 0) throw new GuardRefusedError(guard.refusal);
      return [];
    }
  }
}
