import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { NODE_OPTIONS as SERVICE_NODE_OPTIONS } from "../../src/app/service-definitions.js";

/**
 * cpwoo as production runs it, for benchmarks: the sources compiled by `tsc -p tsconfig.build.json` into
 * `.cpwoo-tmp/bench-run-<pid>/dist` (gitignored; never `dist/`, which bin/cpwoo.js would prefer over the sources from
 * then on), run by plain `node` in a process of its own, so its memory and CPU are measured without tsx's loader or
 * the bench's data. Inside the repository, so the compiled files import node_modules as the sources do. One directory
 * per bench process, so two benches at once never rebuild under each other's children.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const BENCH_TMP = join(ROOT, ".cpwoo-tmp");
/** This bench process's directory under .cpwoo-tmp: the compiled code (removed at exit), children's configs and logs. */
export const BENCH_RUN_DIR = join(BENCH_TMP, `bench-run-${process.pid}`);
const OUT_DIR = join(BENCH_RUN_DIR, "dist");
const CLI = join(OUT_DIR, "cli", "main.js");

let built: string | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the directories of bench processes that have ended (their logs are kept until the next run). */
function removeEndedRuns(): void {
  if (!existsSync(BENCH_TMP)) return;
  for (const entry of readdirSync(BENCH_TMP)) {
    const pid = /^bench-run-(\d+)$/.exec(entry)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !alive(Number(pid)))
      rmSync(join(BENCH_TMP, entry), { recursive: true, force: true });
  }
}

/** Compiles the sources (once per bench process) and checks the compiled CLI starts; returns its path. */
export function compileCpwoo(): string {
  if (built !== undefined) return built;
  removeEndedRuns();
  mkdirSync(BENCH_RUN_DIR, { recursive: true });
  process.once("exit", () => rmSync(OUT_DIR, { recursive: true, force: true }));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const compile = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", OUT_DIR], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (compile.status !== 0) throw new Error(`tsc failed (${compile.status}):\n${compile.stdout}${compile.stderr}`);
  if (!existsSync(CLI)) throw new Error(`tsc wrote no ${CLI}`);
  const probe = spawnSync(process.execPath, [CLI, "--version"], { cwd: ROOT, encoding: "utf8" });
  if (probe.status !== 0) throw new Error(`the compiled CLI does not start:\n${probe.stderr}`);
  built = CLI;
  return CLI;
}

export interface CpwooChild {
  child: ChildProcess;
  pid: number;
  /** The child's exit code (null after a signal) once it has exited. */
  exited: Promise<number | null>;
  /** Resolves with the first stderr line matching `pattern` (rejects if the child exits first or on timeout). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM, then waits for the exit; returns the exit code. */
  stop(): Promise<number | null>;
}

export interface CpwooChildOptions {
  /** Where the child's stdout (cpwoo's JSON log lines) goes. */
  stdoutFile: string;
  /** Prefix of the child's stderr lines, copied to this process's stderr. */
  label: string;
}

/**
 * Starts the compiled CLI with `args` (e.g. `["--config", file, "run"]`). CPWOO_* variables of this process are not
 * passed on, so the config file alone decides the settings; NODE_OPTIONS is the service definitions' (see below).
 */
export function startCompiledCpwoo(args: readonly string[], options: CpwooChildOptions): CpwooChild {
  const cli = compileCpwoo();
  const out = openSync(options.stdoutFile, "w");
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CPWOO_")));
  // The child runs with the Node flags cpwoo's service definitions set (as the installed daemon does), or with
  // CPWOO_BENCH_CHILD_NODE_OPTIONS instead (an empty value runs it with Node's defaults).
  env.NODE_OPTIONS = process.env.CPWOO_BENCH_CHILD_NODE_OPTIONS ?? SERVICE_NODE_OPTIONS;
  const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT, env, stdio: ["ignore", out, "pipe"] });
  closeSync(out);
  if (child.pid === undefined) throw new Error("the cpwoo child did not start");
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const waiting = new Set<{ pattern: RegExp; found: (m: RegExpExecArray) => void }>();
  const lines = createInterface({ input: child.stderr as NodeJS.ReadableStream });
  lines.on("line", (line) => {
    process.stderr.write(`${options.label}: ${line}\n`);
    for (const w of waiting) {
      const m = w.pattern.exec(line);
      if (m !== null) {
        waiting.delete(w);
        w.found(m);
      }
    }
  });
  return {
    child,
    pid: child.pid,
    exited,
    waitForLine: (pattern, timeoutMs = 60_000) =>
      new Promise((found, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`no line like ${pattern} from cpwoo in ${timeoutMs} ms`)),
          timeoutMs,
        );
        const entry = {
          pattern,
          found: (m: RegExpExecArray) => {
            clearTimeout(timer);
            found(m);
          },
        };
        waiting.add(entry);
        void exited.then((code) => {
          if (!waiting.has(entry)) return;
          waiting.delete(entry);
          clearTimeout(timer);
          fail(new Error(`cpwoo exited (${code}) before printing a line like ${pattern}`));
        });
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
