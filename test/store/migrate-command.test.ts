import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { freshDatabase, testEngines } from "../helpers/databases.js";
import { stateMigrations } from "../../src/store/index.js";

const run = promisify(execFile);
const main = join(import.meta.dirname, "../../src/cli/main.ts");
const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cpwoo(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CPWOO_")));
  try {
    const { stdout, stderr } = await run(tsx, [main, ...args], { cwd, env: { ...clean, ...env }, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "cpwoo-cli-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("cpwoo migrate", () => {
  it("migrates the default SQLite file, then reports it up to date", async () => {
    const cwd = tempDir();
    const first = await cpwoo(["migrate"], cwd);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("sqlite:./data/cpwoo.sqlite");
    for (const m of stateMigrations) expect(first.stdout).toContain(`applied ${m.id}`);
    const second = await cpwoo(["migrate"], cwd);
    expect(second.stdout).toContain("already up to date");
    const status = await cpwoo(["migrate", "--status", "--json"], cwd);
    const parsed = JSON.parse(status.stdout) as { migrations: Array<{ id: string; appliedAt: string | null }> };
    expect(parsed.migrations.map((m) => m.id)).toEqual(stateMigrations.map((m) => m.id));
    expect(parsed.migrations.every((m) => m.appliedAt !== null)).toBe(true);
  });

  it("lists pending migrations with --status without applying them", async () => {
    const cwd = tempDir();
    const status = await cpwoo(["migrate", "--status"], cwd);
    expect(status.code).toBe(0);
    expect(status.stdout.match(/pending/g)).toHaveLength(stateMigrations.length);
    const again = await cpwoo(["migrate", "--status", "--json"], cwd);
    const parsed = JSON.parse(again.stdout) as { migrations: Array<{ appliedAt: string | null }> };
    expect(parsed.migrations.every((m) => m.appliedAt === null)).toBe(true);
  });

  it("applies each migration once when two processes migrate one SQLite file at once", async () => {
    const cwd = tempDir();
    const env = { CPWOO_STATE_DB: `sqlite:${join(cwd, "shared.sqlite")}` };
    const results = await Promise.all([cpwoo(["migrate", "--json"], cwd, env), cpwoo(["migrate", "--json"], cwd, env)]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const applied = results.flatMap((r) => (JSON.parse(r.stdout) as { applied: string[] }).applied);
    expect(applied.sort()).toEqual(stateMigrations.map((m) => m.id).sort());
  });

  it.runIf(testEngines.includes("postgres"))("migrates a postgres:// database", async () => {
    const database = await freshDatabase("postgres");
    cleanups.push(() => database.drop());
    const result = await cpwoo(["migrate", "--json"], tempDir(), { CPWOO_STATE_DB: database.url });
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { applied: string[] }).applied).toEqual(stateMigrations.map((m) => m.id));
  });

  it("explains a bad URL and exits 2", async () => {
    const result = await cpwoo(["migrate"], tempDir(), { CPWOO_STATE_DB: "mysql://localhost/x" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("state.db (CPWOO_STATE_DB): must start with");
    const mssql = await cpwoo(["migrate"], tempDir(), { CPWOO_STATE_DB: "mssql://sa:hunter2@db/cp" });
    expect(mssql.code).toBe(2);
    expect(mssql.stderr).toMatch(/must be sqlite: or postgres:\/\//);
    expect(mssql.stderr).not.toContain("hunter2");
  });

  it("reports an unreachable server without its password", async () => {
    const result = await cpwoo(["migrate"], tempDir(), { CPWOO_STATE_DB: "postgres://cpwoo:hunter2@127.0.0.1:1/x" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /cannot open the state database postgres:\/\/cpwoo:\*\*\*@127\.0\.0\.1:1\/x: .*ECONNREFUSED/,
    );
    expect(result.stderr).not.toContain("hunter2");
  });
});
