import { z } from "zod";
import { wooDateTime } from "./common.js";

export const orderNoteSchema = z.looseObject({
  id: z.int(),
  /** "WooCommerce" for system notes, else the user's display name. */
  author: z.string(),
  date_created: wooDateTime,
  date_created_gmt: wooDateTime,
  /** May contain HTML entities (`&rarr;`). */
  note: z.string(),
  /** True: visible to the customer, who is e-mailed. */
  customer_note: z.boolean(),
});
export type OrderNote = z.output<typeof orderNoteSchema>;

export interface OrderNoteCreate {
  note: string;
  /** Defaults to false (a private note). True e-mails the customer. */
  customer_note?: boolean;
  /** True makes the API key's user the author instead of "WooCommerce". */
  added_by_user?: boolean;
}
