import { sql, type Transaction } from "kysely";
import type { CounterpointDatabase } from "../schema/database.generated.js";

/**
 * Adds `delta` to AR_CUST.NO_OF_ORDS (open orders of the customer), as Counterpoint does when it enters (+1) or
 * deletes (−1) an order [BA]; arithmetic in SQL. A customer that does not exist is left alone.
 */
export async function changeCustomerOrderCount(
  trx: Transaction<CounterpointDatabase>,
  custNo: string,
  delta: 1 | -1,
): Promise<void> {
  await trx
    .updateTable("AR_CUST")
    .set({ NO_OF_ORDS: sql`${sql.ref("NO_OF_ORDS")} + ${sql.lit(delta)}` })
    .where("CUST_NO", "=", custNo)
    .execute();
}
