import type { z } from "zod";

/** A payload that does not match its job's schema. The message names the job and each bad field. */
export class JobPayloadError extends Error {
  constructor(
    readonly jobName: string,
    readonly problems: readonly string[],
  ) {
    super(`job "${jobName}" payload: ${problems.join("; ")}`);
    this.name = "JobPayloadError";
  }
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Validates a payload against its job's schema; returns the parsed value or throws `JobPayloadError`. */
export function parseJobPayload<S extends z.ZodType>(jobName: string, schema: S, payload: unknown): z.output<S> {
  if (!isPlainObject(payload)) throw new JobPayloadError(jobName, ["must be a JSON object"]);
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  throw new JobPayloadError(
    jobName,
    result.error.issues.map(
      (issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(payload)"}: ${issue.message}`,
    ),
  );
}
