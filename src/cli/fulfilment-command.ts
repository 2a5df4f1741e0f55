import type { Command } from "@commander-js/extra-typings";
import { type AppContext, createAppContext } from "../app/app-context.js";
import { orderPortsOf } from "../app/orders-service.js";
import { SettingsError } from "../config/index.js";
import type { FulfilmentPorts } from "../flows/fulfilment/fulfilment-ports.js";
import { type FulfilmentSummary, syncFulfilment } from "../flows/fulfilment/sync-fulfilment.js";
import type { OrderLog } from "../flows/orders/order-ports.js";
import { isoTime, migrateStateStore } from "../store/index.js";
import { WooConfigError } from "../woocommerce/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

/** A usage problem on the command line: exit 2. */
class CommandError extends Error {}

const stderrLog: OrderLog = {
  info: () => undefined,
  warn: (message, fields) => process.stderr.write(`${isoTime()} ${message} ${JSON.stringify(fields ?? {})}\n`),
};

function summaryText(s: FulfilmentSummary): string {
  const lines = [
    `checked ${s.checked} document(s): ${s.completed} completed, ${s.partial} partly shipped, ${s.unchanged} unchanged, ` +
      `${s.missing} missing, ${s.failed.length} failed · ${s.wooRequests} WooCommerce request(s) ` +
      `(${s.notesAdded} note(s), ${s.batches} batch(es))`,
  ];
  for (const f of s.failed) lines.push(`  web order ${f.wooOrderId}: ${f.error}`);
  return `${lines.join("\n")}\n`;
}

async function runLoop(ports: FulfilmentPorts, intervalSeconds: number): Promise<void> {
  let stopping = false;
  let wake: () => void = () => undefined;
  const stop = () => {
    stopping = true;
    wake();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.stderr.write(`fulfilment running (every ${intervalSeconds}s); Ctrl-C or SIGTERM stops it\n`);
  while (!stopping) {
    try {
      const s = await syncFulfilment(ports);
      if (s.completed + s.partial + s.failed.length > 0) process.stdout.write(`${isoTime()} ${summaryText(s)}`);
    } catch (err) {
      // One failed pass (Counterpoint or the store unreachable) is reported; the next pass tries again.
      process.stderr.write(`${isoTime()} fulfilment pass failed: ${(err as Error).message}\n`);
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, intervalSeconds * 1000).unref();
    });
  }
}

/** `cpwoo fulfilment sync [--once] [--json]`: shipments in Counterpoint → web orders. */
export function registerFulfilmentCommands(program: Command): void {
  const fulfilment = program
    .command("fulfilment")
    .description("shipped Counterpoint orders → completed web orders with tracking numbers");
  fulfilment
    .command("sync")
    .description(
      "report shipments of orders cpwoo created: without --once, a pass every fulfilment.intervalSeconds until " +
        "SIGINT/SIGTERM; with --once, one pass and a summary. Only orders not yet reported complete are read",
    )
    .option("--once", "one pass, print a summary, exit")
    .option("--json", "with --once: print the summary as JSON")
    .action(async (options, command) => {
      let app: AppContext | undefined;
      try {
        if (options.json && !options.once) throw new CommandError("--json needs --once");
        app = createAppContext(loadCliSettings(command));
        await migrateStateStore(await app.state());
        const { onStep: _onStep, ...orderPorts } = await orderPortsOf(app, { log: stderrLog });
        const ports: FulfilmentPorts = orderPorts;
        if (!options.once) return await runLoop(ports, app.settings.fulfilment.intervalSeconds);
        const summary = await syncFulfilment(ports);
        process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : summaryText(summary));
        if (summary.failed.length > 0) process.exitCode = 1;
      } catch (err) {
        process.stderr.write(`${(err as Error).message}\n`);
        process.exitCode =
          err instanceof SettingsError || err instanceof CommandError || err instanceof WooConfigError ? 2 : 1;
      } finally {
        await app?.close();
      }
    });
}
