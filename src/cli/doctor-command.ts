import type { Command } from "@commander-js/extra-typings";
import { runDoctor } from "../app/doctor.js";
import { SettingsError } from "../config/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

const titles = { woocommerce: "WooCommerce", counterpoint: "Counterpoint", state: "state database" } as const;

export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description("check WooCommerce, the Counterpoint database and the state database; exit 0 only when all pass")
    .option("--json", "print the checks as JSON")
    .action(async (options, command) => {
      let settings: ReturnType<typeof loadCliSettings>;
      try {
        settings = loadCliSettings(command);
      } catch (err) {
        if (!(err instanceof SettingsError)) throw err;
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 2;
        return;
      }
      const checks = await runDoctor(settings);
      if (options.json) process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
      else {
        for (const c of checks) process.stdout.write(`${c.ok ? "ok  " : "FAIL"} ${titles[c.name]}: ${c.detail}\n`);
      }
      process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
    });
}
