import type { Command } from "@commander-js/extra-typings";
import { checkCounterpoint, checkWooCommerce } from "../app/doctor.js";
import { redactDatabaseUrl, SettingsError } from "../config/index.js";
import { checkHealth } from "../ops/check-health.js";
import { type HealthReport, healthExitCode } from "../ops/health.js";
import { openStateStore, readMigrationStatus, type StateStore } from "../store/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

const marks = { healthy: "ok  ", warning: "WARN", critical: "CRIT" } as const;

function print(report: HealthReport, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  process.stdout.write(`cpwoo is ${report.status} (${report.at})\n`);
  for (const line of report.checks) process.stdout.write(`${marks[line.status]} ${line.name}: ${line.reason}\n`);
}

/** `cpwoo health [--json] [--no-probe]`: exit 0 healthy, 1 warning, 2 critical. */
export function registerHealthCommand(program: Command): void {
  program
    .command("health")
    .description(
      "judge cpwoo's health from the state database (orders waiting, invalid and dead orders, each job's last " +
        "success against its schedule) and whether WooCommerce and Counterpoint answer; exit 0 healthy, 1 warning, 2 critical",
    )
    .option("--json", "print the report as JSON")
    .option("--no-probe", "do not call WooCommerce and Counterpoint")
    .action(async (options, command) => {
      const at = new Date().toISOString();
      const fail = (reason: string) => {
        print(
          { status: "critical", checks: [{ name: "state", status: "critical", reason }], at },
          options.json ?? false,
        );
        process.exitCode = 2;
      };
      let settings: ReturnType<typeof loadCliSettings>;
      try {
        settings = loadCliSettings(command);
      } catch (err) {
        if (!(err instanceof SettingsError)) throw err;
        return fail(err.message);
      }
      let store: StateStore;
      try {
        store = await openStateStore(settings.state.db);
      } catch (err) {
        return fail(
          `cannot open the state database ${redactDatabaseUrl(settings.state.db)}: ${(err as Error).message}`,
        );
      }
      try {
        const pending = (await readMigrationStatus(store)).filter((m) => m.appliedAt === null);
        if (pending.length > 0) return fail(`${pending.length} migration(s) pending: run cpwoo migrate`);
        const probes = options.probe
          ? {
              woocommerce: () => checkWooCommerce(settings.woo),
              counterpoint: () => checkCounterpoint(settings.counterpoint),
            }
          : {};
        const { report } = await checkHealth({ db: store.db, probes }, settings.ops.health);
        print(report, options.json ?? false);
        process.exitCode = healthExitCode(report.status);
      } catch (err) {
        fail(`health could not be read: ${(err as Error).message}`);
      } finally {
        await store.close();
      }
    });
}
