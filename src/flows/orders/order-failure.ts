import { WooError } from "../../woocommerce/index.js";

/**
 * Why an attempt at an order failed, which decides what happens next:
 * `transient` — network, WooCommerce 429/5xx, database deadlock, lock timeout, lost connection, a key race: retried
 * with backoff, `dead` after `orders.maxAttempts`; `data` — the order or Counterpoint's data is wrong: `invalid`, with
 * the field named, until either changes; `bug` — anything else: retried like a transient failure (it may be the
 * environment), so it ends `dead` with its message rather than looping forever.
 */
export type FailureKind = "transient" | "data" | "bug";

export class OrderDataError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = "OrderDataError";
  }
}

// SQL Server: 1205 deadlock victim, 1222 lock timeout, 2601/2627 duplicate key (a DOC_ID race with Counterpoint),
// -2 timeout; PostgreSQL: 40001 serialization, 40P01 deadlock, 55P03 lock not available, 57014 statement timeout,
// 23505 unique violation, 08xxx connection; SQLite: SQLITE_BUSY/LOCKED, a constraint on a primary key.
const transientSqlNumbers = new Set([1205, 1222, 2601, 2627, -2, 233, 10053, 10054, 10060, 4060]);
const transientSqlStates = new Set(["40001", "40P01", "55P03", "57014", "23505", "53300", "57P01", "57P03"]);
const transientMessages =
  /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up|Connection terminated|SQLITE_BUSY|SQLITE_LOCKED|database is locked|UNIQUE constraint failed: PS_DOC_HDR\.DOC_ID|deadlock|lock timeout|timeout exceeded when trying to connect|Connection lost/i;

export function classifyFailure(err: unknown): FailureKind {
  if (err instanceof OrderDataError) return "data";
  if (err instanceof WooError) return err.retryable || err.code === "WOO_OUTCOME_UNKNOWN" ? "transient" : "bug";
  if (!(err instanceof Error)) return "bug";
  const e = err as Error & { code?: unknown; number?: unknown };
  if (typeof e.number === "number" && transientSqlNumbers.has(e.number)) return "transient";
  if (typeof e.code === "string" && (transientSqlStates.has(e.code) || e.code.startsWith("08"))) return "transient";
  if (transientMessages.test(e.message)) return "transient";
  return "bug";
}

/** A failure as one line for the order's reason (never a stack). */
export function describeFailure(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0]?.slice(0, 500) ?? err.name;
  return String(err).slice(0, 500);
}
