/**
 * JSON as PHP's `json_encode` writes it by default — what WordPress sends for REST responses and WooCommerce for
 * webhook bodies: `/` escaped as `\/` and every non-ASCII UTF-16 unit as `\uXXXX` (lower-case hex; an emoji becomes
 * its two surrogate escapes).
 */
export function phpJsonEncode(value: unknown): string {
  const text = JSON.stringify(value) ?? "null";
  return text.replace(/[/\u0080-\uffff]/g, (ch) =>
    ch === "/" ? "\\/" : `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
