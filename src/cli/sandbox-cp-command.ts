import type { Command } from "@commander-js/extra-typings";

// Placeholder: filled in by the work on this command group.
export function registerSandboxCpCommands(_group: Command): void {}
