import { type Command, Option } from "@commander-js/extra-typings";
import { SingleBar } from "cli-progress";
import Table from "cli-table3";
import { type AppContext, createAppContext } from "../app/app-context.js";
import { orderPortsOf, settleRefunds, startOrderService } from "../app/orders-service.js";
import { SettingsError } from "../config/index.js";
import { findDocumentByRef } from "../counterpoint/documents/find-document-by-ref.js";
import { readDocument, type StoredDocument } from "../counterpoint/documents/read-document.js";
import { type DrainOutcome, type DrainSummary, drainOrders } from "../flows/orders/drain-orders.js";
import { isPaid } from "../flows/orders/intake-order.js";
import { retryOrders, rollbackOrder, skipOrder } from "../flows/orders/order-operations.js";
import type { OrderLog, OrderPorts } from "../flows/orders/order-ports.js";
import { orderRef } from "../flows/orders/order-ref.js";
import { workerName } from "../flows/orders/order-worker.js";
import { type PollSummary, pollOrders } from "../flows/orders/poll-orders.js";
import { OrderBatchCache, prepareDocument } from "../flows/orders/prepare-document.js";
import { reconcileOrders } from "../flows/orders/reconcile-orders.js";
import { buildServer, type CpwooServer } from "../http/build-server.js";
import { WEBHOOK_PATH, type WebhookLog } from "../http/webhook-routes.js";
import { toMoneyString } from "../money/index.js";
import { createMetrics } from "../ops/metrics.js";
import {
  findOrder,
  isOrderState,
  isoTime,
  listOrders,
  listOrderTransitions,
  migrateStateStore,
  orderStates,
  parseIsoTime,
  type SyncedOrder,
  workableOrderStates,
} from "../store/index.js";
import { type Order, type OrderStatus, WooConfigError } from "../woocommerce/index.js";
import { loadCliSettings } from "./load-cli-settings.js";

type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

/** A usage problem the operator can fix on the command line: exit 2. */
class CommandError extends Error {}

/** Runs an orders sub-command on a migrated state store; prints errors plainly and sets the exit code. */
async function withOrders(
  command: AnyCommand,
  work: (app: AppContext, ports: OrderPorts) => Promise<void>,
): Promise<void> {
  let app: AppContext | undefined;
  try {
    const settings = loadCliSettings(command);
    app = createAppContext(settings);
    await migrateStateStore(await app.state());
    await work(app, await orderPortsOf(app));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    const usage = err instanceof SettingsError || err instanceof CommandError || err instanceof WooConfigError;
    process.exitCode = usage ? 2 : 1;
  } finally {
    await app?.close();
  }
}

const print = (json: boolean | undefined, value: unknown, text: () => string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text());

function wooIdArg(text: string): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) <= 0) throw new CommandError(`not a WooCommerce order id: "${text}"`);
  return Number(text);
}

/**
 * `2026-01-31` (midnight UTC) or an ISO datetime (`2026-01-31T09:30:00Z`, `…+02:00`; no zone means UTC). The calendar
 * date is checked, so `2026-02-30` is refused rather than rolled into March.
 */
function parseDateOption(text: string, option: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  const bad = () =>
    new CommandError(`${option} must be an ISO date (2026-01-31) or datetime (2026-01-31T09:30:00Z), got "${text}"`);
  if (m === null) throw bad();
  const [, y, mo, d, h, mi, , zone] = m;
  const calendar = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (calendar.getUTCMonth() !== Number(mo) - 1 || calendar.getUTCDate() !== Number(d)) throw bad();
  if (h === undefined) return calendar;
  if (Number(h) > 23 || Number(mi) > 59) throw bad();
  const at = new Date(zone === undefined ? `${text}Z` : text);
  if (Number.isNaN(at.getTime())) throw bad();
  return at;
}

