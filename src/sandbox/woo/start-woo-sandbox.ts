import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { CatalogIndex } from "./catalog-index.js";
import { seedDefaults, seedTaxRates } from "./default-store.js";
import {
  applyFixtures,
  type FixtureCandidate,
  type FixtureDocument,
  type FixtureReport,
  loadFixtures,
  readFixtureDirectory,
  type VersionPolicy,
} from "./fixtures.js";
import { loadDataFile, SnapshotWriter } from "./persistence.js";
import type { TaxRateRecord } from "./records.js";
import { renderOrder } from "./render-order.js";
import { renderCustomer } from "./render-others.js";
import { renderProduct } from "./render-product.js";
import type { RenderEnv } from "./render-env.js";
import { buildRestApp, type SandboxServices } from "./rest-app.js";
import { customerRoutes } from "./routes-customers.js";
import { miscRoutes } from "./routes-misc.js";
import { orderRoutes } from "./routes-orders.js";
import { productRoutes } from "./routes-products.js";
import { webhookRoutes } from "./routes-webhooks.js";
import { publicBase, recordedStoreSettings, type SiteSettings } from "./site.js";
import { selfSignedCertificate, type TlsMaterial } from "./tls-cert.js";
import { WebhookDispatcher } from "./webhook-dispatcher.js";
import { faultAdminRoutes } from "./fault-admin-routes.js";
import { type FaultControl, FaultInjector, type FaultRule } from "./fault-injection.js";
import { RequestCounter } from "./request-counter.js";
import { WooStore } from "./woo-store.js";

export interface WooSandboxOptions {
  /** Default 8089 (the recording's port); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** WordPress's configured home URL (OAuth signs it, links use its host). Default `http://<host>:<port>`. */
  siteUrl?: string;
  /**
   * Serve TLS: `true` makes a self-signed certificate with openssl; or give PEM key and certificate. The server then
   * treats every request as HTTPS (Basic auth, `https://` links).
   */
  https?: boolean | { key: string | Buffer; cert: string | Buffer };
  /** Plain HTTP, but requests count as HTTPS (a proxy that terminates TLS and tells PHP so). */
  assumeHttps?: boolean;
  consumerKey?: string;
  consumerSecret?: string;
  keyPermissions?: "read" | "write" | "read_write";
  /** Secret of webhooks created without one. Default `whsec_test`. */
  webhookSecret?: string;
  /** JSON snapshot file: loaded at start when it exists, written (debounced) on change and on close. */
  dataFile?: string;
  /** A directory of WooCommerce JSON files, or documents already read. Applied only to a fresh store. */
  fixtures?: string | readonly FixtureDocument[];
  fixturePolicy?: VersionPolicy;
  /** Objects already chosen (see `collectFixtures`/`selectFixtures`); used instead of `fixtures`. */
  fixtureSelection?: readonly FixtureCandidate[];
  /** Seed the recorded store's tax rates, coupon, admin user, default category (default true). */
  seedDefaults?: boolean;
  taxRates?: readonly TaxRateRecord[];
  /** Clock in Unix seconds (tests move it). */
  now?: () => number;
  webhookTimeoutMs?: number;
  webhookDelayMs?: number;
  webhookConcurrency?: number;
  persistDebounceMs?: number;
  /** Misbehaviour to start with (429/5xx pages, delays, resets, hangs); more can be added through `faults`. */
  faults?: readonly FaultRule[];
}

