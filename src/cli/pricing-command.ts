import type { Command } from "@commander-js/extra-typings";
import Table from "cli-table3";
import { createAppContext } from "../app/app-context.js";
import { SettingsError, type Settings } from "../config/index.js";
import { cpDateTimeText } from "../counterpoint/datetime.js";
import { loadPricingData } from "../flows/pricing/load-pricing-data.js";
import { quotePrice } from "../flows/pricing/quote-price.js";
import { createPricingService } from "../app/pricing-service.js";
import { createApiKey, listApiKeys, revokeApiKey } from "../store/api-keys.js";
import { migrateStateStore } from "../store/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

function fail(message: string, exitCode: number): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = exitCode;
}

function settingsOf(command: AnyCommand): Settings | null {
  try {
    return loadCliSettings(command);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    fail(err.message, 2);
    return null;
  }
}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

/**
 * `cpwoo pricing quote|rules|serve` (contract prices from Counterpoint's price rules) and `cpwoo apikeys
 * create|list|revoke` (the pricing service's keys).
 */
export function registerPricingCommands(program: Command): void {
  const pricing = program.command("pricing").description("customer prices from Counterpoint's own price rules");

  pricing
    .command("quote")
    .description("print one item's price for a customer (or price-group code) and how it was found")
    .requiredOption("--customer <code>", "Counterpoint CUST_NO, or a price-group code")
    .requiredOption("--sku <item>", "Counterpoint ITEM_NO")
    .option("--qty <quantity>", "quantity", "1")
    .option("--location <loc>", "price location (IM_PRC.LOC_ID)")
    .option("--json", "print JSON")
    .action(async (options, command) => {
      if (!/^\d{1,10}(\.\d{1,4})?$/.test(options.qty) || Number(options.qty) <= 0)
        return fail(`--qty must be a positive number, got "${options.qty}"`, 2);
      const settings = settingsOf(command);
      if (!settings) return;
      const ctx = createAppContext(settings);
      try {
        const { data } = await loadPricingData(ctx.counterpoint());
        const result = quotePrice(
          data,
          {
            customer: options.customer,
            sku: options.sku,
            qty: options.qty,
            location: options.location,
            at: cpDateTimeText(new Date()),
          },
          { defaultLocation: settings.counterpoint.priceLocation, decimals: settings.pricing.decimals },
        );
        if (options.json) out(JSON.stringify(result, null, 2));
        else if (!result.ok) out(`${result.sku}: ${result.message}`);
        else {
          out(`${result.sku} × ${result.qty} for ${options.customer}: ${result.price}`);
          if (result.regularPrice !== null) out(`regular price: ${result.regularPrice}`);
          out(`why: ${result.explanation.text}`);
        }
        if (!result.ok) process.exitCode = 1;
      } catch (err) {
        fail(`pricing quote failed: ${(err as Error).message}`, 1);
      } finally {
        await ctx.close();
      }
    });

  pricing
    .command("rules")
    .description("list the price groups and rules as cpwoo reads them")
    .option("--problems", "only the rules cpwoo cannot apply (unreadable filters, unknown methods), with the reason")
    .option("--json", "print JSON")
    .action(async (options, command) => {
      const settings = settingsOf(command);
      if (!settings) return;
      const ctx = createAppContext(settings);
      try {
        const { data } = await loadPricingData(ctx.counterpoint());
        if (options.problems) {
          if (options.json) out(JSON.stringify(data.problems, null, 2));
          else if (data.problems.length === 0) out("no problems: every price rule's filters can be read");
          else {
            const table = new Table({ head: ["rule", "field", "error", "filter"] });
            for (const p of data.problems) table.push([p.key, p.field, p.error, p.text ?? ""]);
            out(table.toString());
          }
          return;
        }
        const rows = data.groups.flatMap((g) =>
          g.rules.map((r) => ({
            rule: r.key,
            group: g.descr ?? "",
            rule_descr: r.descr ?? "",
            item_filter: r.itemFilter.text ?? "(all)",
            breaks: r.breaks.map((b) => `${b.minQty.toString()}:${b.method}${b.basis}${b.amount?.toString() ?? ""}`),
            problem: r.problem ?? g.problem,
          })),
        );
        if (options.json) out(JSON.stringify(rows, null, 2));
        else {
          const table = new Table({ head: ["rule", "group", "rule description", "item filter", "breaks", "problem"] });
          for (const r of rows)
            table.push([r.rule, r.group, r.rule_descr, r.item_filter, r.breaks.join(" "), r.problem ?? ""]);
          out(table.toString());
        }
      } catch (err) {
        fail(`pricing rules failed: ${(err as Error).message}`, 1);
      } finally {
        await ctx.close();
      }
    });

  pricing
    .command("serve")
    .description("run the pricing service (HTTP on settings.http.host:port)")
    .option("--port <port>", "listen on this port instead of settings.http.port")
    .action(async (options, command) => {
      const settings = settingsOf(command);
      if (!settings) return;
      const port = options.port === undefined ? settings.http.port : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port must be 0-65535`, 2);
      const ctx = createAppContext(settings);
      const service = await createPricingService(ctx, { logger: { level: settings.log.level } });
      const address = await service.server.listen({ host: settings.http.host, port });
      process.stderr.write(`pricing service listening on ${address} (OpenAPI at ${address}/docs)\n`);
      const stop = async () => {
        await service.close();
        await ctx.close();
      };
      process.once("SIGINT", () => void stop());
      process.once("SIGTERM", () => void stop());
    });

  const apikeys = program.command("apikeys").description("API keys of the pricing service (stored hashed)");
  const withState = async (command: AnyCommand, work: (ctx: ReturnType<typeof createAppContext>) => Promise<void>) => {
    const settings = settingsOf(command);
    if (!settings) return;
    const ctx = createAppContext(settings);
    try {
      await migrateStateStore(await ctx.state());
      await work(ctx);
    } catch (err) {
      fail((err as Error).message, 1);
    } finally {
      await ctx.close();
    }
  };
  apikeys
    .command("create")
    .description("create a named key and print it once (only its hash is kept)")
    .argument("<name>", "a name for the key, e.g. the site it is for")
    .action(async (name, _options, command) =>
      withState(command, async (ctx) => {
        const { record, key } = await createApiKey((await ctx.state()).db, name);
        out(key);
        process.stderr.write(`created API key "${record.name}" (id ${record.id}); it is shown only this once\n`);
      }),
    );
  apikeys
    .command("list")
    .description("list keys (names and ids, never the keys)")
    .option("--json", "print JSON")
    .action(async (options, command) =>
      withState(command, async (ctx) => {
        const keys = await listApiKeys((await ctx.state()).db);
        if (options.json) {
          out(JSON.stringify(keys, null, 2));
          return;
        }
        const table = new Table({ head: ["name", "id", "created", "revoked"] });
        for (const k of keys) table.push([k.name, k.id, k.createdAt, k.revokedAt ?? ""]);
        out(table.toString());
      }),
    );
  apikeys
    .command("revoke")
    .description("revoke a key by name or id (a running service stops accepting it within apiKeyRefreshSeconds)")
    .argument("<name-or-id>")
    .action(async (nameOrId, _options, command) =>
      withState(command, async (ctx) => {
        if (await revokeApiKey((await ctx.state()).db, nameOrId)) out(`revoked ${nameOrId}`);
        else fail(`no active API key named or with id "${nameOrId}"`, 1);
      }),
    );
}
