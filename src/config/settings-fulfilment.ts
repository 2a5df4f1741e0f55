import { z } from "zod";

/** A carrier as shipment-tracking plugins name it, for one Counterpoint SHIP_VIA_COD. */
const carrierSchema = z.strictObject({
  /**
   * The plugin's provider slug (`ups`, `fedex`, `usps`, `dhl`…): the plugin then builds the tracking link itself.
   * Leave empty for a carrier the plugin does not know and give `name` (and `link`) instead.
   */
  provider: z.string().max(60).default(""),
  /** Name shown to the customer (`custom_tracking_provider`, and in the note). */
  name: z.string().min(1).max(60).optional(),
  /** Tracking link with `{tracking}` where the number goes (`custom_tracking_link`). */
  link: z.string().includes("{tracking}", { message: "must contain {tracking}" }).optional(),
});

/** Settings of fulfilment, Counterpoint → WooCommerce (`fulfilment` in cpwoo.config.json). Every key has a default. */
export const fulfilmentSettingsSchema = z
  .strictObject({
    /** Status a web order is set to once all its lines have shipped; null leaves it. Never moves an order backwards. */
    completeStatus: z.enum(["completed", "processing", "on-hold"]).nullable().default("completed"),
    /**
     * A private note per shipment change (WooCommerce has no batch for notes, so one request per order). Off: the
     * tracking numbers travel only in the batch update's meta, which shipment-tracking plugins show to the customer.
     */
    notes: z.boolean().default(true),
    /** Make the note visible to the customer (WooCommerce e-mails it). */
    customerNotes: z.boolean().default(false),
    /** SHIP_VIA_COD → carrier. */
    carriers: z.record(z.string(), carrierSchema).default({}),
    /** Tracking link for carriers without their own (`{tracking}` is replaced); null: none. */
    trackingUrl: z.string().includes("{tracking}", { message: "must contain {tracking}" }).nullable().default(null),
    /** Web orders updated per `orders/batch` request (WooCommerce's limit is 100). */
    batchSize: z.number().int().min(1).max(100).default(100),
    /** Documents read from Counterpoint per round of queries. */
    readChunk: z.number().int().min(1).max(1000).default(500),
    /** How often `cpwoo fulfilment sync` looks while it runs as a service. */
    intervalSeconds: z.number().int().min(10).max(86_400).default(900),
  })
  .prefault({});

export type FulfilmentSettings = z.output<typeof fulfilmentSettingsSchema>;
