import { m0001StateTables } from "./m0001-state-tables.js";
import { m0002JobTables } from "./m0002-job-tables.js";
import { m0003CustomerTables } from "./m0003-customer-tables.js";
import { m0005ApiKeys } from "./m0005-api-keys.js";
import { m0006OrderClaims } from "./m0006-order-claims.js";
import { m0007OrderFulfilment } from "./m0007-order-fulfilment.js";
import { m0008OrderRefunds } from "./m0008-order-refunds.js";
import { m0009Alerts } from "./m0009-alerts.js";
import { m0010RunOwners } from "./m0010-run-owners.js";
import { m0011WorkableOrders } from "./m0011-workable-orders.js";
import type { StateMigration } from "./state-migration.js";

/** Every migration, in apply order. Append only: never edit or reorder one that has shipped. */
export const stateMigrations: readonly StateMigration[] = [
  m0001StateTables,
  m0002JobTables,
  m0003CustomerTables,
  m0005ApiKeys,
  m0006OrderClaims,
  m0007OrderFulfilment,
  m0008OrderRefunds,
  m0009Alerts,
  m0010RunOwners,
  m0011WorkableOrders,
];

export type { StateMigration } from "./state-migration.js";
