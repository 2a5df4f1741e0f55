/** What a redacted value is replaced with. */
export const REDACTED = "[redacted]";

// Key names whose values are secrets wherever they appear (any depth, any case).
const secretKey =
  /^(password|passwd|pass|secret|client_secret|consumer_secret|consumer_key|key|api_?key|x-api-key|token|access_token|refresh_token|authorization|proxy-authorization|cookie|set-cookie|webhook_?secret|signature|x-wc-webhook-signature)$/i;
const secretKeySuffix = /(password|secret|token|api_?key)$/i;

// WooCommerce REST keys are ck_/cs_ followed by 40 hex digits; mask anything shaped like one, even inside text.
const wooKeyPattern = /\b(ck|cs)_[0-9a-f]{8,}\b/gi;
// user:password@ in URLs (database URLs, proxies).
const urlPasswordPattern = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/?#\s]+@/gi;
// "Basic xxx" / "Bearer xxx" credentials pasted into messages.
const authSchemePattern = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/g;

/** `text` with anything that looks like a credential masked. */
export function redactText(text: string): string {
  return text
    .replace(wooKeyPattern, (_m, prefix: string) => `${prefix}_${REDACTED}`)
    .replace(urlPasswordPattern, `$1${REDACTED}@`)
    .replace(authSchemePattern, `$1 ${REDACTED}`);
}

export function isSecretKey(key: string): boolean {
  return secretKey.test(key) || secretKeySuffix.test(key);
}

/**
 * A deep copy of `value` safe to log: values under secret-looking keys replaced, secret-looking text masked, Errors
 * turned into plain `{type, message, stack, …}` objects (masked too). Cycles and very deep values are cut.
 */
export function redactSecrets(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[circular]";
  if (depth > 12) return "[too deep]";
  seen.add(value);
  try {
    if (value instanceof Error) return redactError(value, depth, seen);
    if (value instanceof Date) return value;
    if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
    if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        isSecretKey(key) && item !== null && item !== undefined ? REDACTED : redactSecrets(item, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: redactText(error.message) };
  if (error.stack !== undefined) out.stack = redactText(error.stack);
  for (const [key, item] of Object.entries(error)) {
    if (key === "message" || key === "stack") continue;
    out[key] = isSecretKey(key) ? REDACTED : redactSecrets(item, depth + 1, seen);
  }
  if (error.cause !== undefined) out.cause = redactSecrets(error.cause, depth + 1, seen);
  return out;
}
