import type { Settings } from "../config/index.js";
import { type CounterpointDb, connectCounterpoint } from "../counterpoint/connect.js";
import { openStateStore, type StateStore } from "../store/index.js";
import { WooClient } from "../woocommerce/index.js";

/**
 * The adapters a command or the daemon needs, built from settings on first use and closed together. This is the
 * only place that constructs them; flows receive them as arguments.
 */
export interface AppContext {
  readonly settings: Settings;
  woo(): WooClient;
  counterpoint(): CounterpointDb;
  state(): Promise<StateStore>;
  close(): Promise<void>;
}

export function createAppContext(settings: Settings): AppContext {
  let woo: WooClient | undefined;
  let cp: CounterpointDb | undefined;
  let state: Promise<StateStore> | undefined;
  return {
    settings,
    woo: () => {
      woo ??= WooClient.fromSettings(settings.woo);
      return woo;
    },
    counterpoint: () => {
      if (!settings.counterpoint.db)
        throw new Error("Counterpoint is not configured: set counterpoint.db (CPWOO_CP_DB)");
      cp ??= connectCounterpoint(settings.counterpoint.db);
      return cp;
    },
    state: () => {
      state ??= openStateStore(settings.state.db);
      return state;
    },
    close: async () => {
      const pending: Promise<unknown>[] = [];
      if (woo) pending.push(woo.close());
      if (cp) pending.push(cp.destroy());
      if (state) pending.push(state.then((s) => s.close()));
      await Promise.allSettled(pending);
    },
  };
}
