import type { Command } from "@commander-js/extra-typings";
import { SingleBar } from "cli-progress";
import Table from "cli-table3";
import { createAppContext } from "../app/app-context.js";
import { SettingsError } from "../config/index.js";
import {
  type CatalogPart,
  type CatalogProgress,
  type CatalogSyncReport,
  catalogStoreId,
  syncCatalog,
} from "../flows/catalog/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

interface RunOptions {
  parts: CatalogPart[];
  full?: boolean | undefined;
  skus?: string[] | undefined;
  dryRun?: boolean | undefined;
  json?: boolean | undefined;
}

/** Prints the summary: counts, then each failure and each SKU found on one side only, with its reason. */
function printReport(report: CatalogSyncReport): void {
  const counts = new Table({ head: ["created", "updated", "retired", "unchanged", "failed", "items read", "seconds"] });
  counts.push([
    report.created,
    report.updated,
    report.retired,
    report.unchanged,
    report.failed.length,
    report.itemsRead,
    report.seconds.toFixed(1),
  ]);
  process.stdout.write(`${report.dryRun ? "dry run (nothing written)\n" : ""}${counts.toString()}\n`);
  if (report.failed.length > 0) {
    const failed = new Table({ head: ["SKU", "failed because"], colWidths: [28, 90], wordWrap: true });
    for (const f of report.failed) failed.push([f.sku, f.reason]);
    process.stdout.write(`${failed.toString()}\n`);
  }
  if (report.missing.length > 0) {
    const missing = new Table({ head: ["SKU", "missing on", "detail"], colWidths: [28, 14, 76], wordWrap: true });
    for (const m of report.missing) missing.push([m.sku, m.side === "web" ? "the web" : "Counterpoint", m.detail]);
    process.stdout.write(`${missing.toString()}\n`);
  }
}

async function run(command: AnyCommand, options: RunOptions): Promise<void> {
  let settings: ReturnType<typeof loadCliSettings>;
  try {
    settings = loadCliSettings(command);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  const app = createAppContext(settings);
  const showBar = !options.json && process.stderr.isTTY;
  const bar = new SingleBar({
    format: " {phase} [{bar}] {value}/{total} items",
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  const onProgress = (p: CatalogProgress) => {
    if (!showBar || p.total === null) return;
    if (!started) {
      bar.start(p.total, 0, { phase: p.phase });
      started = true;
    }
    bar.setTotal(p.total);
    bar.update(p.done, { phase: p.phase });
  };
  try {
    const state = await app.state();
    const report = await syncCatalog(
      {
        cp: app.counterpoint(),
        woo: app.woo(),
        state: state.db,
        storeId: catalogStoreId(settings.woo),
        settings,
      },
      {
        parts: options.parts,
        full: options.full === true,
        dryRun: options.dryRun === true,
        onProgress,
        ...(options.skus && options.skus.length > 0 ? { skus: options.skus } : {}),
      },
    );
    if (started) bar.stop();
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printReport(report);
    if (report.failed.length > 0) process.exitCode = 1;
  } catch (err) {
    if (started) bar.stop();
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `cpwoo catalog sync [--full] [--sku S] [--dry-run]`, `cpwoo inventory sync [--full]`, `cpwoo prices sync`:
 * Counterpoint → WooCommerce for products, stock and prices (regular, sale, tier meta).
 */
export function registerCatalogCommands(program: Command): void {
  const catalog = program.command("catalog").description("products: Counterpoint e-commerce items → WooCommerce");
  catalog
    .command("sync")
    .description("create and update web products (content, stock, price) for items changed since the last run")
    .option("--full", "every item, pushed whatever was pushed before; reports web SKUs Counterpoint lacks")
    .option("--sku <item>", "only this ITEM_NO (repeatable)", collect)
    .option("--dry-run", "plan and report; write nothing")
    .option("--json", "print the report as JSON")
    .action((o, command) =>
      run(command, {
        parts: ["product", "stock", "price"],
        full: o.full,
        skus: o.sku,
        dryRun: o.dryRun,
        json: o.json,
      }),
    );
  program
    .command("inventory")
    .description("stock: available-to-sell → WooCommerce")
    .command("sync")
    .description("push available-to-sell of changed items (batches of 100; variations through their parent)")
    .option("--full", "every item, also repairing stock changed on the web")
    .option("--json", "print the report as JSON")
    .action((o, command) => run(command, { parts: ["stock"], full: o.full, json: o.json }));
  program
    .command("prices")
    .description("prices: Counterpoint price level, promotions and tier prices → WooCommerce")
    .command("sync")
    .description("push regular prices, promotional sale prices and tier-price meta of changed items")
    .option("--full", "every item, also repairing prices changed on the web")
    .option("--json", "print the report as JSON")
    .action((o, command) => run(command, { parts: ["price"], full: o.full, json: o.json }));
}
