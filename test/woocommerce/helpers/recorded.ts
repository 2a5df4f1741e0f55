import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** `../shared/woocommerce/recorded` next to the repository: real WooCommerce 11.0.1 exchanges. */
export const recordedDir = fileURLToPath(new URL("../../../../shared/woocommerce/recorded/", import.meta.url));

export interface RecordedExchange {
  name: string;
  kind: "rest" | "webhook_delivery";
  description: string;
  request: {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    body: unknown;
  };
  response: { status: number; headers: Record<string, string>; body: unknown };
  secret?: string;
}

export function loadRecorded(name: string): RecordedExchange {
  return JSON.parse(readFileSync(join(recordedDir, `${name}.json`), "utf8")) as RecordedExchange;
}

export function recordedNames(): string[] {
  return readdirSync(recordedDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}
