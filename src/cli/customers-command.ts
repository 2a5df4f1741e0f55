import { type Command, Option } from "@commander-js/extra-typings";
import Table from "cli-table3";
import { type AppContext, createAppContext } from "../app/app-context.js";
import { SettingsError } from "../config/index.js";
import { type CpCustomer, customersAfter, getCustomer, shipTosOf } from "../counterpoint/customers/customer-queries.js";
import type { CustomerPorts } from "../flows/customers/import-web-customer.js";
import { pushCustomersOut } from "../flows/customers/push-customers-out.js";
import { findQuarantine, listQuarantine, releaseQuarantine } from "../flows/customers/state/quarantine.js";
import { storeKeyOf } from "../flows/customers/store-key.js";
import { syncCustomersIn } from "../flows/customers/sync-customers-in.js";
import { findCpKey, findWooId, mapId, unmapId } from "../store/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

class CommandError extends Error {}

/** Runs a customers sub-command with the app context; prints errors plainly and sets the exit code. */
async function withContext(
  command: AnyCommand,
  work: (app: AppContext, ports: CustomerPorts) => Promise<void>,
): Promise<void> {
  let app: AppContext | undefined;
  try {
    const settings = loadCliSettings(command);
    app = createAppContext(settings);
    const state = await app.state();
    const ports: CustomerPorts = {
      cp: app.counterpoint(),
      state: state.db,
      settings,
      storeId: storeKeyOf(settings.woo.url),
    };
    await work(app, ports);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = err instanceof SettingsError || err instanceof CommandError ? 2 : 1;
  } finally {
    await app?.close();
  }
}

const print = (json: boolean | undefined, value: unknown, text: () => string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text());

function wooIdArg(text: string): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) <= 0) throw new CommandError(`not a WooCommerce customer id: "${text}"`);
  return Number(text);
}

