/** Small WordPress text functions the fake server needs: slugs, usernames and `wpautop`'s paragraphs. */

function stripAccents(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

/** WordPress `sanitize_title`: "Tarpon Performance Hoodie - M" → "tarpon-performance-hoodie-m". */
export function slugify(text: string): string {
  return stripAccents(text)
    .replace(/<[^>]*>/g, "")
    .toLowerCase()
    .replace(/[\s.]+/g, "-")
    .replace(/[^a-z0-9_-]/g, "")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

/** WordPress `sanitize_user(…, strict)`: ASCII letters, digits, space, `_ . - @` only. */
export function sanitizeUsername(text: string): string {
  return stripAccents(text)
    .replace(/<[^>]*>/g, "")
    .replace(/[^A-Za-z0-9 _.\-@]/g, "")
    .trim()
    .replace(/\s+/g, " ");
}

/** WordPress `wpautop` for plain text: blank-line separated paragraphs become `<p>…</p>\n`, single newlines `<br />`. */
export function wpautop(text: string): string {
  if (text.trim() === "") return "";
  if (/<p[\s>]/i.test(text)) return text.endsWith("\n") ? text : `${text}\n`;
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => `<p>${p.replace(/\n/g, "<br />\n")}</p>\n`)
    .join("");
}

/** The inverse of `wpautop` for text that came out of it (fixtures hold the rendered form). */
export function unwpautop(html: string): string {
  const m = /^<p>([\s\S]*)<\/p>\n?$/.exec(html);
  if (m === null || m[1] === undefined) return html;
  const paragraphs = m[1].split(/<\/p>\s*<p>/);
  if (paragraphs.some((p) => /<\/?p[\s>]/i.test(p))) return html;
  return paragraphs.map((p) => p.replace(/<br \/>\n/g, "\n")).join("\n\n");
}
