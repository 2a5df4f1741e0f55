import type { AppContext } from "./app-context.js";
import { PricingCache } from "../flows/pricing/pricing-cache.js";
import { createMetrics, type Metrics } from "../ops/metrics.js";
import { activeApiKeyHashes } from "../store/api-keys.js";
import { migrateStateStore } from "../store/index.js";
import { ApiKeyRegistry } from "../http/api-key-registry.js";
import type { FastifyBaseLogger } from "fastify";
import { buildServer, type CpwooServer, type ServerModule } from "../http/build-server.js";
import type { HealthCheck } from "../http/ops-routes.js";
import { pricingRoutes } from "../http/pricing-routes.js";

export interface PricingService {
  server: CpwooServer;
  cache: PricingCache;
  metrics: Metrics;
  /** null when keys are not required. */
  apiKeys: ApiKeyRegistry | null;
  /** Stops polling and closes the server (not the app context). */
  close(): Promise<void>;
}

export interface PricingServiceOptions {
  /** Fastify logger option; false in tests and benchmarks. */
  logger?: boolean | { level: string };
  /** Start the cache in the background (default) or wait for the first load. */
  waitForCache?: boolean;
}

/** The pricing API as a server module (for a server shared with other modules, as `cpwoo run` builds). */
export interface PricingModule {
  module: ServerModule;
  health: HealthCheck;
  cache: PricingCache;
  apiKeys: ApiKeyRegistry | null;
  /** Starts the cache polling and the API-key refresh (after the server exists, so their logs have a home). */
  start(log: FastifyBaseLogger, options?: { waitForCache?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The pricing routes wired from an app context: price cache (polling per `pricing.pollSeconds`), API keys from the
 * state store, rate limits and metrics. Nothing runs until `start`.
 */
export async function createPricingModule(ctx: AppContext, metrics: Metrics): Promise<PricingModule> {
  const { settings } = ctx;
  const p = settings.pricing;
  let apiKeys: ApiKeyRegistry | null = null;
  if (p.requireApiKey) {
    const state = await ctx.state();
    await migrateStateStore(state);
    apiKeys = new ApiKeyRegistry(() => activeApiKeyHashes(state.db));
  }
  // The cache logs through the server's logger, which exists only once the server is built.
  let log: FastifyBaseLogger | null = null;
  const cache = new PricingCache(ctx.counterpoint(), {
    info: (obj, msg) => log?.info(obj, msg),
    warn: (obj, msg) => log?.warn(obj, msg),
    error: (obj, msg) => log?.error(obj, msg),
  });
  const module = pricingRoutes({
    source: cache,
    quote: { defaultLocation: settings.counterpoint.priceLocation, decimals: p.decimals },
    apiKeys,
    rateLimitPerMinute: p.rateLimitPerMinute,
    maxItems: p.maxItemsPerRequest,
    retryAfterSeconds: p.retryAfterSeconds,
    metrics,
  });
  return {
    module,
    health: pricingHealth(cache, metrics),
    cache,
    apiKeys,
    async start(logger, options = {}) {
      log = logger;
      if (apiKeys) await apiKeys.start(p.apiKeyRefreshSeconds * 1000, (err) => logger.error({ err }, "API keys"));
      if (options.waitForCache) await cache.refresh(true);
      cache.start(p.pollSeconds * 1000);
    },
    async stop() {
      apiKeys?.stop();
      await cache.stop();
    },
  };
}

/**
 * The pricing service wired from an app context: the pricing module and a server with the pricing routes, /health,
 * /metrics and /docs. Does not listen; call `server.listen()`.
 */
export async function createPricingService(
  ctx: AppContext,
  options: PricingServiceOptions = {},
): Promise<PricingService> {
  const metrics = createMetrics();
  const pricing = await createPricingModule(ctx, metrics);
  const built = await buildServer({
    logger: options.logger ?? false,
    metrics,
    modules: [pricing.module],
    health: { pricing: pricing.health },
  });
  await pricing.start(built.log, options.waitForCache === undefined ? {} : { waitForCache: options.waitForCache });
  return {
    server: built,
    cache: pricing.cache,
    apiKeys: pricing.apiKeys,
    metrics,
    close: async () => {
      await pricing.stop();
      await built.close();
    },
  };
}

/** /health part: the cache is loaded, how old it is, and the last load error if any. */
export function pricingHealth(cache: PricingCache, metrics: Metrics): HealthCheck {
  return () => {
    const status = cache.snapshot();
    const ageSeconds = status.loadedAt === null ? null : Math.round((Date.now() - status.loadedAt) / 1000);
    metrics.pricingCacheAgeSeconds.set(ageSeconds ?? -1);
    return {
      ok: status.ready,
      cacheLoaded: status.ready,
      cacheAgeSeconds: ageSeconds,
      lastLoadSeconds: status.lastLoadSeconds,
      loading: status.loading,
      lastError: status.lastError,
    };
  };
}
