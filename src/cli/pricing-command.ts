import type { Command } from "@commander-js/extra-typings";

// Placeholder: filled in by the pricing work.
export function registerPricingCommands(_program: Command): void {}
