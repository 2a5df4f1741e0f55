import { type Command, InvalidArgumentError } from "@commander-js/extra-typings";
import { type GuestBuyer, PlaceOrderError, parseLine, parseShipping, placeOrder } from "../sandbox/woo/place-order.js";
import { startWooSandbox } from "../sandbox/woo/start-woo-sandbox.js";

function port(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) throw new InvalidArgumentError(`not a port: "${value}"`);
  return Number(value);
}

function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1, got "${value}"`);
    return Number(value);
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function fail(err: unknown): void {
  if (err instanceof PlaceOrderError || err instanceof InvalidArgumentError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  if (err instanceof Error && /EADDRINUSE|openssl|data file|not valid JSON|format field/.test(err.message)) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  throw err;
}

/** `cpwoo sandbox woo …`: the fake WooCommerce 11 server, and a checkout-like order maker to drive it. */
export function registerSandboxWooCommands(group: Command): void {
  // `start` is the default sub-command, so `cpwoo sandbox woo --port 8089` starts the server, while `place-order`
  // keeps its own --key/--secret/--json (options of the group itself would swallow them).
  group.addHelpText(
    "after",
    "\nWithout a command the server starts: cpwoo sandbox woo [--port P] [--https] [--data FILE] [--fixtures DIR] …" +
      "\n(all options: cpwoo sandbox woo start --help)",
  );
  group
    .command("start", { isDefault: true })
    .option("--port <n>", "port to listen on (0 = any free port)", port, 8089)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--site-url <url>", "WordPress home URL (links, OAuth base URL); default http://HOST:PORT")
    .option("--data <file>", "keep the store in this JSON file (loaded at start, saved on change and on exit)")
    .option(
      "--fixtures <dir>",
      "preload WooCommerce JSON files (one object or array per file; recordings accepted) into a fresh store",
    )
    .option(
      "--https",
      "serve TLS, so requests count as HTTPS (Basic auth, https:// links): with --tls-cert/--tls-key, or else a " +
        "throw-away self-signed certificate made with the openssl command line (clients must accept it)",
    )
    .option("--tls-cert <file>", "PEM certificate for --https")
    .option("--tls-key <file>", "PEM private key for --https")
    .option("--assume-https", "plain HTTP, but treat requests as HTTPS (like a proxy that terminates TLS)")
    .option("--key <ck>", "the API consumer key", "ck_test")
    .option("--secret <cs>", "the API consumer secret", "cs_test")
    .option("--webhook-secret <secret>", "secret of webhooks registered without one", "whsec_test")
    .option("--json", "print the start-up summary as JSON")
    .description(
      "start the fake WooCommerce 11 REST server (wc/v3), the default: answers like the recorded store, delivers " +
        "signed webhooks; OAuth 1.0a over HTTP, Basic auth over HTTPS",
    )
    .action(async (opts) => {
      try {
        if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined)) {
          throw new InvalidArgumentError("give both --tls-cert and --tls-key, or neither");
        }
        if (opts.tlsCert !== undefined && opts.https !== true) {
          throw new InvalidArgumentError("--tls-cert/--tls-key need --https");
        }
        const https =
          opts.https === true
            ? opts.tlsCert !== undefined && opts.tlsKey !== undefined
              ? { cert: opts.tlsCert, key: opts.tlsKey }
              : true
            : false;
        const sandbox = await startWooSandbox({
          port: opts.port,
          host: opts.host,
          https,
          assumeHttps: opts.assumeHttps === true,
          consumerKey: opts.key,
          consumerSecret: opts.secret,
          webhookSecret: opts.webhookSecret,
          ...(opts.siteUrl === undefined ? {} : { siteUrl: opts.siteUrl }),
          ...(opts.data === undefined ? {} : { dataFile: opts.data }),
          ...(opts.fixtures === undefined ? {} : { fixtures: opts.fixtures }),
        });
        const counts = {
          products: sandbox.store.products.size,
          orders: sandbox.store.orders.size,
          customers: [...sandbox.store.customers.values()].filter((c) => c.role === "customer").length,
          webhooks: sandbox.store.webhooks.size,
        };
        if (opts.json === true) {
          process.stdout.write(
            `${JSON.stringify({ url: sandbox.url, siteUrl: sandbox.siteUrl, https: sandbox.https, ...counts, fixtures: sandbox.fixtureReport })}\n`,
          );
        } else {
          process.stdout.write(
            `WooCommerce sandbox listening on ${sandbox.url} (site URL ${sandbox.siteUrl}; ` +
              `${sandbox.https ? "HTTPS: Basic auth" : "HTTP: OAuth 1.0a"}; key ${sandbox.consumerKey})\n` +
              `  ${counts.products} products, ${counts.orders} orders, ${counts.customers} customers, ${counts.webhooks} webhooks\n`,
          );
          for (const s of sandbox.fixtureReport?.skipped ?? []) {
            process.stdout.write(`  fixture skipped: ${s.source}: ${s.reason}\n`);
          }
        }
        const stop = async () => {
          await sandbox.close();
          process.exit(0);
        };
        process.once("SIGINT", () => void stop());
        process.once("SIGTERM", () => void stop());
      } catch (err) {
        fail(err);
      }
    });

  group
    .command("place-order")
    .description(
      "create an order the way checkout does, over HTTP against a running sandbox (so totals, stock and webhooks " +
        "happen there); prints the order id, number, status and total",
    )
    .requiredOption("--url <url>", "the sandbox, e.g. http://127.0.0.1:8089")
    .option("--site-url <url>", "the site URL OAuth signs, when it differs from --url")
    .option("--key <ck>", "API consumer key", "ck_test")
    .option("--secret <cs>", "API consumer secret", "cs_test")
    .option("--insecure", "accept a self-signed HTTPS certificate")
    .option("--customer <id>", "a registered customer (their saved addresses are used)", positiveInt("--customer"))
    .option("--guest", "a guest checkout (no account)")
    .option("--email <email>", "guest e-mail", "guest@example.com")
    .option("--name <name>", 'guest name, "First Last"', "Guest Buyer")
    .option(
      "--address <address>",
      'guest address, "street, city, ST ZIP[, COUNTRY]"',
      "418 Coquina Lane, St. Augustine, FL 32080",
    )
    .option("--phone <phone>", "guest phone", "")
    .option("--line <sku:qty>", "a product line (repeat for more)", collect)
    .option("--coupon <code>", "a coupon code (repeat for more)", collect)
    .option("--shipping <method:amount>", "shipping, e.g. flat_rate:7.95")
    .option(
      "--paid",
      "mark the order paid (set_paid: stock is reduced, status becomes processing, or completed for cod)",
    )
    .option("--payment-method <id>", "bacs, cheque, cod, stripe, …", "bacs")
    .option("--json", "print the order as JSON")
    .action(async (opts) => {
      try {
        if (opts.customer !== undefined && opts.guest === true) {
          throw new PlaceOrderError("give either --customer ID or --guest, not both");
        }
        const [first = "", ...rest] = opts.name.trim().split(/\s+/);
        const guest: GuestBuyer | undefined =
          opts.guest === true
            ? {
                email: opts.email,
                firstName: first,
                lastName: rest.join(" "),
                address: opts.address,
                phone: opts.phone,
              }
            : undefined;
        const order = await placeOrder({
          url: opts.url,
          ...(opts.siteUrl === undefined ? {} : { siteUrl: opts.siteUrl }),
          consumerKey: opts.key,
          consumerSecret: opts.secret,
          insecure: opts.insecure === true,
          ...(opts.customer === undefined ? {} : { customerId: opts.customer }),
          ...(guest === undefined ? {} : { guest }),
          lines: (opts.line ?? []).map(parseLine),
          coupons: opts.coupon ?? [],
          ...(opts.shipping === undefined ? {} : { shipping: parseShipping(opts.shipping) }),
          paid: opts.paid === true,
          paymentMethod: opts.paymentMethod,
        });
        process.stdout.write(
          opts.json === true
            ? `${JSON.stringify(order)}\n`
            : `order ${order.id} (number ${order.number}): ${order.status}, total ${order.total} ${order.currency}\n`,
        );
      } catch (err) {
        fail(err);
      }
    });
}
