import type { Command } from "@commander-js/extra-typings";

// Placeholder: filled in by the catalog work.
export function registerCatalogCommands(_program: Command): void {}
