import type { z } from "zod";
import {
  effectiveStatus,
  readWooErrorBody,
  WooApiError,
  WooAuthError,
  WooError,
  WooOutcomeUnknownError,
  type WooRequestContext,
  WooTransportError,
} from "./errors.js";
import { recordLabel } from "./parse-response.js";
import type { WooTransport } from "./transport.js";

/** WooCommerce's default limit: create + update + delete together, per request. More gives 413 and nothing is done. */
export const MAX_BATCH_ITEMS = 100;

export type BatchOp = "create" | "update" | "delete";

export interface BatchInput<C, U extends { id: number }> {
  create?: readonly C[] | undefined;
  update?: readonly U[] | undefined;
  /** Ids; batch deletes are permanent (`force=true`). */
  delete?: readonly number[] | undefined;
}

/** Why one item failed. */
export interface BatchItemError {
  /** WooCommerce's code (`product_invalid_sku`, `woocommerce_rest_product_invalid_id`), or a `cpwoo_*` code. */
  code: string;
  message: string;
  /** The item's own status (`data.status`), else the HTTP status; null when there was no answer. */
  status: number | null;
  data?: unknown;
  /**
   * The item may have been applied although it is reported failed: its request failed after it may have reached the
   * store (502/504, timeout, reset), or it succeeded with a body cpwoo could not read. Read it back before retrying.
   */
  readBack: boolean;
}

export type BatchItemResult<T> =
  | { ok: true; op: BatchOp; index: number; id: number; resource: T }
  | { ok: false; op: BatchOp; index: number; id: number | null; error: BatchItemError };

/** One result per input item, each list in the input's order. */
export interface BatchResult<T> {
  create: Array<BatchItemResult<T>>;
  update: Array<BatchItemResult<T>>;
  delete: Array<BatchItemResult<T>>;
}

export interface BatchChunk<C, U> {
  create: Array<{ index: number; item: C }>;
  update: Array<{ index: number; item: U }>;
  delete: Array<{ index: number; item: number }>;
}

/** Splits a batch into requests of at most `limit` items in total, creates first, then updates, then deletes. */
export function splitBatch<C, U extends { id: number }>(
  input: BatchInput<C, U>,
  limit = MAX_BATCH_ITEMS,
): Array<BatchChunk<C, U>> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`batch limit must be a positive integer, got ${limit}`);
  const chunks: Array<BatchChunk<C, U>> = [];
  let current: BatchChunk<C, U> = { create: [], update: [], delete: [] };
  let size = 0;
  const push = <K extends BatchOp>(op: K, entry: BatchChunk<C, U>[K][number]) => {
    if (size === limit) {
      chunks.push(current);
      current = { create: [], update: [], delete: [] };
      size = 0;
    }
    (current[op] as Array<typeof entry>).push(entry);
    size++;
  };
  (input.create ?? []).forEach((item, index) => push("create", { index, item }));
  (input.update ?? []).forEach((item, index) => push("update", { index, item }));
  (input.delete ?? []).forEach((item, index) => push("delete", { index, item }));
  if (size > 0) chunks.push(current);
  return chunks;
}

export interface BatchRequest {
  /** The batch route, e.g. `/products/batch`. */
  path: string;
  /** Record name for messages: `"product"`. */
  name: string;
  limit?: number | undefined;
}

/**
 * Runs a batch of any size: splits it into requests of ≤ `limit` items, sends them through the transport's
 * concurrency limit, and returns one result per item in input order, never dropping one.
 *
 * Batch POSTs are not idempotent, so a request that fails at a proxy (502/504), times out or is reset is not repeated:
 * each of its items comes back failed with `readBack: true` and code `cpwoo_outcome_unknown` (WooCommerce may have
 * applied some or all of them). 429/503 are retried, as for every request. A 401/403 (`WooAuthError`) is thrown,
 * since no item can succeed with those keys; any other request-level error is reported on each item of its request.
 */
