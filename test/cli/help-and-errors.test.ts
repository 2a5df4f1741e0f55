import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Command } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";

const run = promisify(execFile);

type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

function allCommands(command: AnyCommand, path: string[] = []): { path: string[]; command: AnyCommand }[] {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    return [{ path: here, command: sub }, ...allCommands(sub, here)];
  });
}

/** Runs the real `cpwoo` binary (the same entry point an operator uses). */
async function cpwoo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/cpwoo.js", ...args], { env: { ...process.env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("cpwoo commands", () => {
  const commands = allCommands(buildProgram());

  it("has the Foundation's commands", () => {
    const names = commands.map((c) => c.path.join(" "));
    for (const expected of [
      "config check",
      "doctor",
      "migrate",
      "demo",
      "sandbox cp init",
      "sandbox woo",
      "sandbox woo place-order",
    ]) {
      expect(names).toContain(expected);
    }
  });

  it("prints --help for every command", () => {
    for (const { path, command } of commands) {
      let out = "";
      command.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
      command.exitOverride();
      expect(() => command.parse(["--help"], { from: "user" }), path.join(" ")).toThrow();
      expect(out, path.join(" ")).toMatch(new RegExp(`^Usage: .*${path[path.length - 1]}`, "m"));
    }
  });

  // Four real processes, started at once: each compiles the sources through tsx, slow on a loaded machine.
  it("fails with a clear message and a non-zero exit on bad arguments", { timeout: 120_000 }, async () => {
    const [badPort, badItems, unknown, badSetting] = await Promise.all([
      cpwoo("demo", "--port", "eighty"),
      cpwoo("sandbox", "cp", "init", "--db", "sqlite:/tmp/never.sqlite", "--items", "-5"),
      cpwoo("frobnicate"),
      cpwoo("config", "check", "--config", "/nonexistent/cpwoo.config.json"),
    ]);
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toContain('--port must be 0–65535, got "eighty"');

    expect(badItems.code).not.toBe(0);
    expect(badItems.stderr).toMatch(/--items/);

    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);

    expect(badSetting.code).toBe(2);
    expect(badSetting.stderr).toContain("/nonexistent/cpwoo.config.json: file not found");
  });
});
