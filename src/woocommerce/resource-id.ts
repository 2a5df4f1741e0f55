/** A resource id for a URL path: a positive integer. Refuses anything else, so no id can rewrite the path. */
export function assertResourceId(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`${what} id must be a positive integer, got ${String(value)}`);
  }
  return value;
}
