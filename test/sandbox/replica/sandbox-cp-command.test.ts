import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "@commander-js/extra-typings";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerSandboxCpCommands } from "../../../src/cli/sandbox-cp-command.js";
import { connectCounterpoint } from "../../../src/counterpoint/connect.js";

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
  error: CommanderError | undefined;
}

async function run(...args: string[]): Promise<Run> {
  let out = "";
  let err = "";
  const group = new Command("cp")
    .exitOverride()
    .configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerSandboxCpCommands(group);
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = undefined;
  let error: CommanderError | undefined;
  try {
    await group.parseAsync(args, { from: "user" });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    error = e;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const exitCode = typeof process.exitCode === "number" ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { stdout: out, stderr: err, exitCode, error };
}

describe("cpwoo sandbox cp", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("prints help for init", async () => {
    const r = await run("init", "--help");
    expect(r.error?.code).toBe("commander.helpDisplayed");
    expect(r.stdout).toContain("--db <url>");
    expect(r.stdout).toContain("--items <n>");
    expect(r.stdout).toContain("--customers <n>");
    expect(r.stdout).toContain("--seed <text>");
  });

  it.each([
    [["init", "--db", "sqlite:x.sqlite", "--items", "-5"], "--items must be from 5 to 1000000, got -5."],
    [["init", "--db", "sqlite:x.sqlite", "--items", "abc"], '--items must be a whole number, got "abc".'],
    [["init", "--db", "sqlite:x.sqlite", "--customers", "2"], "--customers must be from 6 to 1000000, got 2."],
    [["ddl", "--engine", "oracle"], '--engine must be sqlite or postgres, got "oracle".'],
  ])("refuses bad arguments: %j", async (args, message) => {
    const r = await run(...args);
    expect(r.error?.code).toBe("commander.invalidArgument");
    expect(r.stderr).toContain(message);
  });

  it.each([
    ["mysql://u@h/db", "unknown engine"],
    ["mssql://u:secret@cp/WOODYS_CP", "is a SQL Server: the replica is only ever created on SQLite or PostgreSQL"],
  ])("refuses --db %s", async (url, message) => {
    const r = await run("init", "--db", url);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain("secret");
  });

  it("creates and fills a replica, then refuses to fill it twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cpwoo-cli-"));
    dirs.push(dir);
    const url = `sqlite:${join(dir, "cp.sqlite")}`;
    const r = await run("init", "--db", url, "--items", "12", "--customers", "8", "--seed", "cli", "--json");
    expect(r.exitCode).toBeUndefined();
    const summary = JSON.parse(r.stdout) as { rows: Record<string, number> };
    expect(summary.rows.IM_ITEM).toBe(12);
    expect(summary.rows.AR_CUST).toBe(8);
    const db = connectCounterpoint(url);
    try {
      const n = await db.selectFrom("IM_ITEM").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(12);
    } finally {
      await db.destroy();
    }
    const again = await run("init", "--db", url);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("already holds Counterpoint tables");
  });

  it("prints the DDL of an engine", async () => {
    const r = await run("ddl", "--engine", "postgres");
    expect(r.stdout).toContain('CREATE TABLE "AR_CUST" (');
    expect(r.stdout).toContain('"QTY_AVAIL" numeric(16,4) GENERATED ALWAYS AS ("QTY_ON_HND" - "QTY_COMMIT") STORED');
  });
});
