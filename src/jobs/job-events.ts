/**
 * What a queue tells its owner. Background loops report their errors here instead of dying silently.
 * Job events are emitted once the outcome is stored; `job-dead` once the job is in the dead_letters table.
 */
export type JobQueueEvent =
  | { type: "job-completed"; name: string; id: string; attempt: number; durationMs: number }
  | { type: "job-failed"; name: string; id: string; attempt: number; error: string; willRetry: boolean; retryAt?: Date }
  | { type: "job-dead"; name: string; id: string; deadLetterId: number; error: string }
  | { type: "job-released"; name: string; id: string; attempt: number }
  | { type: "schedule-fired"; schedule: string; job: string; slot: Date; jobId?: string; duplicate: boolean }
  | { type: "error"; source: string; error: Error };

export type JobQueueListener = (event: JobQueueEvent) => void;

/** Without a listener, errors still reach stderr. */
export const stderrListener: JobQueueListener = (event) => {
  if (event.type === "error") process.stderr.write(`[cpwoo jobs] ${event.source}: ${event.error.message}\n`);
};

/** Calls the listener; a listener that throws is itself reported to stderr, never to the caller. */
export function emitter(listener: JobQueueListener = stderrListener): (event: JobQueueEvent) => void {
  return (event) => {
    try {
      listener(event);
    } catch (err) {
      process.stderr.write(`[cpwoo jobs] event listener threw: ${(err as Error).message}\n`);
    }
  };
}

export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  // pg-boss emits plain objects copied from errors ({ ...err, message, stack }).
  if (value !== null && typeof value === "object" && typeof (value as { message?: unknown }).message === "string") {
    return new Error((value as { message: string }).message);
  }
  return new Error(String(value));
}

/** The text kept for a failed attempt: error name and message. */
export function errorText(value: unknown): string {
  const err = asError(value);
  return err.name && err.name !== "Error" ? `${err.name}: ${err.message}` : err.message;
}
