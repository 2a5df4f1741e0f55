import { z } from "zod";

/** Settings of the pricing flow (`pricing` in cpwoo.config.json). Every key has a default. */
export const pricingSettingsSchema = z
  .strictObject({
    /** `cpwoo run` serves the pricing API (`/api/v1/prices`…) beside the webhooks, /health and /metrics. */
    enabled: z.boolean().default(false),
    /** How often the price cache checks Counterpoint's maintenance timestamps for changes. */
    pollSeconds: z.number().int().min(1).max(86_400).default(60),
    /** Decimals of an answered price (half away from zero, the money policy). */
    decimals: z.number().int().min(0).max(4).default(2),
    /** Refuse requests without a valid API key (`cpwoo apikeys create`). */
    requireApiKey: z.boolean().default(true),
    /** Requests per minute per API key (or per client address when keys are not required). */
    rateLimitPerMinute: z.number().int().min(1).max(10_000_000).default(6000),
    /** Items in one batch request. */
    maxItemsPerRequest: z.number().int().min(1).max(5000).default(500),
    /** Retry-After (seconds) while the cache is still loading. */
    retryAfterSeconds: z.number().int().min(1).max(600).default(5),
    /** How often revoked or new API keys are picked up from the state database. */
    apiKeyRefreshSeconds: z.number().int().min(1).max(3600).default(10),
  })
  .prefault({});

export type PricingSettings = z.output<typeof pricingSettingsSchema>;
