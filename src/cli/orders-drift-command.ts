import type { Command } from "@commander-js/extra-typings";
import Table from "cli-table3";
import { type AppContext, createAppContext } from "../app/app-context.js";
import { orderPortsOf } from "../app/orders-service.js";
import { SettingsError } from "../config/index.js";
import type { OrderPorts } from "../flows/orders/order-ports.js";
import { type DriftReport, orderDrift } from "../flows/refunds/order-drift.js";
import { pollWebCancellations } from "../flows/refunds/poll-web-cancellations.js";
import { processRefunds } from "../flows/refunds/process-refunds.js";
import { listOrderRefunds, migrateStateStore } from "../store/index.js";
import { WooConfigError } from "../woocommerce/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

async function withPorts(command: AnyCommand, work: (ports: OrderPorts) => Promise<void>): Promise<void> {
  let app: AppContext | undefined;
  try {
    app = createAppContext(loadCliSettings(command));
    await migrateStateStore(await app.state());
    await work(await orderPortsOf(app));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = err instanceof SettingsError || err instanceof WooConfigError ? 2 : 1;
  } finally {
    await app?.close();
  }
}

const print = (json: boolean | undefined, value: unknown, text: () => string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text());

function driftText(report: DriftReport): string {
  const lines = [
    `${report.checked} open Counterpoint orders compared with their web orders: ${report.drifted.length} differ` +
      (report.skipped.length > 0 ? `, ${report.skipped.length} not compared` : ""),
  ];
  if (report.drifted.length > 0) {
    const t = new Table({ head: ["Web id", "CP order", "Change", "Item", "Web qty", "CP qty", "Web amt", "CP amt"] });
    for (const d of report.drifted) {
      for (const l of d.lines) {
        const item = l.cell === null ? l.itemNo : `${l.itemNo} ${l.cell}`;
        t.push([
          d.wooOrderId,
          d.tktNo,
          l.change,
          item,
          l.webQty ?? "",
          l.cpQty ?? "",
          l.webAmount ?? "",
          l.cpAmount ?? "",
        ]);
      }
      if (d.total.differs) t.push([d.wooOrderId, d.tktNo, "total", "", "", "", d.total.web, d.total.counterpoint]);
    }
    lines.push(t.toString());
  }
  for (const s of report.skipped) lines.push(`  not compared: web order ${s.wooOrderId}: ${s.reason}`);
  return `${lines.join("\n")}\n`;
}

/**
 * `cpwoo orders drift` (Counterpoint edits to open web orders, reported only) and `cpwoo orders refunds` (one pass
 * over queued web cancellations and refunds, then what waits for an operator), under the `orders` command.
 */
export function registerOrdersDriftCommands(program: Command): void {
  // Registered after `registerOrdersCommands`: the sub-commands join the existing `orders` group.
  const existing = program.commands.find((c) => c.name() === "orders") as Command | undefined;
  const orders: Command = existing ?? program.command("orders");
  orders
    .command("drift")
    .description(
      "open Counterpoint orders changed in Counterpoint (lines added, removed, quantities, totals); report only",
    )
    .option("--json", "print JSON")
    .option("--limit <n>", "orders to compare", "1000")
    .action(async (options, command) => {
      await withPorts(command, async (ports) => {
        const report = await orderDrift(ports, { limit: Math.max(1, Number(options.limit) || 1000) });
        print(options.json, report, () => driftText(report));
        if (report.drifted.length > 0) process.exitCode = 1;
      });
    });
  orders
    .command("refunds")
    .description(
      "poll cancelled/refunded web orders, record queued cancellations and refunds in Counterpoint (one pass), then " +
        "list what is held for an operator",
    )
    .option("--json", "print JSON")
    .action(async (options, command) => {
      await withPorts(command, async (ports) => {
        await pollWebCancellations(ports);
        const outcomes = await processRefunds(ports);
        const waiting = await listOrderRefunds(ports.state.db, { storeId: ports.storeId, states: ["held", "failed"] });
        print(options.json, { outcomes, waiting }, () => {
          const t = new Table({ head: ["Web id", "Refund", "State", "Outcome", "Reason"] });
          for (const o of outcomes)
            t.push([o.wooOrderId, o.wooRefundId || "cancel", o.state, o.outcome ?? "", o.reason]);
          const held = waiting.map(
            (w) => `  ${w.state}: web order ${w.wooOrderId} refund ${w.wooRefundId || "cancel"}: ${w.reason ?? ""}`,
          );
          return `${outcomes.length} handled\n${outcomes.length > 0 ? `${t.toString()}\n` : ""}${held.join("\n")}${held.length > 0 ? "\n" : ""}`;
        });
      });
    });
}
