import { CompiledQuery, type Kysely, type Transaction } from "kysely";
import pg from "pg";
import { engineOf } from "./dialect.js";
import type { CounterpointDatabase } from "./schema/database.generated.js";

type Db = Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>;
const DO_TAG = "$cpwoo_guard$";

/** SQLite's guard found the row itself (the other engines fail the request with the guard's message). */
export class GuardRefusedError extends Error {}

export interface AbsenceGuard {
  /** Name the locks (one per value): writers with a key in common queue, others go side by side. */
  lockKeys: readonly string[];
  table: "PS_DOC_HDR" | "AR_CUST";
  /** The SQL expression a matching row has equal to one of the values, e.g. `"REF"`. */
  column: string;
  values: readonly string[];
  /** The error message when a row already matches; the caller recognises the refusal by it. */
  refusal: string;
}

/** Whether a failed write was refused by a guard with this message (on any engine), not by anything else. */
export function isGuardRefusal(error: unknown, refusal: string): boolean {
  return error instanceof Error && error.message.includes(refusal);
}

/**
 * Statements that open a create-if-absent write, sent in the same request as the rows: lock every key of
 * `lockKeys` until the transaction ends (in sorted order, so two writers with keys in common cannot lock them
 * crosswise), then fail with `refusal` if a row already matches any of `values`. Two cpwoo writers of the same thing
 * cannot both find nothing and both write it; no table is touched for the locks (SQL Server's application lock,
 * raising on a timeout; PostgreSQL's transaction advisory lock). The look-up is its own statement after the locks are
 * granted, so it sees what the previous holder committed; a batch's values are looked up in one statement. SQLite has
 * one writer at a time: the look-up runs here and throws GuardRefusedError itself.
 */
export async function absenceGuard(db: Db, guard: AbsenceGuard): Promise<CompiledQuery[]> {
  if (guard.values.length === 0) throw new RangeError("an absence guard needs at least one value");
  const keys = [...new Set(guard.lockKeys)].sort();
  const where = (list: string[]) =>
    list.length === 1 ? `${guard.column} = ${list[0]}` : `${guard.column} in (${list.join(", ")})`;
  switch (engineOf(db)) {
    case "mssql": {
      return [
        // sp_getapplock reports a timeout in its return code rather than raising: raise it.
        ...keys.map((key) =>
          CompiledQuery.raw(
            "declare @cpwoo_lock int; exec @cpwoo_lock = sp_getapplock @Resource = @1, @LockMode = 'Exclusive', " +
              "@LockOwner = 'Transaction', @LockTimeout = 30000; " +
              "if @cpwoo_lock < 0 throw 51001, N'cpwoo: timed out waiting for a lock', 1",
            [key],
          ),
        ),
        CompiledQuery.raw(
          `if exists (select 1 from "${guard.table}" where ${where(guard.values.map((_, i) => `@${i + 1}`))}) throw 51000, N'${guard.refusal}', 1`,
          [...guard.values],
        ),
      ];
    }
    case "postgres": {
      // SQL cannot raise an error by itself: a DO block does, with the values written in as literals.
      if (guard.values.some((v) => v.includes(DO_TAG)))
        throw new RangeError(`a guarded value must not contain ${DO_TAG}`);
      return [
        ...keys.map((key) => CompiledQuery.raw("select pg_advisory_xact_lock(hashtextextended($1, 0))", [key])),
        CompiledQuery.raw(
          `do ${DO_TAG} begin if exists (select 1 from "${guard.table}" where ` +
            `${where(guard.values.map((v) => pg.escapeLiteral(v)))}) then raise exception '${guard.refusal}'; end if; ` +
            `end ${DO_TAG}`,
          [],
        ),
      ];
    }
    case "sqlite": {
      const list = guard.values.map(() => "?");
      const found = await db.executeQuery(
        CompiledQuery.raw(`select 1 from "${guard.table}" where ${where(list)} limit 1`, [...guard.values]),
      );
      if (found.rows.length > 0) throw new GuardRefusedError(guard.refusal);
      return [];
    }
  }
}
