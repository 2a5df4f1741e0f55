import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { redactDatabaseUrl } from "./database-url.js";
import { envVariables, type Settings, secretPaths, settingsSchema } from "./settings.js";

/** A bad setting: names the key (file path and environment variable) and why. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export interface LoadOptions {
  /** Path of `cpwoo.config.json`; default `$CPWOO_CONFIG` or `./cpwoo.config.json` (optional file). */
  file?: string;
  env?: NodeJS.ProcessEnv;
}

type Json = Record<string, unknown>;

function setPath(target: Json, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Json;
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function envValue(name: string, raw: string, type: string, problems: string[]): unknown {
  if (type === "number") {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n)) problems.push(`${name}: "${raw}" is not a number`);
    return n;
  }
  if (type === "boolean") {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name}: "${raw}" is not true or false`);
    return raw;
  }
  if (type === "list")
    return raw
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  return raw;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const dotted = issue.path.join(".");
  const env = Object.entries(envVariables).find(([, v]) => v.path.join(".") === dotted.replace(/\.\d+$/, ""));
  const where = env ? `${dotted} (${env[0]})` : dotted || "(top level)";
  if (issue.code === "unrecognized_keys") return `${where}: unknown key(s) ${issue.keys.join(", ")}`;
  return `${where}: ${issue.message}`;
}

/** Reads `cpwoo.config.json` (when present), applies `CPWOO_*` environment overrides, and validates the result. */
export function loadSettings(options: LoadOptions = {}): Settings {
  const env = options.env ?? process.env;
  const file = resolve(options.file ?? env.CPWOO_CONFIG ?? "cpwoo.config.json");
  const problems: string[] = [];
  let input: Json = {};
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        problems.push(`${file}: must hold a JSON object`);
      } else input = parsed as Json;
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
    }
  } else if (options.file !== undefined || env.CPWOO_CONFIG !== undefined) {
    problems.push(`${file}: file not found`);
  }
  for (const [name, { path, type }] of Object.entries(envVariables)) {
    const raw = env[name];
    if (raw !== undefined && raw !== "") setPath(input, path, envValue(name, raw, type, problems));
  }
  if (problems.length > 0) throw new SettingsError(problems);
  const result = settingsSchema.safeParse(input);
  if (!result.success) throw new SettingsError(result.error.issues.map(describeIssue));
  return result.data;
}

/** Settings as printable JSON: secrets shown as `***` (keys keep their last 4 characters), DB passwords hidden. */
export function redactSettings(settings: Settings): Json {
  const copy = JSON.parse(JSON.stringify(settings)) as Json;
  for (const dotted of secretPaths) {
    const path = dotted.split(".");
    const key = path.pop() ?? "";
    // Secrets sit at any depth (e.g. ops.alerts.smtp.password).
    let section: Json | undefined = copy;
    for (const part of path) {
      const next: unknown = section?.[part];
      section = typeof next === "object" && next !== null ? (next as Json) : undefined;
    }
    const value = section?.[key];
    if (section && typeof value === "string") {
      section[key] = dotted === "woo.key" ? `***${value.slice(-4)}` : "***";
    }
  }
  for (const group of ["counterpoint", "state"]) {
    const section = copy[group] as Json | undefined;
    if (section && typeof section.db === "string") section.db = redactDatabaseUrl(section.db);
  }
  return copy;
}
