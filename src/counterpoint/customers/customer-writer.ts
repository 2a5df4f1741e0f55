import type { Insertable, Kysely, Transaction, Updateable } from "kysely";
import { selectForUpdate } from "../dialect.js";
import { absenceGuard, isGuardRefusal } from "../absence-guard.js";
import { executeAtomically } from "../statement-batch.js";
import { fit } from "../fit.js";
import type {
  ArCustNoteTable,
  ArCustTable,
  ArShipAdrsTable,
  CounterpointDatabase,
} from "../schema/database.generated.js";

type Db = Kysely<CounterpointDatabase>;
type Trx = Transaction<CounterpointDatabase>;

export interface NewCustomerInput {
  customer: Omit<Insertable<ArCustTable>, "CUST_NO">;
  shipTo: Omit<Insertable<ArShipAdrsTable>, "CUST_NO" | "SHIP_ADRS_ID"> | null;
  note: { note: string; text: string; user: string; at: string } | null;
}

export interface CreatedCustomer {
  custNo: string;
  shipAdrsId: string | null;
  /** Numbers found already taken (in Counterpoint) and skipped on the way. */
  skipped: string[];
}

export class CustomerWriteError extends Error {}

/** True for a duplicate-key error on any engine (SQL Server 2627/2601, PostgreSQL 23505, SQLite constraint). */
export function isDuplicateKeyError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: unknown; number?: unknown };
  if (e.number === 2627 || e.number === 2601) return true;
  if (e.code === "23505" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY" || e.code === "SQLITE_CONSTRAINT_UNIQUE") {
    return true;
  }
  return /UNIQUE constraint failed|duplicate key/i.test(e.message);
}

/** The next numeric id after the ids a customer already has ("1", "2", …; non-numeric ids such as `(DEFAULT)` ignored). */
function nextNumericId(ids: readonly (string | number)[]): number {
  let highest = 0;
  for (const id of ids) {
    const n = typeof id === "number" ? id : /^\s*\d{1,9}\s*$/.test(id) ? Number(id) : 0;
    if (n > highest) highest = n;
  }
  return highest + 1;
}

/** Locks the customer's AR_CUST row for the rest of the transaction, so child ids are taken one writer at a time. */
async function lockCustomer(trx: Trx, custNo: string): Promise<boolean> {
  const row = await selectForUpdate(trx, "AR_CUST").select("CUST_NO").where("CUST_NO", "=", custNo).executeTakeFirst();
  return row !== undefined;
}

async function insertShipTo(
  trx: Trx,
  custNo: string,
  row: Omit<Insertable<ArShipAdrsTable>, "CUST_NO" | "SHIP_ADRS_ID">,
): Promise<string> {
  const ids = await trx.selectFrom("AR_SHIP_ADRS").select("SHIP_ADRS_ID").where("CUST_NO", "=", custNo).execute();
  const id = String(nextNumericId(ids.map((r) => r.SHIP_ADRS_ID)));
  await trx
    .insertInto("AR_SHIP_ADRS")
    .values({ ...row, CUST_NO: custNo, SHIP_ADRS_ID: id })
    .execute();
  return id;
}

function noteRow(custNo: string, id: number, note: NonNullable<NewCustomerInput["note"]>): Insertable<ArCustNoteTable> {
  return {
    CUST_NO: custNo,
    NOTE_ID: id,
    NOTE_DAT: note.at,
    USR_ID: fit("AR_CUST_NOTE", "USR_ID", note.user).value,
    NOTE: fit("AR_CUST_NOTE", "NOTE", note.note).value,
    NOTE_TXT: note.text,
  };
}

async function insertNote(trx: Trx, custNo: string, note: NonNullable<NewCustomerInput["note"]>): Promise<number> {
  const ids = await trx.selectFrom("AR_CUST_NOTE").select("NOTE_ID").where("CUST_NO", "=", custNo).execute();
  const id = nextNumericId(ids.map((r) => r.NOTE_ID));
  await trx
    .insertInto("AR_CUST_NOTE")
    .values(noteRow(custNo, id, note))
    .execute();
  return id;
}

