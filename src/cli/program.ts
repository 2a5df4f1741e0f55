import { Command } from "@commander-js/extra-typings";
import { registerCatalogCommands } from "./catalog-command.js";
import { registerConfigCommands } from "./config-command.js";
import { registerCustomersCommands } from "./customers-command.js";
import { registerDemoCommand } from "./demo-command.js";
import { registerDoctorCommand } from "./doctor-command.js";
import { registerHealthCommand } from "./health-command.js";
import { registerFulfilmentCommands } from "./fulfilment-command.js";
import { registerMigrateCommand } from "./migrate-command.js";
import { registerOrdersCommands } from "./orders-command.js";
import { registerOrdersDriftCommands } from "./orders-drift-command.js";
import { registerPricingCommands } from "./pricing-command.js";
import { registerRunCommands } from "./run-command.js";
import { registerSandboxCommands } from "./sandbox-command.js";
import { registerSetupCommands } from "./setup-commands.js";

/** The `cpwoo` command: each command group lives in its own file and registers itself here. */
export function buildProgram(): Command {
  const program = new Command("cpwoo")
    .description("Keeps a WooCommerce store and an NCR Counterpoint database in step")
    .version("0.1.0")
    .option("-c, --config <file>", "settings file (default ./cpwoo.config.json; env CPWOO_CONFIG)")
    .showHelpAfterError("(run with --help for usage)");
  registerConfigCommands(program);
  registerDemoCommand(program);
  registerDoctorCommand(program);
  registerHealthCommand(program);
  registerMigrateCommand(program);
  registerSandboxCommands(program);
  registerCustomersCommands(program);
  registerCatalogCommands(program);
  registerPricingCommands(program);
  registerOrdersCommands(program);
  registerOrdersDriftCommands(program);
  registerFulfilmentCommands(program);
  registerRunCommands(program);
  registerSetupCommands(program);
  return program;
}
