import { type Command, InvalidArgumentError } from "@commander-js/extra-typings";
import { DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl, SettingsError } from "../config/index.js";
import {
  DEFAULT_DEMO_STORE,
  DemoStoreOptionsError,
  MAX_CUSTOMERS,
  MAX_ITEMS,
  MIN_CUSTOMERS,
  MIN_ITEMS,
} from "../sandbox/replica/demo-store-rows.js";
import { initDemoStore } from "../sandbox/replica/fill-demo-store.js";
import { ReplicaError } from "../sandbox/replica/create-replica-schema.js";
import { replicaDdl } from "../sandbox/replica/replica-ddl.js";
import { loadCliSettings } from "./load-cli-settings.js";

function wholeNumber(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim()))
      throw new InvalidArgumentError(`${name} must be a whole number, got "${value}".`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be from ${min} to ${max}, got ${n}.`);
    return n;
  };
}

/** The replica URL: --db, else counterpoint.db from the settings; never a SQL Server (a real Counterpoint). */
function replicaUrl(db: string | undefined, command: Parameters<typeof loadCliSettings>[0]): string {
  const url = db ?? loadCliSettings(command).counterpoint.db;
  if (url === undefined)
    throw new InvalidArgumentError("give --db <url> (sqlite:<file> or postgres://…) or set CPWOO_CP_DB.");
  let kind: string;
  try {
    kind = parseDatabaseUrl(url).kind;
  } catch (err) {
    if (err instanceof DatabaseUrlError) {
      throw new InvalidArgumentError(`--db ${redactDatabaseUrl(url)}: unknown engine: ${err.message}.`);
    }
    throw err;
  }
  if (kind === "mssql") {
    throw new InvalidArgumentError(
      `--db ${redactDatabaseUrl(url)} is a SQL Server: the replica is only ever created on SQLite or PostgreSQL.`,
    );
  }
  return url;
}

function fail(err: unknown): void {
  if (
    err instanceof InvalidArgumentError ||
    err instanceof SettingsError ||
    err instanceof DemoStoreOptionsError ||
    err instanceof ReplicaError
  ) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  throw err;
}

/** `cpwoo sandbox cp …`: the Counterpoint replica and its demo store. */
export function registerSandboxCpCommands(group: Command): void {
  group
    .command("init")
    .description(
      "create the Counterpoint replica in an empty SQLite file or PostgreSQL schema and fill it with the " +
        "deterministic demo store (same seed, same data)",
    )
    .option("--db <url>", "sqlite:<file> or postgres://… (default: counterpoint.db / CPWOO_CP_DB)")
    .option(
      "--items <n>",
      `items in total, the recorded store's ${MIN_ITEMS} included (default ${DEFAULT_DEMO_STORE.items})`,
      wholeNumber("--items", MIN_ITEMS, MAX_ITEMS),
    )
    .option(
      "--customers <n>",
      `customers in total, the ${MIN_CUSTOMERS} fixed ones included (default ${DEFAULT_DEMO_STORE.customers})`,
      wholeNumber("--customers", MIN_CUSTOMERS, MAX_CUSTOMERS),
    )
    .option("--seed <text>", `seed of the generator (default "${DEFAULT_DEMO_STORE.seed}")`)
    .option("--json", "print the summary as JSON")
    .action(async (options, command) => {
      try {
        const url = replicaUrl(options.db, command);
        const { db, summary } = await initDemoStore(url, {
          items: options.items ?? DEFAULT_DEMO_STORE.items,
          customers: options.customers ?? DEFAULT_DEMO_STORE.customers,
          seed: options.seed ?? DEFAULT_DEMO_STORE.seed,
        });
        await db.destroy();
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ db: redactDatabaseUrl(url), ...summary }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `Counterpoint replica created at ${redactDatabaseUrl(url)}: ${summary.totalRows} rows in ` +
            `${summary.seconds.toFixed(1)} s\n`,
        );
        const width = Math.max(...Object.keys(summary.rows).map((t) => t.length));
        for (const [table, n] of Object.entries(summary.rows)) {
          process.stdout.write(`  ${table.padEnd(width)}  ${String(n).padStart(8)}\n`);
        }
      } catch (err) {
        fail(err);
      }
    });

  group
    .command("ddl")
    .description("print the replica's CREATE TABLE statements for one engine")
    .requiredOption("--engine <engine>", "sqlite or postgres", (value: string) => {
      if (value !== "sqlite" && value !== "postgres") {
        throw new InvalidArgumentError(`--engine must be sqlite or postgres, got "${value}".`);
      }
      return value;
    })
    .action((options) => {
      process.stdout.write(`${replicaDdl(options.engine).join(";\n\n")};\n`);
    });
}
