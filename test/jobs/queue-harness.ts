import { sql } from "kysely";
import { freshDatabase, type TestDatabase, testEngines } from "../helpers/databases.js";
import {
  createEmbeddedJobQueue,
  createPgBossJobQueue,
  type JobQueue,
  type JobQueueEvent,
  type JobRegistry,
  type ScheduleDefinition,
} from "../../src/jobs/index.js";
import { migrateStateStore, openStateStore, type StateStore } from "../../src/store/index.js";

export type AdapterName = "embedded" | "pg-boss";

export interface QueueSetup<R extends JobRegistry> {
  registry: R;
  schedules?: readonly ScheduleDefinition<R>[];
  onEvent?: (event: JobQueueEvent) => void;
  now?: () => number;
}

/** One adapter on one fresh database, with fast polling; remembers every queue so cleanup stops them. */
export interface QueueHarness {
  adapter: AdapterName;
  database: TestDatabase;
  store: StateStore;
  /** How long a due job may wait for a poll, plus slack for a loaded machine. */
  pollSlackMs: number;
  createQueue<R extends JobRegistry>(setup: QueueSetup<R>): JobQueue<R>;
  /** Makes the queue's job table unusable (to provoke background errors), and puts it back. */
  breakJobTable(): Promise<void>;
  repairJobTable(): Promise<void>;
  dispose(): Promise<void>;
}

export interface HarnessFactory {
  adapter: AdapterName;
  open(): Promise<QueueHarness>;
}

async function openStore(database: TestDatabase): Promise<StateStore> {
  const store = await openStateStore(database.url);
  await migrateStateStore(store);
  return store;
}

const embedded: HarnessFactory = {
  adapter: "embedded",
  async open() {
    const database = await freshDatabase("sqlite");
    const store = await openStore(database);
    const queues: Array<JobQueue<JobRegistry>> = [];
    return {
      adapter: "embedded",
      database,
      store,
      pollSlackMs: 100 + 400,
      createQueue(setup) {
        const queue = createEmbeddedJobQueue({ db: store.db, pollIntervalMs: 100, schedulerTickMs: 100, ...setup });
        queues.push(queue);
        return queue;
      },
      async breakJobTable() {
        await sql`alter table job_queue rename to job_queue_broken`.execute(store.db);
      },
      async repairJobTable() {
        await sql`alter table job_queue_broken rename to job_queue`.execute(store.db);
      },
      async dispose() {
        for (const q of queues) await q.stop({ timeoutMs: 0 });
        await store.close();
        await database.drop();
      },
    };
  },
};

const pgBoss: HarnessFactory = {
  adapter: "pg-boss",
  async open() {
    const database = await freshDatabase("postgres");
    const store = await openStore(database);
    const schema = database.schema ?? "";
    const queues: Array<JobQueue<JobRegistry>> = [];
    return {
      adapter: "pg-boss",
      database,
      store,
      pollSlackMs: 500 + 700,
      createQueue(setup) {
        const queue = createPgBossJobQueue({
          db: store.db,
          connectionString: database.url,
          schema,
          pollIntervalMs: 500,
          superviseIntervalSeconds: 1,
          schedulerTickMs: 100,
          ...setup,
        });
        queues.push(queue);
        return queue;
      },
      async breakJobTable() {
        await sql`alter table ${sql.id(schema, "job")} rename to job_broken`.execute(store.db);
      },
      async repairJobTable() {
        await sql`alter table ${sql.id(schema, "job_broken")} rename to job`.execute(store.db);
      },
      async dispose() {
        for (const q of queues) await q.stop({ timeoutMs: 0 });
        await store.close();
        await database.drop();
      },
    };
  },
};

/** Embedded on SQLite always; pg-boss on PostgreSQL when CPWOO_TEST_PG_URL is set. */
export const harnesses: readonly HarnessFactory[] = testEngines.includes("postgres") ? [embedded, pgBoss] : [embedded];

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