export interface WooSandbox {
  /** Where to reach it, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The configured home URL (sign OAuth requests against it). */
  siteUrl: string;
  /** Whether the server treats requests as HTTPS. */
  https: boolean;
  consumerKey: string;
  consumerSecret: string;
  webhookSecret: string;
  store: WooStore;
  site: SiteSettings;
  webhooks: WebhookDispatcher;
  /** Fault injection: rules added here (or via `POST /__sandbox/faults`) apply to the next requests. */
  faults: FaultControl;
  /** Requests received per method and route (also `GET`/`DELETE /__sandbox/requests`). */
  requests: RequestCounter;
  fixtureReport: FixtureReport | null;
  /** PEM certificate when serving TLS (clients may pin it). */
  certificate: Buffer | null;
  /** Resolves when every queued webhook delivery has run. */
  idle(): Promise<void>;
  /** Writes the data file now (when there is one). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

function renderEnv(
  services: SandboxServices,
  catalog: CatalogIndex,
  base: string,
  context: "view" | "edit",
  dp: number,
) {
  const env: RenderEnv = {
    store: services.store,
    catalog,
    site: services.site,
    base,
    context,
    dp,
    now: services.now(),
  };
  return env;
}

/** Starts the fake WooCommerce 11 server (in-process; tests and `cpwoo demo` use it on port 0). */
export async function startWooSandbox(options: WooSandboxOptions = {}): Promise<WooSandbox> {
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const consumerKey = options.consumerKey ?? "ck_test";
  const consumerSecret = options.consumerSecret ?? "cs_test";
  const webhookSecret = options.webhookSecret ?? "whsec_test";
  let tls: TlsMaterial | null = null;
  if (options.https === true) tls = selfSignedCertificate([host, "127.0.0.1", "localhost"]);
  else if (typeof options.https === "object") {
    const pem = (v: string | Buffer) =>
      Buffer.isBuffer(v) ? v : v.includes("-----BEGIN") ? Buffer.from(v) : readFileSync(v);
    tls = { key: pem(options.https.key), cert: pem(options.https.cert) };
  }
  const treatAsHttps = tls !== null || options.assumeHttps === true;

  const store = new WooStore();
  const site = recordedStoreSettings(options.siteUrl ?? `http://${host}:${options.port ?? 8089}`);
  const catalog = new CatalogIndex(store);
  let fixtureReport: FixtureReport | null = null;
  const fromFile = options.dataFile !== undefined && loadDataFile(store, options.dataFile);
  if (!fromFile) {
    if (options.seedDefaults !== false) seedTaxRates(store, options.taxRates);
    if (options.fixtureSelection !== undefined) {
      fixtureReport = applyFixtures(store, options.fixtureSelection, { now: now(), webhookSecret });
    } else if (options.fixtures !== undefined) {
      const docs = typeof options.fixtures === "string" ? readFixtureDirectory(options.fixtures) : options.fixtures;
      fixtureReport = loadFixtures(store, docs, {
        now: now(),
        webhookSecret,
        ...(options.fixturePolicy === undefined ? {} : { policy: options.fixturePolicy }),
      });
    }
  }
  seedDefaults(store, { consumerKey, consumerSecret, permissions: options.keyPermissions ?? "read_write", now: now() });

  const services: SandboxServices = {
    store,
    site,
    catalog,
    https: treatAsHttps,
    now,
    webhookSecret,
    webhooks: undefined as unknown as WebhookDispatcher,
  };
  const payloadEnv = () => renderEnv(services, catalog, publicBase(site, treatAsHttps), "view", site.priceDecimals);
  const webhooks = new WebhookDispatcher({
    store,
    source: () => `${publicBase(site, treatAsHttps)}/`,
    payload: (resource, id) => {
      const env = payloadEnv();
      if (resource === "order") {
        const o = store.orders.get(id);
        return o === undefined ? null : renderOrder(o, env);
      }
      if (resource === "product") {
        const p = store.products.get(id);
        return p === undefined ? null : renderProduct(p, env);
      }
      if (resource === "customer") {
        const c = store.customers.get(id);
        return c === undefined ? null : renderCustomer(c, env);
      }
      return null;
    },
    now,
    ...(options.webhookTimeoutMs === undefined ? {} : { timeoutMs: options.webhookTimeoutMs }),
    ...(options.webhookDelayMs === undefined ? {} : { delayMs: options.webhookDelayMs }),
    ...(options.webhookConcurrency === undefined ? {} : { concurrency: options.webhookConcurrency }),
  });
  services.webhooks = webhooks;

  const app = buildRestApp({
    services,
    routes: [...orderRoutes, ...productRoutes, ...customerRoutes, ...webhookRoutes, ...miscRoutes],
    makeEnv: (s, base, context, dp) => renderEnv(s, catalog, base, context, dp),
    ...(tls === null ? {} : { https: tls }),
  });
  const faults = new FaultInjector(options.faults);
  faults.install(app);
  faultAdminRoutes(app, faults);
  const requests = new RequestCounter();
  requests.install(app);
  await app.listen({ port: options.port ?? 8089, host });
  const address = app.server.address() as AddressInfo;
  const scheme = tls === null ? "http" : "https";
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `${scheme}://${urlHost}:${address.port}`;
  if (options.siteUrl === undefined) site.siteUrl = `http://${urlHost}:${address.port}`;

  const writer =
    options.dataFile === undefined
      ? null
      : new SnapshotWriter(store, options.dataFile, {
          ...(options.persistDebounceMs === undefined ? {} : { debounceMs: options.persistDebounceMs }),
        });
  if (writer !== null && !fromFile) {
    writer.markDirty();
    await writer.flush();
  }

  let closed = false;
  return {
    url,
    get siteUrl() {
      return site.siteUrl;
    },
    https: treatAsHttps,
    consumerKey,
    consumerSecret,
    webhookSecret,
    store,
    site,
    webhooks,
    faults,
    requests,
    fixtureReport,
    certificate: tls?.cert ?? null,
    idle: () => webhooks.idle(),
    flush: async () => {
      if (writer !== null) await writer.flush();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      faults.shutdown();
      await app.close();
      await webhooks.close();
      if (writer !== null) await writer.close();
    },
  };
}
