import type { Transaction } from "kysely";
import type { CounterpointDatabase } from "../schema/database.generated.js";
import { DocumentSetupError } from "./document-errors.js";

/** fnGenDocId's last six digits are seconds-of-day·10 + one digit: 0 … 863999. */
const LOW = 1_000_000n;
const LOW_RANGE = 864_000n;
const CANDIDATES = 10;

/**
 * The first DOC_ID from `first` on that no open (PS_DOC_HDR) or posted (PS_TKT_HIST) document has. Several documents
 * in one second share fnGenDocId's value, so the next candidate adds one to the low field (seconds·10 + digit) and
 * wraps within the day's range: store, station, type digit and day stay as the formula made them, and the id still
 * decodes as a valid time. A concurrent insert by Counterpoint itself can still take it first: the key refuses the
 * insert and the caller retries the whole document.
 */
export async function freeDocId(trx: Transaction<CounterpointDatabase>, first: string): Promise<string> {
  const id = BigInt(first);
  const high = (id / LOW) * LOW;
  let low = id % LOW;
  for (let tried = 0n; tried < LOW_RANGE; tried += BigInt(CANDIDATES)) {
    const candidates: string[] = [];
    for (let i = 0; i < CANDIDATES; i++) {
      candidates.push((high + low).toString());
      low = (low + 1n) % LOW_RANGE;
    }
    const rows = await trx
      .selectFrom("PS_DOC_HDR")
      .select("DOC_ID")
      .where("DOC_ID", "in", candidates)
      .union(trx.selectFrom("PS_TKT_HIST").select("DOC_ID").where("DOC_ID", "in", candidates))
      .execute();
    const used = new Set(rows.map((r) => String(r.DOC_ID)));
    const free = candidates.find((c) => !used.has(c));
    if (free !== undefined) return free;
  }
  throw new DocumentSetupError(`no free DOC_ID in the day of ${first}`);
}