/**
 * Inserts a new customer with its ship-to and note in one transaction, under a CUST_NO from `nextCustNo` (cpwoo's
 * locked counter). A number already taken in Counterpoint is refused by AR_CUST's key — also when someone creates it
 * at the same moment — and the next one is taken, so an existing customer is never overwritten and no number is
 * given twice. The new customer's first ship-to and note get id 1 (it cannot have others yet).
 */
/** The message the e-mail guard fails with when AR_CUST already has a customer with the e-mail. */
const EMAIL_TAKEN = "cpwoo: a customer with this e-mail already exists";

/** Whether `insertNewCustomer` was refused because another writer created a customer with the e-mail meanwhile. */
export function isCustomerEmailTaken(error: unknown): boolean {
  return isGuardRefusal(error, EMAIL_TAKEN);
}

export async function insertNewCustomer(
  db: Db,
  input: NewCustomerInput,
  nextCustNo: () => Promise<string>,
  maxAttempts = 50,
  /** Create only if no customer has this e-mail (case-insensitive), checked under a lock on it. */
  uniqueEmail?: string,
): Promise<CreatedCustomer> {
  const skipped: string[] = [];
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const custNo = await nextCustNo();
    if (fit("AR_CUST", "CUST_NO", custNo).cut !== null) {
      throw new CustomerWriteError(`CUST_NO "${custNo}" is longer than 15 characters: check customers.numbering`);
    }
    try {
      // No look-up first: the key refuses a taken number (caught below), and a customer that did not exist has no
      // ship-tos or notes yet (their foreign key), so its first ids are 1. One atomic request where the engine allows.
      await executeAtomically(db, async (q) => [
        ...(uniqueEmail === undefined ? [] : await emailGuard(q, uniqueEmail)),
        q.insertInto("AR_CUST").values({ ...input.customer, CUST_NO: custNo }),
        ...(input.shipTo === null
          ? []
          : [q.insertInto("AR_SHIP_ADRS").values({ ...input.shipTo, CUST_NO: custNo, SHIP_ADRS_ID: "1" })]),
        ...(input.note === null ? [] : [q.insertInto("AR_CUST_NOTE").values(noteRow(custNo, 1, input.note))]),
      ]);
      const shipAdrsId = input.shipTo === null ? null : "1";
      return { custNo, shipAdrsId, skipped };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      skipped.push(custNo);
    }
  }
  throw new CustomerWriteError(`no free CUST_NO after ${maxAttempts} attempts (skipped ${skipped.join(", ")})`);
}

/** Adds a ship-to address to an existing customer; its id is the customer's next number. Returns the id. */
export async function addShipTo(
  db: Db,
  custNo: string,
  row: Omit<Insertable<ArShipAdrsTable>, "CUST_NO" | "SHIP_ADRS_ID">,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockCustomer(trx, custNo))) throw new CustomerWriteError(`customer ${custNo} does not exist`);
    return insertShipTo(trx, custNo, row);
  });
}

/** Adds a note to an existing customer; its NOTE_ID is the customer's next number. Returns the id. */
export async function addCustomerNote(
  db: Db,
  custNo: string,
  note: NonNullable<NewCustomerInput["note"]>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockCustomer(trx, custNo))) throw new CustomerWriteError(`customer ${custNo} does not exist`);
    return insertNote(trx, custNo, note);
  });
}

/** Updates columns of one customer (values already fitted by the caller). Returns whether the customer exists. */
export async function updateCustomer(db: Db, custNo: string, patch: Updateable<ArCustTable>): Promise<boolean> {
  if (Object.keys(patch).length === 0) return true;
  const result = await db.updateTable("AR_CUST").set(patch).where("CUST_NO", "=", custNo).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Locks an e-mail and refuses (EMAIL_TAKEN) if AR_CUST has it already: two workers creating the customer of the same
 * shopper at the same moment make one customer; the second finds the first's.
 */
function emailGuard(q: Db | Trx, email: string) {
  const value = email.trim().toLowerCase();
  return absenceGuard(q, {
    lockKeys: [`cpwoo:customer:${value}`],
    table: "AR_CUST",
    column: 'lower(trim("EMAIL_ADRS_1"))',
    values: [value],
    refusal: EMAIL_TAKEN,
  });
}
