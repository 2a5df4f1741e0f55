import { type Compilable, type Kysely, sql, type Transaction } from "kysely";
import type { CounterpointDatabase } from "../schema/database.generated.js";

/**
 * The UPDATE adding `delta` to AR_CUST.NO_OF_ORDS (open orders of the customer), as Counterpoint does when it enters
 * (+1 per order) or deletes (−1) an order [BA]; arithmetic in SQL. A customer that does not exist is left alone.
 */
export function customerOrderCountStatement(
  trx: Kysely<CounterpointDatabase> | Transaction<CounterpointDatabase>,
  custNo: string,
  delta: number,
): Compilable {
  if (!Number.isSafeInteger(delta) || delta === 0)
    throw new RangeError(`an order count change must be a whole number, not ${delta}`);
  return trx
    .updateTable("AR_CUST")
    .set({ NO_OF_ORDS: sql`${sql.ref("NO_OF_ORDS")} + ${sql.lit(delta)}` })
    .where("CUST_NO", "=", custNo);
}

/** Adds `delta` to AR_CUST.NO_OF_ORDS now (see `customerOrderCountStatement`). */
export async function changeCustomerOrderCount(
  trx: Transaction<CounterpointDatabase>,
  custNo: string,
  delta: 1 | -1,
): Promise<void> {
  await trx.executeQuery(customerOrderCountStatement(trx, custNo, delta).compile());
}
