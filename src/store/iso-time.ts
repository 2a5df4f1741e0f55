/** A time as cpwoo stores it: ISO-8601 UTC with milliseconds, which sorts correctly as text. */
export function isoTime(time: Date | number = Date.now()): string {
  const date = typeof time === "number" ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) throw new RangeError("not a valid time");
  return date.toISOString();
}

/** Parses a stored time back; throws on text that is not one. */
export function parseIsoTime(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`"${value}" is not an ISO-8601 time`);
  return date;
}
