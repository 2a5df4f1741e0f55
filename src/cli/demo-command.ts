import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Command, InvalidArgumentError } from "@commander-js/extra-typings";
import Table from "cli-table3";
import { type RunningDemo, startDemo } from "../app/demo.js";
import { type DemoReport, type DemoRun, runDemoScenario } from "../app/demo-scenario.js";

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError(`--port must be 0–65535, got "${value}".`);
  return n;
}

function timeoutSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 600)
    throw new InvalidArgumentError(`--timeout must be 1–600, got "${value}".`);
  return n;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

function checksTable(demo: RunningDemo): string {
  const table = new Table({ head: ["check", "result", "detail"], wordWrap: true, colWidths: [16, 8, 80] });
  for (const c of demo.checks) table.push([c.name, c.ok ? "ok" : "FAIL", c.detail]);
  return table.toString();
}

/** The summary: one row per web order, its fitting warnings, the stock change, and where to look. */
function summary(report: DemoReport): string {
  const table = new Table({
    head: ["web order", "shopper", "shows", "Counterpoint ticket", "document", "total", "to document"],
    wordWrap: true,
    colWidths: [11, 24, 16, 21, 16, 12, 13],
  });
  for (const o of report.orders) {
    table.push([
      `#${o.wooNumber}`,
      o.shopper,
      o.shows,
      o.cpTktNo ?? "—",
      o.cpDocId ?? "—",
      `${o.total} ${o.currency}`,
      o.secondsToDocument === null ? `not yet (${o.state ?? "unseen"})` : `${o.secondsToDocument} s`,
    ]);
  }
  const lines = [table.toString()];
  for (const o of report.orders) {
    for (const w of o.warnings) lines.push(`  fitted #${o.wooNumber}: ${w}`);
  }
  const s = report.stock;
  if (s !== null) {
    lines.push(
      s.secondsToWeb === null
        ? `stock: ${s.sku} should show ${s.expected} on the web, shows ${s.webAfter ?? "nothing"}`
        : `stock: ${s.sku} went from ${s.webBefore ?? "none"} to ${s.expected} on the web ${s.secondsToWeb} s after ` +
            "the change in Counterpoint",
    );
  }
  lines.push(
    `WooCommerce sandbox REST: ${report.urls.wooRest}`,
    `cpwoo health:             ${report.urls.health}`,
    `cpwoo metrics:            ${report.urls.metrics}`,
    `cpwoo API docs:           ${report.urls.docs}`,
  );
  return lines.join("\n");
}

function untilSignal(): Promise<void> {
  return new Promise<void>((done) => {
    process.once("SIGINT", () => done());
    process.once("SIGTERM", () => done());
  });
}

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "the demo on the embedded default: a fake WooCommerce and an SQLite Counterpoint replica with a demo store, " +
        "the daemon, a few shoppers' orders turned into Counterpoint documents and a stock change reaching the web",
    )
    .option("--dir <folder>", "keep the demo's files in this folder (default: a temporary folder, removed at the end)")
    .option("--port <port>", "port of the fake WooCommerce; cpwoo listens on the next (0 picks free ones)", port, 8089)
    .option("--timeout <seconds>", "how long to wait for the documents, then for the stock", timeoutSeconds, 40)
    .option("--keep", "after the summary, keep everything running until Ctrl-C, to explore")
    .option("--exit", "only start the stores and check them (cpwoo doctor), then exit")
    .action(async (options) => {
      const started = Date.now();
      const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
      const temporary = options.dir === undefined;
      const dir = options.dir ?? mkdtempSync(join(tmpdir(), "cpwoo-demo-"));
      // A Ctrl-C while the script runs still removes the temporary folder.
      const interrupted = () => {
        if (temporary) rmSync(dir, { recursive: true, force: true });
        process.exit(130);
      };
      process.once("SIGINT", interrupted);
      say(`demo folder: ${dir}${temporary ? " (temporary)" : ""}`);

      let demo: RunningDemo | undefined;
      let run: DemoRun | undefined;
      try {
        demo = await startDemo({ dir, port: options.port, say });
        say(checksTable(demo));
        if (!demo.checks.every((c) => c.ok)) throw new Error("a check failed (see the table above)");
        if (options.exit) {
          say(`WooCommerce sandbox: ${demo.sandbox.url}/wp-json/wc/v3 (key ${demo.sandbox.consumerKey})`);
          say(`settings:            ${demo.configFile}`);
          return;
        }
        run = await runDemoScenario(demo, { timeoutMs: options.timeout * 1000, say });
        say(summary(run.report));
        say(`settings: ${demo.configFile} (try: cpwoo --config ${demo.configFile} orders list)`);
        say(`elapsed: ${elapsed()}`);
        if (!run.report.ok) {
          process.stderr.write(`demo failed:\n${run.report.failures.map((f) => `  - ${f}`).join("\n")}\n`);
          process.exitCode = 1;
        } else {
          say(
            "demo ok: every order is a Counterpoint document with its note on the web, and the stock reached the web",
          );
        }
        if (options.keep) {
          process.removeListener("SIGINT", interrupted);
          say("running; press Ctrl-C to stop");
          await untilSignal();
        }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const hint = code === "EADDRINUSE" ? ` (port ${options.port} or the next is taken: try --port 0)` : "";
        process.stderr.write(`demo failed after ${elapsed()}: ${(err as Error).message}${hint}\n`);
        process.exitCode = 1;
      } finally {
        process.removeListener("SIGINT", interrupted);
        await run?.close();
        await demo?.close();
        if (temporary) {
          rmSync(dir, { recursive: true, force: true });
          say(`cleaned up ${dir}`);
        }
      }
    });
}
