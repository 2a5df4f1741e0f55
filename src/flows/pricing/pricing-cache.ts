import type { CounterpointDb } from "../../counterpoint/connect.js";
import { readPricingStamps } from "../../counterpoint/pricing/price-rule-rows.js";
import { type LoadedPricing, loadPricingData } from "./load-pricing-data.js";
import type { PricingData } from "./pricing-data.js";

/** The logging the cache needs (pino's shape). */
export interface PricingLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PricingCacheStatus {
  ready: boolean;
  loading: boolean;
  /** When the data in memory was loaded (epoch ms), null before the first load. */
  loadedAt: number | null;
  lastLoadSeconds: number | null;
  lastError: string | null;
  reloads: number;
}

/**
 * Groups, rules, breaks, items, customers and base prices held in memory, so a warm price needs no database
 * round-trip. `start()` loads in the background (callers answer 503 until `data` is set) and then polls the
 * maintenance fingerprint every `pollMs`, reloading when it changes. Each unreadable rule is logged once.
 */
export class PricingCache {
  data: PricingData | null = null;
  private stamp: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly logged = new Set<string>();
  private status: Omit<PricingCacheStatus, "ready" | "loading"> = {
    loadedAt: null,
    lastLoadSeconds: null,
    lastError: null,
    reloads: 0,
  };

  constructor(
    private readonly db: CounterpointDb,
    private readonly log: PricingLog,
    private readonly onLoaded: (loaded: LoadedPricing) => void = () => {},
  ) {}

  snapshot(): PricingCacheStatus {
    return { ...this.status, ready: this.data !== null, loading: this.running !== null };
  }

  /** Starts the first load without waiting for it, then polls. */
  start(pollMs: number): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), pollMs);
    this.timer.unref();
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.running ?? Promise.resolve();
  }

  /** Loads when nothing is loaded or the fingerprint changed; concurrent calls share one load. */
  refresh(force = false): Promise<void> {
    this.running ??= this.doRefresh(force).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async doRefresh(force: boolean): Promise<void> {
    try {
      if (!force && this.data !== null) {
        const stamp = await readPricingStamps(this.db);
        if (stamp === this.stamp) return;
      }
      const loaded = await loadPricingData(this.db);
      this.data = loaded.data;
      this.stamp = loaded.stamp;
      this.status = {
        loadedAt: Date.now(),
        lastLoadSeconds: loaded.seconds,
        lastError: null,
        reloads: this.status.reloads + 1,
      };
      for (const p of loaded.data.problems) {
        const key = `${p.key}:${p.field}:${p.text ?? ""}`;
        if (this.logged.has(key)) continue;
        this.logged.add(key);
        this.log.warn(
          { rule: p.key, field: p.field, filter: p.text },
          `price rule ${p.key} is not applied: ${p.error}`,
        );
      }
      this.onLoaded(loaded);
      this.log.info(
        { seconds: loaded.seconds, groups: loaded.data.groups.length, items: loaded.data.items.size },
        "price rules loaded",
      );
    } catch (err) {
      this.status = { ...this.status, lastError: (err as Error).message };
      this.log.error({ err }, "loading price rules failed");
    }
  }
}
