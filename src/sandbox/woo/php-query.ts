/**
 * Query strings and form bodies as PHP reads them (`parse_str`): `+` is a space, `a[]=1&a[]=2` builds a nested
 * array, `a[b]=1` a keyed one, a repeated plain key keeps the last value, and `.`/space in a top-level name become
 * `_`. Maps keep PHP's key order, which matters for OAuth signing and for the `Link` header WordPress rebuilds.
 */
export type PhpValue = string | PhpArray;
export type PhpArray = Map<string, PhpValue>;

/** PHP `urldecode`: `+` → space, `%XX` → byte; malformed escapes stay as they are; bytes are read as UTF-8. */
export function phpUrlDecode(text: string): string {
  if (!/[%+]/.test(text)) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "+") {
      bytes.push(0x20);
    } else if (ch === "%" && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, "utf8")) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** PHP `urlencode`: like RFC 3986 but space → `+` and `~` → `%7E`. */
export function phpUrlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

export function parsePhpQuery(query: string): PhpArray {
  const out: PhpArray = new Map();
  if (query === "") return out;
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : phpUrlDecode(part.slice(eq + 1));
    assign(out, phpUrlDecode(rawKey).replace(/^\s+/, ""), value);
  }
  return out;
}

function assign(target: PhpArray, key: string, value: string): void {
  const open = key.indexOf("[");
  if (open <= 0 || !key.includes("]", open)) {
    if (key !== "") target.set(key.replace(/[. []/g, "_"), value);
    return;
  }
  const base = key.slice(0, open).replace(/[. ]/g, "_");
  const segments: string[] = [];
  let rest = key.slice(open);
  while (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) break;
    segments.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  let node = target;
  let name = base;
  for (const segment of segments) {
    let child = node.get(name);
    if (!(child instanceof Map)) {
      child = new Map();
      node.set(name, child);
    }
    node = child;
    name = segment === "" ? String(nextIndex(node)) : segment;
  }
  node.set(name, value);
}

function nextIndex(map: PhpArray): number {
  let max = -1;
  for (const k of map.keys()) if (/^(0|[1-9]\d*)$/.test(k)) max = Math.max(max, Number(k));
  return max + 1;
}

/** JSON-like view of parsed parameters: integer-keyed arrays become lists, others objects. */
export function phpToPlain(value: PhpValue): unknown {
  if (typeof value === "string") return value;
  const keys = [...value.keys()];
  if (keys.every((k, i) => k === String(i))) return [...value.values()].map(phpToPlain);
  const out: Record<string, unknown> = {};
  for (const [k, v] of value) out[k] = phpToPlain(v);
  return out;
}

export function phpParamsToPlain(params: PhpArray): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of params) out[k] = phpToPlain(v);
  return out;
}

/**
 * PHP `http_build_query` over already-encoded parts, as WordPress's `add_query_arg(urlencode_deep(…))` writes
 * them: nested keys as `name%5B0%5D`.
 */
export function buildPhpQuery(params: ReadonlyArray<readonly [string, PhpValue]>, encode = phpUrlEncode): string {
  const parts: string[] = [];
  const walk = (prefix: string, value: PhpValue) => {
    if (typeof value === "string") {
      parts.push(`${prefix}=${encode(value)}`);
      return;
    }
    for (const [k, v] of value) walk(`${prefix}%5B${encode(k)}%5D`, v);
  };
  for (const [k, v] of params) walk(encode(k), v);
  return parts.join("&");
}
