import type { z } from "zod";
import { WooResponseShapeError, type WooRequestContext } from "./errors.js";

/** `"order 25"` for an object with an id, else `"order #3"` (its position). */
export function recordLabel(name: string, value: unknown, index?: number): string {
  const id = typeof value === "object" && value !== null ? (value as { id?: unknown }).id : undefined;
  if (typeof id === "number" || typeof id === "string") return `${name} ${id}`;
  return index === undefined ? name : `${name} #${index}`;
}

/** Parses one record, or throws a `WooResponseShapeError` naming the record and the field. */
export function parseRecord<S extends z.ZodType>(
  ctx: WooRequestContext,
  schema: S,
  value: unknown,
  record: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new WooResponseShapeError(ctx, record, result.error);
  return result.data;
}

/** Parses a JSON array of records (a collection). */
export function parseRecords<S extends z.ZodType>(
  ctx: WooRequestContext,
  schema: S,
  value: unknown,
  name: string,
): Array<z.output<S>> {
  if (!Array.isArray(value)) {
    throw new WooResponseShapeError(ctx, `${name} list`, zodLikeError(`expected an array, got ${describeType(value)}`));
  }
  return value.map((item, index) => parseRecord(ctx, schema, item, recordLabel(name, item, index)));
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

/** A minimal ZodError stand-in for shape errors found outside a schema. */
export function zodLikeError(message: string): z.ZodError {
  return { issues: [{ code: "custom", path: [], message, input: undefined }] } as unknown as z.ZodError;
}
