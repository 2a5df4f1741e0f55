import type { Transaction } from "kysely";
import type { CounterpointDatabase } from "../schema/database.generated.js";
import { DocumentSetupError } from "./document-errors.js";

/** fnGenDocId's last six digits are seconds-of-day·10 + one digit: 0 … 863999. */
const LOW = 1_000_000n;
const LOW_RANGE = 864_000n;
/** How many ids one look-up covers: a busy second holds a few dozen documents at most. */
const WINDOW = 200n;

/**
 * The first `count` DOC_IDs from `first` on that no open (PS_DOC_HDR) or posted (PS_TKT_HIST) document has. Several
 * documents in one second share fnGenDocId's value, so the next candidate adds one to the low field (seconds·10 +
 * digit) and wraps within the day's range: store, station, type digit and day stay as the formula made them, and the
 * id still decodes as a valid time. Taken ids are read a window at a time (a key range scan). A concurrent insert by
 * Counterpoint itself can still take an id first: the key refuses the insert and the caller retries the document.
 */
export async function freeDocIds(
  trx: Transaction<CounterpointDatabase>,
  first: string,
  count: number,
): Promise<string[]> {
  const id = BigInt(first);
  const high = (id / LOW) * LOW;
  let low = id % LOW;
  if (low >= LOW_RANGE) low = 0n;
  const free: string[] = [];
  for (let tried = 0n; tried < LOW_RANGE; ) {
    // One window, never crossing the end of the day's range (the next window wraps to 0).
    const end = low + WINDOW > LOW_RANGE ? LOW_RANGE : low + WINDOW;
    const from = (high + low).toString();
    const to = (high + end - 1n).toString();
    const rows = await trx
      .selectFrom("PS_DOC_HDR")
      .select("DOC_ID")
      .where("DOC_ID", ">=", from)
      .where("DOC_ID", "<=", to)
      .union(trx.selectFrom("PS_TKT_HIST").select("DOC_ID").where("DOC_ID", ">=", from).where("DOC_ID", "<=", to))
      .execute();
    const used = new Set(rows.map((r) => BigInt(r.DOC_ID)));
    for (let candidate = low; candidate < end; candidate++) {
      if (!used.has(high + candidate)) free.push((high + candidate).toString());
      if (free.length === count) return free;
    }
    tried += end - low;
    low = end % LOW_RANGE;
  }
  throw new DocumentSetupError(`no ${count} free DOC_IDs in the day of ${first}`);
}

/** The first free DOC_ID from `first` on (see `freeDocIds`). */
export async function freeDocId(trx: Transaction<CounterpointDatabase>, first: string): Promise<string> {
  const [id] = await freeDocIds(trx, first, 1);
  if (id === undefined) throw new DocumentSetupError(`no free DOC_ID in the day of ${first}`);
  return id;
}
