import { z } from "zod";
import { parseDatabaseUrl } from "./database-url.js";
import { catalogSettingsSchema } from "./settings-catalog.js";
import { customersSettingsSchema } from "./settings-customers.js";
import { fulfilmentSettingsSchema } from "./settings-fulfilment.js";
import { opsSettingsSchema } from "./settings-ops.js";
import { ordersSettingsSchema } from "./settings-orders.js";
import { pricingSettingsSchema } from "./settings-pricing.js";
import { refundsSettingsSchema } from "./settings-refunds.js";
import { schedulesSettingsSchema } from "./settings-schedules.js";

const databaseUrl = z.string().superRefine((value, ctx) => {
  try {
    parseDatabaseUrl(value);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
  }
});

const code = (max: number) => z.string().min(1).max(max, `at most ${max} characters (Counterpoint column width)`);

/** Every setting cpwoo has, with its default. The one place settings are defined. */
export const settingsSchema = z.strictObject({
  woo: z
    .strictObject({
      url: z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" }).optional(),
      key: z.string().startsWith("ck_", "must start with ck_").optional(),
      secret: z.string().startsWith("cs_", "must start with cs_").optional(),
      webhookSecret: z
        .string()
        .regex(/^[A-Za-z0-9_-]{8,}$/, "at least 8 letters, digits, _ or -")
        .optional(),
      /** Send keys in the query string over HTTPS (hosts whose CGI drops the Authorization header). */
      queryStringAuth: z.boolean().default(false),
      /** Use `?rest_route=` for sites without pretty permalinks. */
      plainPermalinks: z.boolean().default(false),
      timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
      /** Requests in flight at once; a real store gains nothing past 2–4. */
      concurrency: z.number().int().min(1).max(16).default(3),
      maxRetries: z.number().int().min(0).max(20).default(5),
    })
    .prefault({}),
  counterpoint: z
    .strictObject({
      db: databaseUrl.optional(),
      store: code(10).default("01"),
      station: code(10).default("101"),
      drawer: code(10).default("1"),
      user: code(10).default("CPWOO"),
      stockLocations: z.array(code(10)).min(1).default(["01"]),
      priceLocation: code(10).default("*"),
    })
    .prefault({}),
  state: z.strictObject({ db: databaseUrl.default("sqlite:./data/cpwoo.sqlite") }).prefault({}),
  http: z
    .strictObject({
      host: z.string().default("127.0.0.1"),
      port: z.number().int().min(0).max(65535).default(8080),
    })
    .prefault({}),
  customers: customersSettingsSchema,
  orders: ordersSettingsSchema,
  refunds: refundsSettingsSchema,
  fulfilment: fulfilmentSettingsSchema,
  catalog: catalogSettingsSchema,
  pricing: pricingSettingsSchema,
  schedules: schedulesSettingsSchema,
  ops: opsSettingsSchema,
  log: z
    .strictObject({ level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info") })
    .prefault({}),
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

type Path = readonly string[];

/** Environment variables and the setting each overrides. */
export const envVariables: Readonly<Record<string, { path: Path; type: "string" | "number" | "boolean" | "list" }>> = {
  CPWOO_WOO_URL: { path: ["woo", "url"], type: "string" },
  CPWOO_WOO_KEY: { path: ["woo", "key"], type: "string" },
  CPWOO_WOO_SECRET: { path: ["woo", "secret"], type: "string" },
  CPWOO_WOO_WEBHOOK_SECRET: { path: ["woo", "webhookSecret"], type: "string" },
  CPWOO_WOO_QUERY_STRING_AUTH: { path: ["woo", "queryStringAuth"], type: "boolean" },
  CPWOO_WOO_TIMEOUT_MS: { path: ["woo", "timeoutMs"], type: "number" },
  CPWOO_WOO_CONCURRENCY: { path: ["woo", "concurrency"], type: "number" },
  CPWOO_CP_DB: { path: ["counterpoint", "db"], type: "string" },
  CPWOO_CP_STORE: { path: ["counterpoint", "store"], type: "string" },
  CPWOO_CP_STATION: { path: ["counterpoint", "station"], type: "string" },
  CPWOO_CP_DRAWER: { path: ["counterpoint", "drawer"], type: "string" },
  CPWOO_CP_USER: { path: ["counterpoint", "user"], type: "string" },
  CPWOO_CP_STOCK_LOCATIONS: { path: ["counterpoint", "stockLocations"], type: "list" },
  CPWOO_CP_PRICE_LOCATION: { path: ["counterpoint", "priceLocation"], type: "string" },
  CPWOO_STATE_DB: { path: ["state", "db"], type: "string" },
  CPWOO_HTTP_HOST: { path: ["http", "host"], type: "string" },
  CPWOO_HTTP_PORT: { path: ["http", "port"], type: "number" },
  CPWOO_LOG_LEVEL: { path: ["log", "level"], type: "string" },
  CPWOO_LOG_DIR: { path: ["ops", "logs", "dir"], type: "string" },
  CPWOO_ALERTS_TO: { path: ["ops", "alerts", "to"], type: "list" },
  CPWOO_ALERTS_FROM: { path: ["ops", "alerts", "from"], type: "string" },
  CPWOO_SMTP_HOST: { path: ["ops", "alerts", "smtp", "host"], type: "string" },
  CPWOO_SMTP_PORT: { path: ["ops", "alerts", "smtp", "port"], type: "number" },
  CPWOO_SMTP_USER: { path: ["ops", "alerts", "smtp", "user"], type: "string" },
  CPWOO_SMTP_PASSWORD: { path: ["ops", "alerts", "smtp", "password"], type: "string" },
};

/** Setting paths whose values are secrets: printed redacted. */
export const secretPaths: readonly string[] = [
  "woo.secret",
  "woo.webhookSecret",
  "woo.key",
  "ops.alerts.smtp.password",
];
