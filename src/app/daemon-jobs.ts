import { z } from "zod";
import type { JobScheduleSettings, SchedulesSettings } from "../config/index.js";
import { type CatalogPorts, catalogStoreId, syncCatalog } from "../flows/catalog/index.js";
import type { CatalogSyncReport } from "../flows/catalog/catalog-ops.js";
import type { CustomerPorts } from "../flows/customers/import-web-customer.js";
import { pushCustomersOut } from "../flows/customers/push-customers-out.js";
import { storeKeyOf } from "../flows/customers/store-key.js";
import { syncCustomersIn } from "../flows/customers/sync-customers-in.js";
import { syncFulfilment } from "../flows/fulfilment/sync-fulfilment.js";
import { syncInventory } from "../flows/inventory/sync-inventory.js";
import { syncPrices } from "../flows/prices/sync-prices.js";
import {
  defineJob,
  type JobContext,
  type JobDefinition,
  type JobOutcome,
  type ScheduleDefinition,
} from "../jobs/index.js";
import type { StateStore } from "../store/index.js";
import type { AppContext } from "./app-context.js";
import type { OrderService } from "./orders-service.js";

const noPayload = z.strictObject({});

/** The settings key of each scheduled job, by job name. */
export const scheduledJobs = {
  "orders.poll": "ordersPoll",
  "inventory.sync": "stock",
  "prices.sync": "prices",
  "catalog.sync": "catalog",
  "customers.sync": "customers",
  "fulfilment.sync": "fulfilment",
  "catalog.reconcile": "fullReconcile",
} as const satisfies Record<string, keyof SchedulesSettings>;

export type DaemonJobName = keyof typeof scheduledJobs;
export type DaemonRegistry = Record<DaemonJobName, JobDefinition<typeof noPayload>>;

/** What a job's work returns: counts for the run log. */
type Work = (context: JobContext) => Promise<JobOutcome>;

export interface DaemonJobPorts {
  ctx: AppContext;
  state: StateStore;
  orders: OrderService;
  /** Wraps every handler (the daemon stamps the run's owner and reports the run). */
  around(job: DaemonJobName, context: JobContext, work: () => Promise<JobOutcome>): Promise<JobOutcome>;
}

function catalogCounts(report: CatalogSyncReport): JobOutcome {
  return {
    counts: {
      read: report.itemsRead,
      created: report.created,
      updated: report.updated,
      retired: report.retired,
      unchanged: report.unchanged,
      failed: report.failed.length,
    },
  };
}

/**
 * The daemon's jobs, one per flow. Each is a singleton (its name is its key), so a slot that fires while the last
 * run is still going is skipped rather than stacked, whichever process fired it.
 */
export function daemonJobs(ports: DaemonJobPorts): DaemonRegistry {
  const { ctx, state, orders } = ports;
  const settings = ctx.settings;
  const catalogPorts = (): CatalogPorts => ({
    cp: ctx.counterpoint(),
    woo: ctx.woo(),
    state: state.db,
    storeId: catalogStoreId(settings.woo),
    settings,
  });
  const customerPorts = (): CustomerPorts => ({
    cp: ctx.counterpoint(),
    state: state.db,
    settings,
    storeId: storeKeyOf(settings.woo.url),
  });

  const work: Record<DaemonJobName, Work> = {
    "orders.poll": async () => {
      const poll = await orders.pollNow();
      return { counts: { seen: poll.seen, ...poll.counts } };
    },
    "inventory.sync": async () => catalogCounts(await syncInventory(catalogPorts())),
    "prices.sync": async () => catalogCounts(await syncPrices(catalogPorts())),
    "catalog.sync": async () =>
      catalogCounts(await syncCatalog(catalogPorts(), { parts: ["product", "stock", "price"] })),
    "catalog.reconcile": async () =>
      catalogCounts(await syncCatalog(catalogPorts(), { parts: ["product", "stock", "price"], full: true })),
    "customers.sync": async () => {
      const woo = ctx.woo();
      const inbound = await syncCustomersIn(woo, customerPorts());
      const outbound = await pushCustomersOut(woo, customerPorts());
      return {
        counts: {
          inSeen: inbound.seen,
          inCreated: inbound.created,
          inLinked: inbound.linked,
          inUpdated: inbound.updated,
          inQuarantined: inbound.quarantined,
          inInvalid: inbound.invalid,
          outSeen: outbound.seen,
          outCreated: outbound.created,
          outUpdated: outbound.updated,
          outFailed: outbound.failed.length,
        },
      };
    },
    "fulfilment.sync": async () => {
      // The orders flow's ports without its step hook (the fulfilment flow has its own).
      const { onStep: _, ...fulfilmentPorts } = orders.ports;
      const s = await syncFulfilment(fulfilmentPorts);
      return {
        counts: {
          checked: s.checked,
          completed: s.completed,
          partial: s.partial,
          unchanged: s.unchanged,
          missing: s.missing,
          failed: s.failed.length,
          notesAdded: s.notesAdded,
        },
      };
    },
  };

  const registry = {} as Record<DaemonJobName, JobDefinition<typeof noPayload>>;
  for (const name of Object.keys(scheduledJobs) as DaemonJobName[]) {
    const s: JobScheduleSettings = settings.schedules[scheduledJobs[name]];
    registry[name] = defineJob({
      payload: noPayload,
      singletonKey: () => name,
      retryLimit: s.retryLimit,
      backoff: { baseMs: s.retryDelaySeconds * 1000, maxMs: s.retryDelaySeconds * 10_000 },
      leaseSeconds: s.leaseSeconds,
      handler: (_payload, context) => ports.around(name, context, () => work[name](context)),
    });
  }
  return registry;
}

/** One schedule per enabled job, named after the job. */
export function daemonSchedules(schedules: SchedulesSettings): ScheduleDefinition<DaemonRegistry>[] {
  const out: ScheduleDefinition<DaemonRegistry>[] = [];
  for (const name of Object.keys(scheduledJobs) as DaemonJobName[]) {
    const s = schedules[scheduledJobs[name]];
    if (!s.enabled) continue;
    out.push({
      name,
      cron: s.cron,
      job: name,
      payload: {},
      ...(schedules.timezone === undefined ? {} : { timezone: schedules.timezone }),
    });
  }
  return out;
}
