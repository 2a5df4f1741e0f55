import type { Command } from "@commander-js/extra-typings";
import { registerSandboxCpCommands } from "./sandbox-cp-command.js";
import { registerSandboxWooCommands } from "./sandbox-woo-command.js";

/** `cpwoo sandbox cp …` (Counterpoint replica) and `cpwoo sandbox woo …` (fake WooCommerce). */
export function registerSandboxCommands(program: Command): void {
  const sandbox = program.command("sandbox").description("test doubles: a Counterpoint replica and a fake WooCommerce");
  registerSandboxCpCommands(sandbox.command("cp").description("the Counterpoint replica (SQLite or PostgreSQL)"));
  registerSandboxWooCommands(sandbox.command("woo").description("the fake WooCommerce 11 REST server"));
}
