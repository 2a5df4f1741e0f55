import pino, { type DestinationStream, type Logger, type StreamEntry } from "pino";
import type { OpsSettings, Settings } from "../config/index.js";
import { redactSecrets, redactText } from "./redact-secrets.js";
import { RotatingFile } from "./rotating-file.js";

export interface LoggerOptions {
  level: Settings["log"]["level"];
  /** Log files (`ops.logs`); a null `dir` or no value: no files. */
  files?: OpsSettings["logs"] | undefined;
  /** Write JSON lines to stdout (default true). */
  stdout?: boolean;
  /** Extra destination (tests, or a daemon's own sink). */
  destination?: DestinationStream;
  /** Fields on every line, e.g. `{ service: "cpwoo", worker: "host-1" }`. */
  base?: Record<string, unknown>;
}

export interface CpwooLogger {
  readonly logger: Logger;
  /** The rotating file, when files are on. */
  readonly file: RotatingFile | undefined;
  /** Flushes and closes the log file (stdout stays open). */
  close(): void;
}

function redactedObject(value: Record<string, unknown>): Record<string, unknown> {
  return redactSecrets(value) as Record<string, unknown>;
}

/**
 * The process's pino logger: JSON lines to stdout and to a size-rotated file under `files.dir`, every line passed
 * through the secret redaction (keys named like passwords, secrets, tokens and authorization headers at any depth;
 * text that looks like a WooCommerce ck_/cs_ key, a URL password or a Basic/Bearer credential), messages included.
 */
export function createLogger(options: LoggerOptions): CpwooLogger {
  const level = options.level;
  const streams: StreamEntry[] = [];
  if (options.stdout ?? true) streams.push({ level: "trace", stream: pino.destination({ dest: 1, sync: true }) });
  let file: RotatingFile | undefined;
  if (options.files?.dir) {
    file = new RotatingFile({
      dir: options.files.dir,
      maxBytes: Math.round(options.files.maxSizeMb * 1024 * 1024),
      maxFiles: options.files.maxFiles,
    });
    streams.push({ level: "trace", stream: file });
  }
  if (options.destination) streams.push({ level: "trace", stream: options.destination });
  const logger = pino(
    {
      level,
      base: { service: "cpwoo", pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: redactedObject,
        log: redactedObject,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg: unknown) => (typeof arg === "string" ? redactText(arg) : arg));
          // pino's overloads cannot be re-applied generically; the arguments are the caller's, masked.
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    pino.multistream(streams),
  );
  // pino applies the bindings formatter to the base bindings only; children (which inherit this property) are
  // redacted here.
  type ChildFn = (this: Logger, bindings: Record<string, unknown>, options?: unknown) => Logger;
  const pinoChild = Reflect.get(logger, "child") as unknown as ChildFn;
  const redactingChild: ChildFn = function (bindings, childOptions) {
    return pinoChild.call(this, redactedObject(bindings), childOptions);
  };
  logger.child = redactingChild as unknown as Logger["child"];
  return {
    logger,
    file,
    close() {
      file?.end();
    },
  };
}

/** The logger `settings` ask for (`log.level`, `ops.logs`). */
export function loggerFromSettings(
  settings: Pick<Settings, "log" | "ops">,
  extra: Omit<LoggerOptions, "level" | "files"> = {},
): CpwooLogger {
  return createLogger({ ...extra, level: settings.log.level, files: settings.ops.logs });
}
