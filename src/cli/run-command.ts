import type { Command } from "@commander-js/extra-typings";
import Table from "cli-table3";
import { type AppContext, createAppContext } from "../app/app-context.js";
import { startDaemon } from "../app/daemon.js";
import { daemonLogHooks } from "../app/daemon-log.js";
import { SettingsError } from "../config/index.js";
import { type CpwooLogger, loggerFromSettings } from "../ops/logger.js";
import { listRuns, migrateStateStore, type RunRecord } from "../store/index.js";
import { WooConfigError } from "../woocommerce/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

class CommandError extends Error {}

const countsText = (counts: Readonly<Record<string, number>> | null) =>
  Object.entries(counts ?? {})
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");

/** `cpwoo run`: the daemon until SIGINT/SIGTERM. */
async function runDaemon(command: AnyCommand): Promise<void> {
  let app: AppContext | undefined;
  let logs: CpwooLogger | undefined;
  // Installed first: a signal during start-up (or the moment after "listening") then stops cleanly rather than
  // killing the process; kept installed so a second signal cannot kill it mid-shutdown either.
  const stopSignal = new Promise<string>((resolve) => {
    for (const name of ["SIGINT", "SIGTERM"] as const) process.on(name, () => resolve(name));
  });
  try {
    const settings = loadCliSettings(command);
    // JSON lines to stdout and the rotating file (ops.logs), secrets masked; the status lines below stay on stderr.
    logs = loggerFromSettings(settings);
    const log = logs.logger;
    app = createAppContext(settings);
    const daemon = await startDaemon(app, { log, ...daemonLogHooks(log) });
    const r = daemon.recovery;
    if (r.abandonedRuns + r.releasedJobs + r.releasedOrderClaims > 0) {
      log.warn(
        { event: "recovery", ...r },
        `recovered after a dead process: ${r.abandonedRuns} runs abandoned, ${r.releasedJobs} jobs and ` +
          `${r.releasedOrderClaims} order claims given back`,
      );
    }
    const parts = [
      `cpwoo run: ${daemon.queue.backend} queue`,
      daemon.address === null ? "" : `listening on ${daemon.address}`,
      settings.woo.webhookSecret === undefined ? "no webhook receiver (woo.webhookSecret unset)" : "webhooks on",
      settings.pricing.enabled ? "pricing API on" : "",
    ].filter((p) => p !== "");
    process.stderr.write(`${parts.join(", ")}; SIGINT or SIGTERM stops it\n`);
    log.info({ event: "started", address: daemon.address, queue: daemon.queue.backend }, parts.join(", "));
    const signal = await stopSignal;
    process.stderr.write(`${signal}: stopping; running jobs get ${settings.schedules.shutdownGraceSeconds}s\n`);
    log.info({ event: "stopping", signal }, `${signal}: stopping`);
    await daemon.close();
    log.info({ event: "stopped" }, "stopped");
    process.stderr.write("stopped\n");
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    logs?.logger.error({ err }, `cpwoo run failed: ${(err as Error).message}`);
    process.exitCode = err instanceof SettingsError || err instanceof WooConfigError ? 2 : 1;
  } finally {
    await app?.close();
    logs?.close();
  }
}

/** `cpwoo runs list`: the run log, newest first. */
async function listRunsCommand(
  command: AnyCommand,
  options: { job?: string | undefined; limit: string; json?: boolean | undefined },
): Promise<void> {
  let app: AppContext | undefined;
  try {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CommandError("--limit must be 1–10000");
    const settings = loadCliSettings(command);
    app = createAppContext(settings);
    const state = await app.state();
    await migrateStateStore(state);
    const runs = await listRuns(state.db, { ...(options.job === undefined ? {} : { jobName: options.job }), limit });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${runsTable(runs)}\n${runs.length} run${runs.length === 1 ? "" : "s"}\n`);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = err instanceof SettingsError || err instanceof CommandError ? 2 : 1;
  } finally {
    await app?.close();
  }
}

function seconds(run: RunRecord): string {
  if (run.finishedAt === null) return "";
  return ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1);
}

function runsTable(runs: readonly RunRecord[]): string {
  const table = new Table({
    head: ["Started", "Job", "Attempt", "Status", "Seconds", "Counts / error"],
    colWidths: [26, 20, 9, 11, 9, 70],
    wordWrap: true,
  });
  for (const r of runs) {
    table.push([
      r.startedAt,
      r.jobName,
      r.attempt ?? "",
      r.status,
      seconds(r),
      r.error ?? (countsText(r.counts) || ""),
    ]);
  }
  return table.toString();
}

export function registerRunCommands(program: Command): void {
  program
    .command("run")
    .description(
      "the daemon: HTTP server (webhooks, pricing API, /health, /metrics), order workers and every flow on its " +
        "schedule (`schedules` settings) until SIGINT/SIGTERM; JSON log lines (one per job run) on stdout and in " +
        "ops.logs.dir",
    )
    .action((_options, command) => runDaemon(command));
  program
    .command("runs")
    .description("the run log: every run of every job")
    .command("list")
    .description("recent runs, newest first")
    .option("--job <name>", "only this job (e.g. inventory.sync, orders.poll, orders.drain)")
    .option("--limit <n>", "how many", "50")
    .option("--json", "print JSON")
    .action((options, command) => listRunsCommand(command, options));
}
