import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { fileURLToPath } from "node:url";
import { type Command, Option } from "@commander-js/extra-typings";
import { type InitAnswers, InitError, runInit } from "../app/init-setup.js";
import { systemdUnit, type ServiceTarget, winswServiceXml } from "../app/service-definitions.js";

class UsageError extends Error {}

async function ask(
  given: string | undefined,
  question: string,
  flag: string,
  rl: ReturnType<typeof createInterface> | null,
): Promise<string> {
  if (given !== undefined && given.trim() !== "") return given.trim();
  if (rl === null) throw new UsageError(`${flag} is required (or run cpwoo init in a terminal to be asked)`);
  const answer = (await rl.question(`${question}: `)).trim();
  if (answer === "") throw new UsageError(`${flag}: no answer given`);
  return answer;
}

function configPathOf(command: Command<unknown[], Record<string, unknown>, Record<string, unknown>>): string {
  let root: Command<unknown[], Record<string, unknown>, Record<string, unknown>> = command;
  while (root.parent) root = root.parent;
  const flag = root.opts().config;
  return resolve(typeof flag === "string" ? flag : (process.env.CPWOO_CONFIG ?? "cpwoo.config.json"));
}

export function registerSetupCommands(program: Command): void {
  program
    .command("init")
    .description(
      "ask for the WooCommerce URL and keys and the Counterpoint connection, test each, write the settings file, and register cpwoo's webhooks on the store",
    )
    .option("--woo-url <url>", "the store's home URL")
    .option("--woo-key <key>", "REST API consumer key (ck_…)")
    .option("--woo-secret <secret>", "REST API consumer secret (cs_…)")
    .option("--cp-db <url>", "Counterpoint database: mssql://user:password@server/DATABASE")
    .option("--state-db <url>", "cpwoo's own state database (default sqlite:./data/cpwoo.sqlite)")
    .option("--public-url <url>", "where the store can reach cpwoo (webhooks go to <url>/webhooks/woocommerce)")
    .action(async (options, command) => {
      const interactive = process.stdin.isTTY === true;
      const rl = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : null;
      try {
        const answers: InitAnswers = {
          wooUrl: await ask(options.wooUrl, "WooCommerce store URL", "--woo-url", rl),
          wooKey: await ask(options.wooKey, "WooCommerce consumer key (ck_…)", "--woo-key", rl),
          wooSecret: await ask(options.wooSecret, "WooCommerce consumer secret (cs_…)", "--woo-secret", rl),
          cpDb: await ask(options.cpDb, "Counterpoint database URL (mssql://user:password@server/DB)", "--cp-db", rl),
          ...(options.stateDb === undefined ? {} : { stateDb: options.stateDb }),
          ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
        };
        const result = await runInit(configPathOf(command), answers);
        for (const c of result.checks) process.stdout.write(`${c.ok ? "ok  " : "note"} ${c.name}: ${c.detail}\n`);
        process.stdout.write(`wrote ${result.configFile}\n`);
        const w = result.webhooks;
        if (w.skipped !== null) process.stdout.write(`webhooks: ${w.skipped}\n`);
        else {
          process.stdout.write(
            `webhooks: ${w.created.length} registered${w.created.length > 0 ? ` (${w.created.join(", ")})` : ""}, ${w.existing.length} already there\n`,
          );
        }
        process.stdout.write("next: cpwoo migrate, then cpwoo doctor, then cpwoo run\n");
      } catch (err) {
        process.stderr.write(`${(err as Error).message}\n`);
        process.exitCode = err instanceof UsageError || err instanceof InitError ? 2 : 1;
      } finally {
        rl?.close();
      }
    });

  const service = program.command("service").description("run cpwoo as a Windows service or a systemd unit");
  service
    .command("install")
    .description("print the service definition for Windows (WinSW) and Linux (systemd); see docs/install.md")
    .requiredOption("--print", "print the definitions (cpwoo never installs services by itself)")
    .addOption(
      new Option("--platform <platform>", "which definition")
        .choices(["windows", "linux", "both"] as const)
        .default("both"),
    )
    .option("--user <name>", "Linux account that runs cpwoo", userInfo().username)
    .option("--node <path>", "Node executable", process.execPath)
    .action((options, command) => {
      const script = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/cpwoo.js");
      const configFile = configPathOf(command);
      if (!existsSync(configFile)) {
        process.stderr.write(`note: ${configFile} does not exist yet (run cpwoo init first)\n`);
      }
      const target: ServiceTarget = {
        node: options.node,
        script,
        configFile,
        workDir: dirname(configFile),
        user: options.user,
      };
      if (options.platform !== "linux") {
        process.stdout.write(
          `# Windows (WinSW): save as cpwoo.xml beside cpwoo.exe, then: cpwoo.exe install\n${winswServiceXml(target)}\n`,
        );
      }
      if (options.platform !== "windows") {
        process.stdout.write(
          `# Linux (systemd): save as /etc/systemd/system/cpwoo.service, then: systemctl enable --now cpwoo\n${systemdUnit(target)}`,
        );
      }
    });
}
