import { z } from "zod";

const code = (max: number) => z.string().min(1).max(max, `at most ${max} characters (Counterpoint column width)`);

/** Woo order statuses that mean "paid": only these become Counterpoint documents. */
export const wooOrderStatuses = [
  "pending",
  "processing",
  "on-hold",
  "completed",
  "cancelled",
  "refunded",
  "failed",
  "checkout-draft",
] as const;

/** A Woo payment method (`payment_method`) → Counterpoint pay code, with the pay code's type letter. */
const payCodeSchema = z.strictObject({
  payCode: code(10),
  /** PAY_COD_TYP: A A/R, B cash-like, C credit card… [U: letters other than A and B]. */
  payCodeType: z.string().length(1).default("C"),
  /** PS_DOC_PMT.DESCR; default: the Woo `payment_method_title`. */
  descr: z.string().max(30).optional(),
});

/** Settings of the orders flow (`orders` in cpwoo.config.json). Every key has a default. */
export const ordersSettingsSchema = z
  .strictObject({
    /** Web orders in these statuses are paid and become Counterpoint documents. */
    paidStatuses: z.array(z.enum(wooOrderStatuses)).min(1).default(["processing", "completed"]),
    /** `order`: an open Counterpoint order (stock allocated, shipped later); `ticket`: a completed sale ticket. */
    documentKind: z.enum(["order", "ticket"]).default("order"),
    numbering: z
      .strictObject({
        /**
         * `native`: the store's own counters (PS_STR_CFG_PS.NXT_ORD_NO for orders, NXT_TKT_NO for tickets), so web
         * documents look like any other; `prefix`: prefix + station + "-" + 6 digits (e.g. W101-000001), numbered
         * by cpwoo under the same lock.
         */
        source: z.enum(["native", "prefix"]).default("native"),
        prefix: z
          .string()
          .max(3)
          .regex(/^[A-Z]*$/, "upper-case letters")
          .default("W"),
        /** STA_ID of web documents; null: `counterpoint.station`. */
        station: code(10).nullable().default(null),
      })
      .prefault({}),
    skus: z
      .strictObject({
        /** Suffixes the web adds to Counterpoint item numbers (e.g. `-PACKAGE`), stripped when the SKU is not found as is. */
        stripSuffixes: z.array(z.string().min(1)).default([]),
        /** Compare SKUs upper-cased (Counterpoint item numbers are upper-case). */
        upperCase: z.boolean().default(true),
      })
      .prefault({}),
    shipping: z
      .strictObject({
        /** `misc`: a misc charge (PS_DOC_HDR_MISC_CHRG), as Counterpoint does; `item`: a line of a freight item. */
        as: z.enum(["misc", "item"]).default("misc"),
        miscChargeNo: z.number().int().min(1).max(5).default(1),
        /** ITEM_NO of the freight item when `as` is `item`. */
        itemNo: code(20).nullable().default(null),
        /** Woo shipping `method_id` (or method title) → SHIP_VIA_COD. */
        shipVia: z.record(z.string(), code(10)).default({}),
        /** SHIP_VIA_COD when the method is not mapped (a warning is recorded); null leaves it empty. */
        defaultShipVia: code(10).nullable().default(null),
      })
      .prefault({}),
    /** Positive web fees go to this misc charge; negative fees are a header discount. */
    feeMiscChargeNo: z.number().int().min(1).max(5).default(2),
    payments: z
      .strictObject({
        /** Woo `payment_method` → pay code. */
        byMethod: z.record(z.string(), payCodeSchema).default({}),
        /** Pay code of methods not mapped. */
        fallback: payCodeSchema.prefault({ payCode: "WEB" }),
      })
      .prefault({}),
    /** One Counterpoint customer for every web order (e.g. `WEB`), instead of finding or creating each shopper. */
    webCustNo: code(15).nullable().default(null),
    /** Status the web order is set to once its document exists; null leaves it. Never moves an order backwards. */
    ackStatus: z.enum(["processing", "completed", "on-hold"]).nullable().default(null),
    /** Attempts before an order with transient failures is `dead`. */
    maxAttempts: z.number().int().min(1).max(100).default(8),
    retry: z
      .strictObject({
        baseMs: z.number().int().min(10).max(3_600_000).default(5_000),
        maxMs: z.number().int().min(100).max(86_400_000).default(1_800_000),
      })
      .prefault({}),
    poll: z
      .strictObject({
        /** How often the reconciliation poll runs while cpwoo runs (webhooks bring orders sooner). */
        intervalSeconds: z.number().int().min(10).max(86_400).default(120),
        /** The reconciliation poll reads orders modified since its cursor minus this overlap (clock skew, late commits). */
        overlapSeconds: z.number().int().min(0).max(86_400).default(300),
        /** First poll with no cursor looks back this far. */
        lookbackHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 90)
          .default(72),
      })
      .prefault({}),
    /** Orders processed at once by one worker (each in its own Counterpoint transaction). */
    concurrency: z.number().int().min(1).max(32).default(4),
    /** Orders claimed and fetched from WooCommerce at once (one `include=` request). */
    batchSize: z.number().int().min(1).max(100).default(50),
  })
  .prefault({});

export type OrdersSettings = z.output<typeof ordersSettingsSchema>;