async function knownOrder(ports: OrderPorts, wooOrderId: number): Promise<SyncedOrder> {
  const found = await findOrder(ports.state.db, { storeId: ports.storeId, wooOrderId });
  if (found === undefined) {
    throw new CommandError(`web order ${wooOrderId} is not known to cpwoo (run \`cpwoo orders sync --once\` first)`);
  }
  return found;
}

const cut = (text: string | null, width = 60) =>
  text === null ? "" : text.length <= width ? text : `${text.slice(0, width - 1)}…`;

const documentOf = (o: Pick<SyncedOrder, "cpDocId" | "cpTktNo">) =>
  o.cpDocId === null ? "" : `${o.cpTktNo ?? "?"} (${o.cpDocId})`;

// ---------------------------------------------------------------------------------------------------------- sync

const resultsShown = ["acknowledged", "invalid", "retrying", "dead", "cancelled"] as const;

/** The last outcome of each order (a retried order may come round more than once in one run). */
function lastOutcomes(outcomes: readonly DrainOutcome[]): DrainOutcome[] {
  return [...new Map(outcomes.map((o) => [o.wooOrderId, o])).values()];
}

function outcomeDetail(o: DrainOutcome): string {
  switch (o.result) {
    case "acknowledged":
      return `${o.tktNo} (document ${o.docId})${o.resumed ? ", resumed" : ""}`;
    case "dry-run":
      return `${o.plan.kind} for ${o.plan.custNo}`;
    default:
      return o.reason;
  }
}

function countsOf(outcomes: readonly DrainOutcome[]): Record<(typeof resultsShown)[number], number> {
  const counts = { acknowledged: 0, invalid: 0, retrying: 0, dead: 0, cancelled: 0 };
  for (const o of outcomes) if (o.result in counts) counts[o.result as keyof typeof counts]++;
  return counts;
}

/** One reconciliation poll, then drain until nothing is due; prints what became of each order. */
async function syncOnce(ports: OrderPorts, since: Date | undefined, json: boolean | undefined): Promise<void> {
  const poll = await pollOrders(ports, since === undefined ? {} : { since });
  const due = await listOrders(ports.state.db, { storeId: ports.storeId, states: workableOrderStates, limit: 100_000 });
  const showBar = !json && process.stderr.isTTY && due.length > 0;
  const bar = new SingleBar({ format: " orders [{bar}] {value}/{total}", stream: process.stderr, hideCursor: true });
  if (showBar) bar.start(due.length, 0);
  const worker = workerName();
  const all: DrainOutcome[] = [];
  try {
    for (;;) {
      const pass = await drainOrders(ports, { worker });
      all.push(...pass.outcomes);
      if (showBar) bar.increment(pass.outcomes.length);
      // Nothing claimed: every order is done, waiting for a later retry, or left to an operator.
      if (pass.claimed === 0 || pass.outcomes.length === 0) break;
    }
  } finally {
    if (showBar) bar.stop();
  }
  const outcomes = lastOutcomes(all);
  const counts = countsOf(outcomes);
  const refunds = await settleRefunds(ports);
  print(json, { poll, counts, outcomes, refunds }, () => {
    const lines = [
      `polled since ${poll.since}: ${poll.seen} paid web orders (${poll.counts.new} new, ${poll.counts.changed} ` +
        `changed, ${poll.counts.reopened} reopened); ${outcomes.length} drained; ` +
        `${refunds.handled} cancellation(s)/refund(s) handled (see cpwoo orders refunds)`,
    ];
    const table = new Table({ head: [...resultsShown] });
    table.push(resultsShown.map((r) => counts[r]));
    lines.push(table.toString());
    if (outcomes.length > 0) {
      const details = new Table({
        head: ["Web id", "Result", "Document / reason"],
        colWidths: [10, 14, 90],
        wordWrap: true,
      });
      for (const o of outcomes) details.push([o.wooOrderId, o.result, outcomeDetail(o)]);
      lines.push(details.toString());
    }
    return `${lines.join("\n")}\n`;
  });
  if (counts.dead > 0) process.exitCode = 1;
}

