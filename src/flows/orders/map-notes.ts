import type { DocumentNote } from "../../counterpoint/documents/document-plan.js";
import { foldToLatin1 } from "../customers/fold-latin1.js";
import type { MappingWarnings } from "./mapping-warnings.js";
import { type Fields, readText } from "./order-fields.js";

export const SHOPPER_NOTE_ID = "WEB-NOTE";
export const REFERENCE_NOTE_ID = "WEB-REF";

/**
 * PS_DOC_NOTE rows: the shopper's `customer_note` (when there is one) and a reference back to the web order. The
 * text is folded to Latin-1 but kept whole: PS_DOC_NOTE.NOTE_TXT is a text column (NOTE, varchar(50), takes the
 * writer's fitted copy), so a long note is not cut here.
 */
export function mapNotes(order: Fields, orderId: number, storeKey: string, warnings: MappingWarnings): DocumentNote[] {
  const notes: DocumentNote[] = [];
  const raw = readText(order.customer_note, "customer_note");
  const folded = foldToLatin1(raw);
  if (folded.changed && folded.value !== "") warnings.add("customer_note", "folded to Latin-1");
  if (folded.value !== "") notes.push({ noteId: SHOPPER_NOTE_ID, text: folded.value });
  const number = foldToLatin1(readText(order.number, "number")).value;
  notes.push({
    noteId: REFERENCE_NOTE_ID,
    text: `Web order #${number || orderId} (${orderId}) ${foldToLatin1(storeKey).value}`,
  });
  return notes;
}
