import type { Command } from "@commander-js/extra-typings";
import { redactSettings, SettingsError } from "../config/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

export function registerConfigCommands(program: Command): void {
  const config = program.command("config").description("inspect cpwoo's settings");
  config
    .command("check")
    .description("print the effective settings (file + CPWOO_* environment), secrets redacted")
    .action((_options, command) => {
      try {
        const settings = loadCliSettings(command);
        process.stdout.write(`${JSON.stringify(redactSettings(settings), null, 2)}\n`);
      } catch (err) {
        if (!(err instanceof SettingsError)) throw err;
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 2;
      }
    });
}
