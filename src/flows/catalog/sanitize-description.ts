import sanitizeHtml from "sanitize-html";

/** Tags a product description may keep; everything else is dropped (its text kept). */
const allowedTags = [
  "p",
  "br",
  "strong",
  "b",
  "em",
  "i",
  "u",
  "ul",
  "ol",
  "li",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "a",
  "img",
  "div",
  "span",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "td",
  "th",
];

const options: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes: { a: ["href", "title"], img: ["src", "alt", "title", "width", "height"], "*": ["class"] },
  // No javascript:, data: or vbscript: URLs (the predecessor allowed href/style unfiltered).
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object"],
};

/** An HTML description reduced to the allow-list (no scripts, styles, event handlers or script URLs). */
export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, options).trim();
}

/** Plain Counterpoint text as HTML: escaped, so a `<` in "SIZE<10" is text, not a tag. */
export function plainTextAsHtml(text: string): string {
  return sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} }).trim();
}