interface DryRunItem {
  wooOrderId: number;
  number: string;
  /** cpwoo's state of the order, null when it has never been recorded. */
  state: string | null;
  result: "would-create" | "invalid" | "has-document" | "not-paid" | "error";
  kind?: "order" | "ticket";
  custNo?: string;
  customerVia?: string;
  lines?: number;
  total?: string;
  warnings?: string[];
  reason?: string;
}

async function dryRunOne(ports: OrderPorts, order: Order, cache: OrderBatchCache): Promise<DryRunItem> {
  const state = await findOrder(ports.state.db, { storeId: ports.storeId, wooOrderId: order.id });
  const base = { wooOrderId: order.id, number: order.number, state: state?.state ?? null };
  try {
    const existing = await findDocumentByRef(ports.cp, orderRef(ports.storeId, order.id));
    if (existing !== undefined) {
      return { ...base, result: "has-document", reason: `${existing.tktNo} (document ${existing.docId})` };
    }
    if (!isPaid(order, ports.settings.orders.paidStatuses)) {
      return { ...base, result: "not-paid", reason: `web order is "${order.status}"` };
    }
    const prepared = await prepareDocument(ports, order, cache, { dryRun: true });
    if (prepared.kind === "invalid")
      return { ...base, result: "invalid", reason: `${prepared.field}: ${prepared.reason}` };
    return {
      ...base,
      result: "would-create",
      kind: prepared.plan.kind,
      custNo: prepared.custNo,
      customerVia: prepared.customerVia,
      lines: prepared.plan.lines.length,
      total: toMoneyString(prepared.plan.totals.total),
      warnings: prepared.warnings,
    };
  } catch (err) {
    return { ...base, result: "error", reason: (err as Error).message };
  }
}

/**
 * A dry run cannot use the drain: orders not yet in the state store cannot be claimed, and claiming writes. So it
 * reads the same window the poll would (and the orders already due in the state store) straight from WooCommerce and
 * maps each one with a dry-run `prepareDocument`: nothing is written to Counterpoint, the state store or the web.
 */
async function syncDryRun(ports: OrderPorts, since: Date | undefined, json: boolean | undefined): Promise<void> {
  const poll: PollSummary = await pollOrders(ports, { dryRun: true, ...(since === undefined ? {} : { since }) });
  const orders = new Map<number, Order>();
  const statuses = ports.settings.orders.paidStatuses as OrderStatus[];
  for await (const page of ports.woo.orders.modifiedSince(new Date(poll.since), { status: statuses })) {
    for (const o of page.items) orders.set(o.id, o);
  }
  const now = Date.now();
  const recorded = await listOrders(ports.state.db, {
    storeId: ports.storeId,
    states: workableOrderStates,
    limit: 100_000,
  });
  const dueIds = recorded
    .filter((o) => o.nextAttemptAt === null || parseIsoTime(o.nextAttemptAt).getTime() <= now)
    .map((o) => o.wooOrderId)
    .filter((id) => !orders.has(id));
  for (let i = 0; i < dueIds.length; i += 100) {
    const page = await ports.woo.orders.page({ include: dueIds.slice(i, i + 100) }, 1, 100);
    for (const o of page.items) orders.set(o.id, o);
  }
  const cache = await OrderBatchCache.open(ports);
  const items: DryRunItem[] = [];
  for (const order of [...orders.values()].sort((a, b) => a.id - b.id))
    items.push(await dryRunOne(ports, order, cache));
  print(json, { dryRun: true, since: poll.since, items }, () => {
    const table = new Table({
      head: ["Web id", "Number", "cpwoo state", "Would become", "Customer", "Lines", "Total", "Note"],
      colWidths: [9, 9, 13, 14, 22, 7, 11, 60],
      wordWrap: true,
    });
    for (const it of items) {
      table.push([
        it.wooOrderId,
        it.number,
        it.state ?? "(new)",
        it.result === "would-create" ? `${it.kind}` : it.result,
        // prepareDocument names a customer a dry run would create "(new)".
        it.custNo === undefined ? "" : it.custNo.startsWith("(") ? it.custNo : `${it.custNo} (${it.customerVia})`,
        it.lines ?? "",
        it.total ?? "",
        it.reason ?? (it.warnings ?? []).join("; "),
      ]);
    }
    return `dry run (nothing written): ${items.length} web orders since ${poll.since}\n${table.toString()}\n`;
  });
}

