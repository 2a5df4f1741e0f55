import type { Command } from "@commander-js/extra-typings";

// Placeholder: filled in by the customers work.
export function registerCustomersCommands(_program: Command): void {}
