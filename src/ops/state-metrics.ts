import type { StateDb } from "../store/index.js";
import { countOrdersByState } from "./health-facts.js";
import { waitingOrderStates } from "./health.js";
import type { Metrics } from "./metrics.js";

/** Jobs of the embedded queue waiting to run, per job name, plus `orders` (orders still to finish). */
export async function readQueueDepth(db: StateDb): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("job_queue")
    .select((eb) => ["name", eb.fn.countAll().as("n")])
    .where("state", "in", ["created", "retry"])
    .groupBy("name")
    .execute();
  const depth: Record<string, number> = Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
  const orders = await countOrdersByState(db);
  depth.orders = waitingOrderStates.reduce((n, s) => n + (orders[s] ?? 0), 0);
  return depth;
}

/**
 * Points the orders-by-state and queue-depth gauges at the state store; they are read when Prometheus scrapes.
 * With pg-boss, pass `queueDepth` to read its queues instead of the embedded queue's table.
 */
export function useStateStoreSources(
  metrics: Metrics,
  db: StateDb,
  queueDepth?: () => Promise<Readonly<Record<string, number>>>,
): void {
  metrics.sources.orderStates = () => countOrdersByState(db);
  metrics.sources.queueDepth = queueDepth ?? (() => readQueueDepth(db));
}
