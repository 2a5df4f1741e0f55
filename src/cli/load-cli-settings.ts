import type { Command } from "@commander-js/extra-typings";
import { loadSettings, type Settings } from "../config/index.js";

/** Settings for a command, honouring the global `--config <file>` option. */
export function loadCliSettings(
  command: Command<unknown[], Record<string, unknown>, Record<string, unknown>>,
): Settings {
  const { config } = command.optsWithGlobals() as { config?: string };
  return loadSettings(config === undefined ? {} : { file: config });
}
