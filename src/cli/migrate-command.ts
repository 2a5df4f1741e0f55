import type { Command } from "@commander-js/extra-typings";

// Placeholder: filled in by the state-store work.
export function registerMigrateCommand(_program: Command): void {}
