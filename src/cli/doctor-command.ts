import type { Command } from "@commander-js/extra-typings";

// Placeholder: filled in once the WooCommerce client, the Counterpoint probe and the store exist.
export function registerDoctorCommand(_program: Command): void {}
