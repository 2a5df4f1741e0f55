import { z } from "zod";

/** Settings of the customers flow (`customers` in cpwoo.config.json). Every key has a default. */
export const customersSettingsSchema = z.strictObject({}).prefault({});

export type CustomersSettings = z.output<typeof customersSettingsSchema>;
