import type { OrderPorts } from "../orders/order-ports.js";

/**
 * Adds a private note to a web order unless, on a resumed attempt, its notes already hold the text (WooCommerce has
 * no idempotent notes: a note written just before a crash must not be written twice).
 */
export async function webNoteOnce(
  ports: OrderPorts,
  wooOrderId: number,
  text: string,
  resumed: boolean,
): Promise<void> {
  if (resumed && (await ports.woo.orders.listNotes(wooOrderId, "internal")).some((n) => n.note.includes(text))) return;
  await ports.woo.orders.createNote(wooOrderId, { note: text });
}
