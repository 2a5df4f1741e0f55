import type { Command } from "@commander-js/extra-typings";
import Table from "cli-table3";
import { DatabaseUrlError, redactDatabaseUrl, SettingsError } from "../config/index.js";
import { migrateStateStore, openStateStore, readMigrationStatus, type StateStore } from "../store/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

function fail(message: string, exitCode: number): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = exitCode;
}

/** `cpwoo migrate [--status] [--json]`: brings the state database (settings.state.db) up to date. */
export function registerMigrateCommand(program: Command): void {
  program
    .command("migrate")
    .description("create or upgrade cpwoo's state database (CPWOO_STATE_DB, default sqlite:./data/cpwoo.sqlite)")
    .option("--status", "list the migrations and when each was applied; change nothing")
    .option("--json", "print JSON instead of text")
    .action(async (options, command) => {
      let url: string;
      try {
        url = loadCliSettings(command).state.db;
      } catch (err) {
        if (!(err instanceof SettingsError)) throw err;
        return fail(err.message, 2);
      }
      let store: StateStore;
      try {
        store = await openStateStore(url);
      } catch (err) {
        // A URL that names no state database is a usage error (2); an unreachable one is a runtime error (1).
        return fail(
          `cannot open the state database ${redactDatabaseUrl(url)}: ${(err as Error).message}`,
          err instanceof DatabaseUrlError ? 2 : 1,
        );
      }
      try {
        if (options.status) {
          const status = await readMigrationStatus(store);
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ database: store.label, migrations: status }, null, 2)}\n`);
            return;
          }
          const table = new Table({ head: ["migration", "applied at", "description"] });
          for (const m of status) table.push([m.id, m.appliedAt ?? "pending", m.description]);
          process.stdout.write(`state database ${store.label}\n${table.toString()}\n`);
          return;
        }
        const run = await migrateStateStore(store);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ database: store.label, ...run }, null, 2)}\n`);
        } else {
          process.stdout.write(`state database ${store.label}\n`);
          if (run.applied.length === 0) process.stdout.write("already up to date\n");
          for (const id of run.applied) process.stdout.write(`applied ${id}\n`);
        }
        if (run.unknown.length > 0) {
          process.stderr.write(
            `warning: the database holds migrations this version does not know (${run.unknown.join(", ")}); ` +
              "a newer cpwoo has used it\n",
          );
        }
      } catch (err) {
        fail(`migration failed on ${store.label}: ${(err as Error).message}`, 1);
      } finally {
        await store.close();
      }
    });
}