function batchLine(summary: DrainSummary): string {
  const parts = summary.outcomes.map((o) =>
    o.result === "acknowledged" ? `#${o.wooOrderId} → ${o.tktNo}` : `#${o.wooOrderId} ${o.result}`,
  );
  const counts = countsOf(summary.outcomes);
  const shown = resultsShown.filter((r) => counts[r] > 0).map((r) => `${counts[r]} ${r}`);
  return `${isoTime()} batch of ${summary.claimed}: ${shown.join(", ") || "no outcome"} (${parts.join(", ")})\n`;
}

/** The orders flow running until SIGINT/SIGTERM: poll timer, worker, and the webhook receiver when a secret is set. */
async function runService(app: AppContext, ports: OrderPorts, since: Date | undefined): Promise<void> {
  const settings = app.settings;
  if (since !== undefined) await pollOrders(ports, { since });
  const log: OrderLog = {
    info: () => undefined,
    warn: (message, fields) => process.stderr.write(`${isoTime()} ${message} ${JSON.stringify(fields ?? {})}\n`),
  };
  const service = await startOrderService(app, {
    log,
    onDrain: (s) => {
      if (s.claimed > 0) process.stdout.write(batchLine(s));
    },
  });
  let server: CpwooServer | null = null;
  try {
    if (settings.woo.webhookSecret !== undefined) {
      // The route logs through the server's logger, which exists only once the server is built.
      const webhookLog: WebhookLog = {
        info: (obj, msg) => server?.log.info(obj, msg),
        warn: (obj, msg) => server?.log.warn(obj, msg),
        error: (obj, msg) => server?.log.error(obj, msg),
      };
      server = await buildServer({
        logger: { level: settings.log.level },
        metrics: createMetrics(),
        modules: [service.webhookModule(webhookLog)],
      });
      const address = await server.listen({ host: settings.http.host, port: settings.http.port });
      process.stderr.write(`orders webhook listening on ${address}${WEBHOOK_PATH}\n`);
    } else {
      process.stderr.write("woo.webhookSecret is not set: no webhook receiver, the poll alone finds orders\n");
    }
    process.stderr.write(
      `orders service running (poll every ${settings.orders.poll.intervalSeconds}s); Ctrl-C or SIGTERM stops it\n`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    process.stderr.write("stopping: finishing the current batch\n");
  } finally {
    await service.close();
    await server?.close();
  }
}

// ---------------------------------------------------------------------------------------------------------- show

function documentText(doc: StoredDocument): string[] {
  const h = doc.header;
  const lines = [
    `Counterpoint ${h.docType === "T" ? "ticket" : "order"} ${h.tktNo} (document ${h.docId}) · customer ${h.custNo ?? ""}`,
    `  ref ${h.ref ?? ""} · PO ${h.custPoNo ?? ""} · tax ${h.taxCode ?? ""} · ship via ${h.shipViaCode ?? ""} · ` +
      `entered ${h.enteredAt ?? ""} · store ${h.storeId}/${h.stationId} · location ${h.stockLoc ?? ""}` +
      (h.docStat === null ? "" : ` · status ${h.docStat}`),
  ];
  const items = new Table({ head: ["#", "Item", "Description", "Qty", "Shipped", "Price", "Ext", "Tax"] });
  for (const l of doc.lines) {
    const cell = l.cell === null ? "" : ` [${l.cell.join("/")}]`;
    items.push([
      l.seq,
      `${l.itemNo}${cell}`,
      l.descr ?? "",
      l.qty,
      l.qtyShipped,
      l.price ?? "",
      l.extPrice,
      l.taxAlloc,
    ]);
  }
  lines.push(items.toString());
  const totals = new Table({
    head: ["Totals", "Sub-total", "Line disc", "Hdr disc", "Tax", "Misc", "Total", "Tendered", "Due"],
  });
  for (const t of doc.totals) {
    totals.push([t.type, t.subTot, t.lineDisc, t.hdrDisc, t.tax, t.misc, t.total, t.tendered, t.amountDue]);
  }
  lines.push(totals.toString());
  for (const c of doc.miscCharges) lines.push(`  misc charge ${c.no} (${c.totType}): ${c.amount}`);
  for (const x of doc.taxes)
    lines.push(`  tax ${x.authCod}/${x.rulCod} (${x.part}): ${x.amount ?? ""} on ${x.taxable ?? ""}`);
  for (const p of doc.payments)
    lines.push(`  payment ${p.seq}: ${p.payCode ?? ""} (${p.payCodeType}) ${p.amount} ${p.descr ?? ""}`);
  for (const n of doc.notes) lines.push(`  note ${n.seq}${n.noteId === null ? "" : ` ${n.noteId}`}: ${n.text ?? ""}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------------------- commands

export function registerOrdersCommands(program: Command): void {
  const orders = program.command("orders").description("paid web orders → Counterpoint orders or tickets");

  orders
    .command("sync")
    .description(
      "run the orders flow: without --once, the poll timer, a worker and (when woo.webhookSecret is set) the webhook " +
        "receiver until SIGINT/SIGTERM; with --once, one poll then drain until nothing is due. --dry-run (with " +
        "--once) reads the poll's window and the orders already due and maps each one, writing nothing anywhere",
    )
    .option("--once", "one reconciliation poll, drain, print a summary, exit")
    .option("--since <date>", "poll orders modified since this ISO date or datetime (UTC) instead of the cursor")
    .option("--dry-run", "with --once: show what each order would become; write nothing")
    .option("--json", "with --once: print the summary as JSON")
    .action(async (options, command) => {
      await withOrders(command, async (app, ports) => {
        const since = options.since === undefined ? undefined : parseDateOption(options.since, "--since");
        if (!options.once && (options.dryRun || options.json)) {
          throw new CommandError(`${options.dryRun ? "--dry-run" : "--json"} needs --once`);
        }
        if (!options.once) return runService(app, ports, since);
        if (options.dryRun) return syncDryRun(ports, since, options.json);
        return syncOnce(ports, since, options.json);
      });
    });

  orders
    .command("list")
    .description("web orders cpwoo knows, oldest change first, with their state")
    .addOption(new Option("--state <state>", `only this state (${orderStates.join(", ")})`))
    .option("--limit <n>", "how many", "100")
    .option("--json", "print JSON (reasons whole)")
    .action(async (options, command) => {
      await withOrders(command, async (_app, ports) => {
        const state = options.state;
        if (state !== undefined && !isOrderState(state)) {
          throw new CommandError(`unknown state "${state}"; the states are: ${orderStates.join(", ")}`);
        }
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CommandError("--limit must be 1–10000");
        const listed = await listOrders(ports.state.db, {
          storeId: ports.storeId,
          ...(state === undefined ? {} : { states: [state] }),
          limit,
        });
        print(options.json, listed, () => {
          const table = new Table({
            head: ["Web id", "Number", "State", "Attempts", "Document", "Total", "Updated", "Reason"],
          });
          for (const o of listed) {
            table.push([
              o.wooOrderId,
              o.wooNumber ?? "",
              o.state,
              o.attempts,
              documentOf(o),
              o.total === null ? "" : `${o.total} ${o.currency ?? ""}`.trim(),
              o.updatedAt,
              cut(o.reason),
            ]);
          }
          return `${table.toString()}\n${listed.length} order${listed.length === 1 ? "" : "s"}\n`;
        });
      });
    });

  orders
    .command("show")
    .description("one web order: its state, timeline, mapping warnings and its Counterpoint document")
    .argument("<woo-id>", "WooCommerce order id")
    .option("--json", "print JSON")
    .action(async (id, options, command) => {
      await withOrders(command, async (_app, ports) => {
        const wooOrderId = wooIdArg(id);
        const order = await knownOrder(ports, wooOrderId);
        const transitions = await listOrderTransitions(ports.state.db, order);
        const docId = order.cpDocId ?? (await findDocumentByRef(ports.cp, orderRef(ports.storeId, wooOrderId)))?.docId;
        const document = docId === undefined ? null : ((await readDocument(ports.cp, docId)) ?? null);
        print(options.json, { order, transitions, warnings: order.warnings, document }, () => {
          const lines = [
            `web order ${wooOrderId}${order.wooNumber === null ? "" : ` (#${order.wooNumber})`}: ${order.state}` +
              `, ${order.attempts} attempt${order.attempts === 1 ? "" : "s"}` +
              (order.total === null ? "" : `, total ${order.total} ${order.currency ?? ""}`.trimEnd()),
          ];
          if (order.reason !== null) lines.push(`  reason: ${order.reason}`);
          if (order.nextAttemptAt !== null) lines.push(`  next attempt: ${order.nextAttemptAt}`);
          const timeline = new Table({
            head: ["At", "From", "To", "Reason"],
            colWidths: [26, 14, 14, 70],
            wordWrap: true,
          });
          for (const t of transitions) timeline.push([t.at, t.from ?? "", t.to, t.reason ?? ""]);
          lines.push(timeline.toString());
          if (order.warnings.length > 0) lines.push("warnings:", ...order.warnings.map((w) => `  - ${w}`));
          if (document !== null) lines.push(...documentText(document));
          else lines.push(docId === undefined ? "no Counterpoint document" : `Counterpoint document ${docId} is gone`);
          return `${lines.join("\n")}\n`;
        });
      });
    });

  orders
    .command("retry")
    .description("put an order (invalid, dead, skipped, cancelled, rolled back) back in line, or every dead one")
    .argument("[woo-id]", "WooCommerce order id")
    .option("--dead", "every dead order")
    .action(async (id, options, command) => {
      await withOrders(command, async (_app, ports) => {
        if ((id === undefined) === (options.dead !== true)) {
          throw new CommandError("give either a web order id or --dead");
        }
        if (id !== undefined) await knownOrder(ports, wooIdArg(id));
        const moved = await retryOrders(ports, id === undefined ? { allDead: true } : { wooOrderId: wooIdArg(id) });
        for (const o of moved) process.stdout.write(`web order ${o.wooOrderId} is back in line (received)\n`);
        process.stdout.write(
          `${moved.length} order${moved.length === 1 ? "" : "s"} to retry: the next \`cpwoo orders sync\` (or the ` +
            "running service) takes them\n",
        );
      });
    });

  orders
    .command("skip")
    .description("decide an order will not go to Counterpoint (handled by hand, a test order…)")
    .argument("<woo-id>", "WooCommerce order id")
    .option("--reason <text>", "why (required; recorded in the timeline)")
    .action(async (id, options, command) => {
      await withOrders(command, async (_app, ports) => {
        const wooOrderId = wooIdArg(id);
        if (options.reason === undefined || options.reason.trim() === "") {
          throw new CommandError("--reason is required: say why the order is skipped");
        }
        await knownOrder(ports, wooOrderId);
        const o = await skipOrder(ports, wooOrderId, options.reason);
        process.stdout.write(`web order ${o.wooOrderId} skipped: ${o.reason ?? ""}\n`);
      });
    });

  orders
    .command("rollback")
    .description("remove the open Counterpoint order of a web order, release its stock, note it on the web")
    .argument("<woo-id>", "WooCommerce order id")
    .option("--json", "print JSON")
    .action(async (id, options, command) => {
      await withOrders(command, async (_app, ports) => {
        const wooOrderId = wooIdArg(id);
        const known = await knownOrder(ports, wooOrderId);
        const found = await findDocumentByRef(ports.cp, orderRef(ports.storeId, wooOrderId));
        // The state row keeps the last document's numbers after a rollback; only a document still there counts.
        if (found === undefined && known.state === "rolled_back") {
          throw new Error(`web order ${wooOrderId} is already rolled back: nothing to remove`);
        }
        const docId = found?.docId ?? known.cpDocId;
        // Read before it goes, to show what was removed and which lines gave their stock back.
        const before = docId === null ? undefined : await readDocument(ports.cp, docId);
        const result = await rollbackOrder(ports, wooOrderId);
        print(options.json, { ...result, document: before ?? null }, () => {
          const lines = [
            `rolled back web order ${wooOrderId}: removed Counterpoint ${before?.header.docType === "T" ? "ticket" : "order"} ` +
              `${result.tktNo} (document ${result.docId})` +
              (before === undefined
                ? ""
                : ` of customer ${before.header.custNo ?? ""}, total ${before.totals[0]?.total ?? "?"}`),
            `released stock of ${result.released} line${result.released === 1 ? "" : "s"}:`,
          ];
          for (const l of before?.lines ?? []) lines.push(`  ${l.itemNo} × ${l.qty} ${l.unit ?? ""}`.trimEnd());
          lines.push(`state is now ${result.order.state}; \`cpwoo orders retry ${wooOrderId}\` makes it again`);
          return `${lines.join("\n")}\n`;
        });
      });
    });

  orders
    .command("reconcile")
    .description("paid web orders created since a date against Counterpoint: missing, duplicated, totals that differ")
    .option("--since <date>", "ISO date or datetime (UTC); required")
    .option("--json", "print JSON")
    .action(async (options, command) => {
      await withOrders(command, async (_app, ports) => {
        if (options.since === undefined) throw new CommandError("--since is required (an ISO date, e.g. 2026-01-31)");
        const report = await reconcileOrders(ports, parseDateOption(options.since, "--since"));
        const problems = report.missing.length + report.duplicated.length + report.totalsDiffer.length;
        print(options.json, report, () => {
          const lines = [
            `${report.checked} paid web orders since ${report.since}: ${report.matched} matched, ` +
              `${report.missing.length} missing, ${report.duplicated.length} duplicated, ` +
              `${report.totalsDiffer.length} with a different total`,
          ];
          if (report.missing.length > 0) {
            const t = new Table({ head: ["Missing: web id", "Number", "Total", "cpwoo state", "Reason"] });
            for (const m of report.missing)
              t.push([m.wooOrderId, m.number, m.total, m.state ?? "(never seen)", cut(m.reason)]);
            lines.push(t.toString());
          }
          if (report.duplicated.length > 0) {
            const t = new Table({ head: ["Duplicated: web id", "Documents"] });
            for (const d of report.duplicated) t.push([d.wooOrderId, d.docIds.join(", ")]);
            lines.push(t.toString());
          }
          if (report.totalsDiffer.length > 0) {
            const t = new Table({ head: ["Total differs: web id", "Document", "Web", "Counterpoint"] });
            for (const d of report.totalsDiffer) t.push([d.wooOrderId, d.docId, d.web, d.counterpoint]);
            lines.push(t.toString());
          }
          return `${lines.join("\n")}\n`;
        });
        if (problems > 0) process.exitCode = 1;
      });
    });
}
