import { z } from "zod";

const code = (max: number) => z.string().min(1).max(max, `at most ${max} characters (Counterpoint column width)`);

/** Settings of web cancellations and refunds (`refunds` in cpwoo.config.json). Every key has a default. */
export const refundsSettingsSchema = z
  .strictObject({
    /**
     * What a web order cancelled (or fully refunded) before it ships does to its open Counterpoint order; each releases
     * the order's stock allocation (QTY_ON_SO) once. `cancel`: DOC_STAT C with an audit row (ACTIV C), the document
     * stays for the record; `void`: the same plus the void columns (VOID_USR_ID, VOID_REAS), DOC_STAT V; `delete`:
     * the document is removed, as `cpwoo orders rollback` does.
     */
    cancelMode: z.enum(["cancel", "void", "delete"]).default("cancel"),
    /** PS_DOC_HDR.VOID_REAS written in `void` mode. */
    voidReason: code(10).default("WEB"),
    /**
     * A refund after the order shipped: `return`, a return ticket (LIN_TYP R lines, negative amounts, REF naming the
     * web refund); `payment`, a money-only refund ticket: the same document with value-only lines, never stock.
     */
    mode: z.enum(["return", "payment"]).default("return"),
    /**
     * Whether the return ticket's lines put the goods back into Counterpoint's stock (inventory lines) or only record
     * their value. Off by default: WooCommerce restocks refunded items itself (api_restock defaults to true) and the
     * goods are received back into Counterpoint at the counter; Counterpoint's stock is what cpwoo pushes to the web,
     * so counting the return here too would count it twice.
     */
    restockInCounterpoint: z.boolean().default(false),
    /** Refunds handled at once by one pass. */
    batchSize: z.number().int().min(1).max(100).default(50),
  })
  .prefault({});

export type RefundsSettings = z.output<typeof refundsSettingsSchema>;
