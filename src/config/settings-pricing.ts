import { z } from "zod";

/** Settings of the pricing flow (`pricing` in cpwoo.config.json). Every key has a default. */
export const pricingSettingsSchema = z.strictObject({}).prefault({});

export type PricingSettings = z.output<typeof pricingSettingsSchema>;
