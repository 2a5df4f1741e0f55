import { type JobQueueOptions, createJobQueue } from "../create-job-queue.js";
import type { JobRegistry } from "../job-definition.js";
import { emitter } from "../job-events.js";
import type { JobQueue } from "../job-queue.js";
import { PgBossBackend } from "./pg-boss-backend.js";

export interface PgBossJobQueueOptions<R extends JobRegistry> extends JobQueueOptions<R> {
  /** The state database's postgres:// URL (pg-boss's schema lives beside the state tables). */
  connectionString: string;
  /** pg-boss schema. Default "pgboss". */
  schema?: string;
  /** How often idle workers poll, ≥ 500 ms. Default 2000. */
  pollIntervalMs?: number;
  /** How often expired leases are noticed (pg-boss supervise/monitor). Default 30 s. */
  superviseIntervalSeconds?: number;
  /** pg-boss pool size. Default 4. */
  maxConnections?: number;
}

/**
 * The job queue on pg-boss 12 for PostgreSQL deployments with workers on several machines. `db` must be
 * the state store on the same database as `connectionString`.
 */
export function createPgBossJobQueue<R extends JobRegistry>(options: PgBossJobQueueOptions<R>): JobQueue<R> {
  const backend = new PgBossBackend({
    db: options.db,
    connectionString: options.connectionString,
    schema: options.schema ?? "pgboss",
    jobNames: Object.keys(options.registry),
    pollIntervalMs: options.pollIntervalMs ?? 2000,
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 30,
    maxConnections: options.maxConnections ?? 4,
    emit: emitter(options.onEvent),
  });
  return createJobQueue(backend, options);
}
