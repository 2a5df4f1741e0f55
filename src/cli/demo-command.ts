import { type Command, InvalidArgumentError } from "@commander-js/extra-typings";
import Table from "cli-table3";
import { startDemo } from "../app/demo.js";

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError(`--port must be 0–65535, got "${value}".`);
  return n;
}

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "start the demo on the embedded default: a fake WooCommerce and an SQLite Counterpoint replica with a demo store",
    )
    .option("--dir <folder>", "where the demo keeps its files", "data/demo")
    .option("--port <port>", "port of the fake WooCommerce (0 picks a free one)", port, 8089)
    .option("--exit", "check everything and exit instead of running until Ctrl-C")
    .action(async (options) => {
      const say = (line: string) => process.stdout.write(`${line}\n`);
      let demo: Awaited<ReturnType<typeof startDemo>>;
      try {
        demo = await startDemo({ dir: options.dir, port: options.port, say });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const hint = code === "EADDRINUSE" ? ` (port ${options.port} is taken: try --port 0)` : "";
        process.stderr.write(`demo failed: ${(err as Error).message}${hint}\n`);
        process.exitCode = 1;
        return;
      }
      const table = new Table({ head: ["check", "result", "detail"], wordWrap: true, colWidths: [16, 8, 80] });
      for (const c of demo.checks) table.push([c.name, c.ok ? "ok" : "FAIL", c.detail]);
      say(table.toString());
      say(`WooCommerce sandbox: ${demo.sandbox.url}/wp-json/wc/v3 (key ${demo.sandbox.consumerKey})`);
      say(`settings:            ${demo.configFile}`);
      say(`try:                 cpwoo --config ${demo.configFile} doctor`);
      say(
        `                     cpwoo sandbox woo place-order --url ${demo.sandbox.url} --guest --line PBO-TOTE:1 --paid`,
      );
      const healthy = demo.checks.every((c) => c.ok);
      if (options.exit) {
        await demo.close();
        process.exitCode = healthy ? 0 : 1;
        return;
      }
      say("running; press Ctrl-C to stop");
      await new Promise<void>((done) => {
        const stop = () => done();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await demo.close();
    });
}
