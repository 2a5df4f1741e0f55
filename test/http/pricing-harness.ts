import { type AppContext, createAppContext } from "../../src/app/app-context.js";
import { type SettingsInput, settingsSchema } from "../../src/config/index.js";
import { createPricingService, type PricingService } from "../../src/app/pricing-service.js";
import { initDemoStore } from "../../src/sandbox/replica/fill-demo-store.js";
import { createApiKey } from "../../src/store/api-keys.js";
import { migrateStateStore } from "../../src/store/index.js";
import { freshDatabase, type TestEngine } from "../helpers/databases.js";

export interface RunningPricing {
  /** http://127.0.0.1:<port> */
  url: string;
  /** A valid API key named "test". */
  key: string;
  ctx: AppContext;
  service: PricingService;
  stop(): Promise<void>;
}

/**
 * A real pricing service over loopback: a demo-store replica (SQLite or PostgreSQL), a fresh state database with one
 * API key, the cache loaded before the first request.
 */
export async function startPricing(
  engine: TestEngine,
  pricing: SettingsInput["pricing"] = {},
  demo = { items: 60, customers: 40 },
): Promise<RunningPricing> {
  const cp = await freshDatabase(engine);
  const state = await freshDatabase(engine);
  const { db } = await initDemoStore(cp.url, { ...demo, seed: "http-test" });
  await db.destroy();
  const settings = settingsSchema.parse({
    counterpoint: { db: cp.url },
    state: { db: state.url },
    pricing: { pollSeconds: 3600, ...pricing },
  });
  const ctx = createAppContext(settings);
  const store = await ctx.state();
  await migrateStateStore(store);
  const { key } = await createApiKey(store.db, "test");
  const service = await createPricingService(ctx, { waitForCache: true });
  const url = await service.server.listen({ host: "127.0.0.1", port: 0 });
  return {
    url,
    key,
    ctx,
    service,
    stop: async () => {
      await service.close();
      await ctx.close();
      await cp.drop();
      await state.drop();
    },
  };
}