export async function runBatch<C, U extends { id: number }, S extends z.ZodType>(
  transport: WooTransport,
  request: BatchRequest,
  input: BatchInput<C, U>,
  schema: S,
): Promise<BatchResult<z.output<S>>> {
  type T = z.output<S>;
  (input.update ?? []).forEach((item, index) => assertItemId(item.id, request, "update", index));
  (input.delete ?? []).forEach((id, index) => assertItemId(id, request, "delete", index));
  const result: BatchResult<T> = { create: [], update: [], delete: [] };
  const chunks = splitBatch(input, request.limit ?? MAX_BATCH_ITEMS);
  const settled = await Promise.allSettled(
    chunks.map((chunk, n) =>
      transport.request({
        method: "POST",
        path: request.path,
        body: {
          ...(chunk.create.length > 0 ? { create: chunk.create.map((e) => e.item) } : {}),
          ...(chunk.update.length > 0 ? { update: chunk.update.map((e) => e.item) } : {}),
          ...(chunk.delete.length > 0 ? { delete: chunk.delete.map((e) => e.item) } : {}),
        },
        resource: `${request.name} batch ${n + 1}/${chunks.length}, ${chunkSize(chunk)} items`,
      }),
    ),
  );

  let authError: WooAuthError | undefined;
  settled.forEach((outcome, n) => {
    const chunk = chunks[n] as BatchChunk<C, U>;
    if (outcome.status === "rejected") {
      const reason: unknown = outcome.reason;
      if (!(reason instanceof WooError)) throw reason;
      if (reason instanceof WooAuthError) authError ??= reason;
      const error = requestLevelError(reason);
      for (const op of ["create", "update", "delete"] as const) {
        for (const { index, item } of chunk[op]) {
          result[op][index] = { ok: false, op, index, id: inputId(op, item), error };
        }
      }
      return;
    }
    const ctx: WooRequestContext = {
      method: "POST",
      path: request.path,
      resource: `${request.name} batch ${n + 1}/${chunks.length}`,
    };
    const body = outcome.value.body;
    for (const op of ["create", "update", "delete"] as const) {
      const answers = typeof body === "object" && body !== null ? (body as Record<string, unknown>)[op] : undefined;
      chunk[op].forEach(({ index, item }, position) => {
        const answer = Array.isArray(answers) ? (answers[position] as unknown) : undefined;
        result[op][index] = itemResult(ctx, schema, request.name, op, index, inputId(op, item), answer);
      });
    }
  });
  if (authError !== undefined) throw authError;
  return result;
}

function chunkSize(chunk: BatchChunk<unknown, unknown>): number {
  return chunk.create.length + chunk.update.length + chunk.delete.length;
}

function inputId(op: BatchOp, item: unknown): number | null {
  if (op === "delete") return item as number;
  if (op === "update") return (item as { id: number }).id;
  return null;
}

function assertItemId(id: unknown, request: BatchRequest, op: BatchOp, index: number): void {
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
    throw new TypeError(`${request.name} batch ${op}[${index}]: id must be a positive integer, got ${String(id)}`);
  }
}

function requestLevelError(error: WooError): BatchItemError {
  if (error instanceof WooOutcomeUnknownError) {
    const cause = error.cause instanceof WooError ? error.cause : undefined;
    return {
      code: "cpwoo_outcome_unknown",
      message: error.message,
      status: cause instanceof WooApiError || cause instanceof WooTransportError ? (cause.status ?? null) : null,
      readBack: true,
    };
  }
  if (error instanceof WooApiError) {
    return {
      code: error.wooCode,
      message: error.message,
      status: error.effectiveStatus,
      data: error.data,
      readBack: false,
    };
  }
  const status = error instanceof WooTransportError ? (error.status ?? null) : null;
  return { code: `cpwoo_${error.code.toLowerCase()}`, message: error.message, status, readBack: false };
}

function itemResult<S extends z.ZodType>(
  ctx: WooRequestContext,
  schema: S,
  name: string,
  op: BatchOp,
  index: number,
  id: number | null,
  answer: unknown,
): BatchItemResult<z.output<S>> {
  const where = `${ctx.method} ${ctx.path} (${ctx.resource ?? name}) ${op}[${index}]`;
  if (typeof answer !== "object" || answer === null) {
    return {
      ok: false,
      op,
      index,
      id,
      error: {
        code: "cpwoo_batch_missing_result",
        message: `${where}: the store sent no result for this item`,
        status: null,
        readBack: true,
      },
    };
  }
  const raw = answer as { id?: unknown; error?: unknown };
  const answeredId = typeof raw.id === "number" && raw.id > 0 ? raw.id : null;
  if (raw.error !== undefined) {
    const body = readWooErrorBody(raw.error);
    const error: BatchItemError =
      body === null
        ? {
            code: "cpwoo_unreadable_item_error",
            message: `${where}: ${JSON.stringify(raw.error)}`,
            status: null,
            readBack: false,
          }
        : {
            code: body.code,
            message: body.message,
            status: effectiveStatus(0, body.data) || null,
            data: body.data,
            readBack: false,
          };
    return { ok: false, op, index, id: id ?? answeredId, error };
  }
  const parsed = schema.safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? "" : issue.path.map(String).join(".");
    return {
      ok: false,
      op,
      index,
      id: id ?? answeredId,
      error: {
        code: "cpwoo_unexpected_shape",
        message: `${where}: ${recordLabel(name, answer)} ${field}: ${issue?.message ?? "unexpected shape"}`,
        status: null,
        readBack: true,
      },
    };
  }
  return { ok: true, op, index, id: answeredId ?? id ?? 0, resource: parsed.data };
}
