import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { type Settings, type SettingsInput, settingsSchema } from "../config/index.js";
import { WooClient } from "../woocommerce/index.js";
import { checkCounterpoint, checkStateStore, checkWooCommerce, type DoctorCheck } from "./doctor.js";

/** The topics cpwoo listens to: orders (new, paid, changed, cancelled, refunded) and products (own echoes, web edits). */
export const WEBHOOK_TOPICS = ["order.created", "order.updated", "product.updated"] as const;

export interface InitAnswers {
  wooUrl: string;
  wooKey: string;
  wooSecret: string;
  cpDb: string;
  stateDb?: string;
  /** Where the store can reach cpwoo's HTTP server (e.g. https://cpwoo.example.com); no webhooks without it. */
  publicUrl?: string;
}

export interface InitResult {
  configFile: string;
  checks: DoctorCheck[];
  /** Webhooks created now, and those that already pointed at cpwoo. */
  webhooks: { created: string[]; existing: string[]; skipped: string | null };
}

export class InitError extends Error {}

/** A webhook secret WooCommerce keeps as is: letters and digits only (it entity-decodes other characters). */
export function newWebhookSecret(): string {
  return randomBytes(24).toString("base64url").replace(/[-_]/g, "x");
}

/**
 * `cpwoo init`: checks each answer (an authenticated WooCommerce call, the Counterpoint tables cpwoo needs, the state
 * database), writes the settings file (keeping anything else already in it), and registers cpwoo's webhooks on the
 * store, once: a topic already delivered to the same URL is left as it is. Refuses to write when a check fails.
 */
export async function runInit(configFile: string, answers: InitAnswers): Promise<InitResult> {
  const existing: Record<string, unknown> = existsSync(configFile)
    ? (JSON.parse(readFileSync(configFile, "utf8")) as Record<string, unknown>)
    : {};
  const section = (key: string) => (existing[key] ?? {}) as Record<string, unknown>;
  const wooSection = section("woo");
  const input: SettingsInput = {
    ...(existing as SettingsInput),
    woo: {
      ...wooSection,
      url: answers.wooUrl,
      key: answers.wooKey,
      secret: answers.wooSecret,
      webhookSecret: typeof wooSection.webhookSecret === "string" ? wooSection.webhookSecret : newWebhookSecret(),
    },
    counterpoint: { ...section("counterpoint"), db: answers.cpDb },
    state: {
      ...section("state"),
      db: answers.stateDb ?? (section("state").db as string | undefined) ?? "sqlite:./data/cpwoo.sqlite",
    },
  };
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InitError(`${first?.path.join(".") ?? "settings"}: ${first?.message ?? "invalid"}`);
  }
  const settings: Settings = parsed.data;
  const checks = [
    await checkWooCommerce(settings.woo),
    await checkCounterpoint(settings.counterpoint),
    await checkStateStore(settings.state),
  ];
  // The state database is created by `cpwoo migrate`; a pending migration is fine at this point.
  const failed = checks.filter((c) => !c.ok && c.name !== "state");
  if (failed.length > 0) {
    throw new InitError(`not written: ${failed.map((c) => `${c.name}: ${c.detail}`).join("; ")}`);
  }
  writeFileSync(configFile, `${JSON.stringify(input, null, 2)}\n`, { mode: 0o600 });
  const webhooks = await registerWebhooks(settings, answers.publicUrl);
  return { configFile, checks, webhooks };
}

/** Registers cpwoo's webhooks on the store once (see `runInit`); without a public URL, says why none were made. */
export async function registerWebhooks(
  settings: Settings,
  publicUrl: string | undefined,
): Promise<InitResult["webhooks"]> {
  if (publicUrl === undefined || publicUrl.trim() === "") {
    return {
      created: [],
      existing: [],
      skipped: "no --public-url: webhooks not registered (the poll still finds every order)",
    };
  }
  const deliveryUrl = `${publicUrl.replace(/\/+$/, "")}/webhooks/woocommerce`;
  const woo = WooClient.fromSettings(settings.woo);
  try {
    const current = await woo.webhooks.list();
    const created: string[] = [];
    const existing: string[] = [];
    for (const topic of WEBHOOK_TOPICS) {
      const same = current.find((w) => w.topic === topic && w.delivery_url === deliveryUrl);
      if (same !== undefined && same.status === "active") {
        existing.push(topic);
        continue;
      }
      if (same !== undefined) {
        // WooCommerce disables a webhook after repeated failures; the same secret makes it usable again.
        await woo.webhooks.update(same.id, { status: "active", secret: settings.woo.webhookSecret ?? "" });
        created.push(`${topic} (re-activated)`);
        continue;
      }
      await woo.webhooks.create({
        name: `cpwoo ${topic}`,
        topic,
        delivery_url: deliveryUrl,
        secret: settings.woo.webhookSecret ?? "",
        status: "active",
      });
      created.push(topic);
    }
    return { created, existing, skipped: null };
  } finally {
    await woo.close();
  }
}
