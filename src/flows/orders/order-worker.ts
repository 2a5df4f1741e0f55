import { hostname } from "node:os";
import { nextDueAt } from "../../store/index.js";
import { type DrainSummary, drainOrders } from "./drain-orders.js";
import { nowOf, type OrderPorts } from "./order-ports.js";

let workerSerial = 0;

/** A worker name unique across machines and processes: `host:pid:n`. */
export function workerName(): string {
  workerSerial++;
  return `${hostname()}:${process.pid}:${workerSerial}`;
}

export interface OrderWorkerOptions {
  worker?: string;
  /** Longest sleep when idle; the reconciliation poll and webhooks wake it sooner. */
  idleMs?: number;
  leaseMs?: number;
  onDrain?: (summary: DrainSummary) => void;
}

/**
 * Drains due orders until stopped: when a pass finds nothing it sleeps until woken (a webhook or poll recorded an
 * order), the next retry is due, or `idleMs` passes. `stop()` lets the current pass finish; its claims are released,
 * and a killed worker's claims expire after the lease.
 */
export class OrderWorker {
  readonly name: string;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private pending = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly ports: OrderPorts,
    private readonly options: OrderWorkerOptions = {},
  ) {
    this.name = options.worker ?? workerName();
  }

  /** Ask for a pass now (an order arrived). */
  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    const idleMs = this.options.idleMs ?? 5_000;
    while (!this.stopped) {
      this.pending = false;
      let summary: DrainSummary;
      try {
        summary = await drainOrders(this.ports, {
          worker: this.name,
          ...(this.options.leaseMs === undefined ? {} : { leaseMs: this.options.leaseMs }),
        });
        this.options.onDrain?.(summary);
      } catch (err) {
        // The state store or Counterpoint is down: wait and try again; orders stay where they are.
        this.ports.log?.warn("order worker pass failed", { error: (err as Error).message });
        summary = { claimed: 0, outcomes: [] };
      }
      if (summary.claimed > 0 || this.pending || this.stopped) continue;
      const due = await nextDueAt(this.ports.state.db, this.ports.storeId).catch(() => undefined);
      const untilDue = due === undefined ? idleMs : due.getTime() - nowOf(this.ports).getTime();
      await this.sleep(Math.max(10, Math.min(idleMs, untilDue)));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