export function registerCustomersCommands(program: Command): void {
  const customers = program.command("customers").description("customers between WooCommerce and Counterpoint");

  customers
    .command("sync")
    .description("web customers into Counterpoint (in), e-commerce customers onto the web (out), or both")
    .addOption(
      new Option("--direction <direction>", "which way").choices(["in", "out", "both"] as const).default("both"),
    )
    .option("--dry-run", "report what would change, write nothing")
    .option("--json", "print the summary as JSON")
    .action(async (options, command) => {
      await withContext(command, async (app, ports) => {
        const dryRun = options.dryRun ?? false;
        const result: Record<string, unknown> = {};
        if (options.direction !== "out") result.in = await syncCustomersIn(app.woo(), ports, { dryRun });
        if (options.direction !== "in") result.out = await pushCustomersOut(app.woo(), ports, { dryRun });
        print(options.json, result, () => {
          const lines: string[] = [];
          const inbound = result.in as Awaited<ReturnType<typeof syncCustomersIn>> | undefined;
          if (inbound !== undefined) {
            lines.push(
              `in: ${inbound.seen} web customers (${inbound.guests} guests): ${inbound.created} created, ` +
                `${inbound.wouldCreate} would be created, ${inbound.linked} linked (${inbound.updated} updated), ` +
                `${inbound.quarantined} quarantined, ${inbound.invalid} invalid`,
            );
            for (const d of inbound.details) {
              const o = d.outcome;
              if (o.kind === "invalid") lines.push(`  ${d.who}: invalid ${o.field}: ${o.reason}`);
              if (o.kind === "quarantined")
                lines.push(`  ${d.who}: quarantined: ${o.reasons.map((r) => r.detail).join("; ")}`);
              if (o.kind === "created") lines.push(`  ${d.who}: created ${o.custNo}`);
              if (o.kind === "linked") lines.push(`  ${d.who}: ${o.custNo} updated ${o.updated.join(", ")}`);
            }
          }
          const out = result.out as Awaited<ReturnType<typeof pushCustomersOut>> | undefined;
          if (out !== undefined) {
            lines.push(
              `out: ${out.seen} e-commerce customers: ${out.created} created, ${out.updated} updated, ` +
                `${out.unchanged} unchanged, ${out.skipped.length} skipped, ${out.failed.length} failed`,
            );
            for (const s of [...out.skipped, ...out.failed]) lines.push(`  ${s.custNo}: ${s.reason}`);
          }
          return `${lines.join("\n")}\n`;
        });
        const failed = (result.out as { failed?: unknown[] } | undefined)?.failed?.length ?? 0;
        if (failed > 0) process.exitCode = 1;
      });
    });

  customers
    .command("list")
    .description("Counterpoint customers with their WooCommerce ids")
    .option("--after <custNo>", "start after this CUST_NO")
    .option("--limit <n>", "how many", "50")
    .option("--json", "print JSON")
    .action(async (options, command) => {
      await withContext(command, async (_app, ports) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CommandError("--limit must be 1–10000");
        const rows = await customersAfter(ports.cp, options.after ?? null, limit);
        const listed: (CpCustomer & { wooId: number | null })[] = [];
        for (const r of rows) {
          listed.push({ ...r, wooId: (await findWooId(ports.state, ports.storeId, "customer", r.CUST_NO)) ?? null });
        }
        print(options.json, listed, () => {
          const table = new Table({ head: ["CUST_NO", "Name", "E-mail", "Tier", "E-comm", "Woo id"] });
          for (const r of listed) {
            table.push([r.CUST_NO, r.NAM, r.EMAIL_ADRS_1 ?? "", r.PROF_COD_1 ?? "", r.IS_ECOMM_CUST, r.wooId ?? ""]);
          }
          return `${table.toString()}\n`;
        });
      });
    });

  customers
    .command("show")
    .description("one customer: by CUST_NO, or by WooCommerce id when no CUST_NO matches")
    .argument("<id>", "CUST_NO or WooCommerce customer id")
    .option("--json", "print JSON")
    .action(async (id, options, command) => {
      await withContext(command, async (_app, ports) => {
        let custNo: string | undefined = (await getCustomer(ports.cp, id)) ? id : undefined;
        let wooId: number | undefined;
        if (custNo === undefined && /^\d+$/.test(id)) {
          wooId = Number(id);
          custNo = await findCpKey(ports.state, ports.storeId, "customer", wooId);
        } else if (custNo !== undefined) {
          wooId = await findWooId(ports.state, ports.storeId, "customer", custNo);
        }
        const quarantine =
          wooId === undefined ? undefined : await findQuarantine(ports.state, ports.storeId, `customer:${wooId}`);
        if (custNo === undefined && quarantine === undefined) throw new CommandError(`no customer "${id}" is known`);
        const customer = custNo === undefined ? null : await getCustomer(ports.cp, custNo);
        const shipTos = custNo === undefined ? [] : await shipTosOf(ports.cp, custNo);
        const shown = {
          custNo: custNo ?? null,
          wooId: wooId ?? null,
          customer,
          shipTos,
          quarantine: quarantine ?? null,
        };
        print(options.json, shown, () => {
          const lines = [`CUST_NO ${custNo ?? "(none)"} · Woo id ${wooId ?? "(not linked)"}`];
          if (customer) {
            for (const [k, v] of Object.entries(customer)) if (v !== null && v !== "") lines.push(`  ${k}: ${v}`);
          }
          for (const s of shipTos)
            lines.push(`  ship-to ${s.SHIP_ADRS_ID}: ${s.NAM}, ${s.ADRS_1 ?? ""}, ${s.CITY ?? ""}`);
          if (quarantine) {
            lines.push(`  quarantine: ${quarantine.state}: ${quarantine.reasons.map((r) => r.detail).join("; ")}`);
          }
          return `${lines.join("\n")}\n`;
        });
      });
    });

  customers
    .command("link")
    .description("link a Counterpoint customer to a WooCommerce customer (both must exist)")
    .argument("<custNo>", "CUST_NO")
    .argument("<wooId>", "WooCommerce customer id")
    .action(async (custNo, wooIdText, _options, command) => {
      await withContext(command, async (app, ports) => {
        const wooId = wooIdArg(wooIdText);
        if ((await getCustomer(ports.cp, custNo)) === undefined)
          throw new CommandError(`no Counterpoint customer ${custNo}`);
        await app.woo().customers.get(wooId);
        await mapId(ports.state, { storeId: ports.storeId, kind: "customer", wooId, cpKey: custNo });
        process.stdout.write(`linked ${custNo} ↔ Woo ${wooId}\n`);
      });
    });

  customers
    .command("unlink")
    .description("remove the link of a customer (by CUST_NO or WooCommerce id)")
    .argument("<id>", "CUST_NO or WooCommerce customer id")
    .action(async (id, _options, command) => {
      await withContext(command, async (_app, ports) => {
        let wooId = await findWooId(ports.state, ports.storeId, "customer", id);
        if (wooId === undefined && /^\d+$/.test(id)) wooId = Number(id);
        const removed = wooId !== undefined && (await unmapId(ports.state, ports.storeId, "customer", wooId));
        if (!removed) throw new CommandError(`no link for "${id}"`);
        process.stdout.write(`unlinked Woo ${wooId}\n`);
      });
    });

  const quarantine = customers.command("quarantine").description("web customers held back by the bot filter");
  quarantine
    .command("list")
    .description("customers in quarantine, with the reasons")
    .option("--all", "released ones too")
    .option("--json", "print JSON")
    .action(async (options, command) => {
      await withContext(command, async (_app, ports) => {
        const entries = await listQuarantine(ports.state, ports.storeId, options.all ? undefined : "quarantined");
        print(options.json, entries, () => {
          const table = new Table({ head: ["Key", "E-mail", "State", "Since", "Reasons"] });
          for (const e of entries) {
            table.push([e.sourceKey, e.email, e.state, e.createdAt, e.reasons.map((r) => r.detail).join("\n")]);
          }
          return `${table.toString()}\n${entries.length} entr${entries.length === 1 ? "y" : "ies"}\n`;
        });
      });
    });
  quarantine
    .command("release")
    .description("let a quarantined customer through: the next sync creates it")
    .argument("<key>", "quarantine key (customer:<id> or guest:<e-mail>), a WooCommerce id or an e-mail")
    .action(async (key, _options, command) => {
      await withContext(command, async (_app, ports) => {
        const full = /^\d+$/.test(key) ? `customer:${key}` : key.includes(":") ? key : `guest:${key.toLowerCase()}`;
        const by = process.env.USER ?? "cli";
        if (!(await releaseQuarantine(ports.state, ports.storeId, full, by))) {
          throw new CommandError(`"${full}" is not in quarantine`);
        }
        process.stdout.write(`released ${full}\n`);
      });
    });
}
