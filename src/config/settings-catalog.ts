import { z } from "zod";

/** Settings of the catalog flow (`catalog` in cpwoo.config.json). Every key has a default. */
export const catalogSettingsSchema = z.strictObject({}).prefault({});

export type CatalogSettings = z.output<typeof catalogSettingsSchema>;
