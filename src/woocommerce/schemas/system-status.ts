import { z } from "zod";

/** The few parts of `/system_status` that `cpwoo doctor` shows; everything else passes through untyped. */
export const systemStatusSchema = z.looseObject({
  environment: z.looseObject({
    home_url: z.string().optional(),
    site_url: z.string().optional(),
    /** The WooCommerce version. */
    version: z.string().optional(),
    wp_version: z.string().optional(),
  }),
  settings: z
    .looseObject({
      currency: z.string().optional(),
      number_of_decimals: z.int().optional(),
    })
    .optional(),
});
export type SystemStatus = z.output<typeof systemStatusSchema>;
