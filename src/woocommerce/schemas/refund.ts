import { z } from "zod";
import { type MetaDataWrite, metaDataSchema, moneyString, wooDateTime } from "./common.js";
import { orderFeeLineSchema, orderLineItemSchema, orderShippingLineSchema, orderTaxLineSchema } from "./order.js";

/** A refund's line: the order line with negative quantity and totals, plus (sometimes) `refund_total` as a JSON number. */
export const refundLineItemSchema = orderLineItemSchema.extend({ refund_total: z.number().optional() });

export const refundSchema = z.looseObject({
  id: z.int(),
  date_created: wooDateTime,
  date_created_gmt: wooDateTime,
  /** Positive here; negative (`total`) in the order's `refunds[]`. */
  amount: moneyString,
  reason: z.string(),
  refunded_by: z.int(),
  refunded_payment: z.boolean(),
  meta_data: z.array(metaDataSchema),
  line_items: z.array(refundLineItemSchema),
  shipping_lines: z.array(orderShippingLineSchema).optional(),
  tax_lines: z.array(orderTaxLineSchema).optional(),
  fee_lines: z.array(orderFeeLineSchema).optional(),
});
export type Refund = z.output<typeof refundSchema>;

export interface RefundLineItemCreate {
  /** The order line's id. */
  id: number;
  quantity?: number;
  refund_total?: number | string;
  refund_tax?: Array<{ id: number; refund_total: number | string }>;
}

/**
 * A new refund. `api_refund` is required here on purpose: WooCommerce defaults it to true, which asks the payment
 * gateway to move money. Send false to only record the refund.
 */
export interface RefundCreate {
  amount: string;
  reason?: string;
  refunded_by?: number;
  api_refund: boolean;
  /** Defaults to true on the server: refunded items go back into stock. */
  api_restock?: boolean;
  line_items?: RefundLineItemCreate[];
  meta_data?: MetaDataWrite[];
}
