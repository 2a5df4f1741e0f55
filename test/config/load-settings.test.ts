import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSettings, redactSettings, SettingsError } from "../../src/config/index.js";

function configFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "cpwoo-config-"));
  const file = join(dir, "cpwoo.config.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
  throw new Error("expected a SettingsError");
}

describe("loadSettings", () => {
  it("gives the documented defaults with no file and no environment", () => {
    const s = loadSettings({ env: {} });
    expect(s.state.db).toBe("sqlite:./data/cpwoo.sqlite");
    expect(s.counterpoint).toMatchObject({ store: "01", station: "101", priceLocation: "*", stockLocations: ["01"] });
    expect(s.woo.concurrency).toBe(3);
  });

  it("reads the file and lets environment variables override it", () => {
    const file = configFile({ woo: { url: "https://shop.example", key: "ck_file" }, counterpoint: { store: "02" } });
    const s = loadSettings({
      file,
      env: { CPWOO_WOO_KEY: "ck_env", CPWOO_CP_STOCK_LOCATIONS: "01, WEB", CPWOO_HTTP_PORT: "9000" },
    });
    expect(s.woo.url).toBe("https://shop.example");
    expect(s.woo.key).toBe("ck_env");
    expect(s.counterpoint.store).toBe("02");
    expect(s.counterpoint.stockLocations).toEqual(["01", "WEB"]);
    expect(s.http.port).toBe(9000);
  });

  it("names the bad key, its environment variable and why", () => {
    expect(problemsOf(() => loadSettings({ env: { CPWOO_CP_DB: "oracle://x" } }))).toEqual([
      "counterpoint.db (CPWOO_CP_DB): must start with mssql://, postgres:// or sqlite:",
    ]);
    expect(problemsOf(() => loadSettings({ env: { CPWOO_HTTP_PORT: "eighty" } }))[0]).toMatch(
      /^CPWOO_HTTP_PORT: "eighty"/,
    );
    expect(problemsOf(() => loadSettings({ env: { CPWOO_CP_STORE: "ABCDEFGHIJK" } }))[0]).toMatch(
      /^counterpoint\.store \(CPWOO_CP_STORE\): at most 10 characters/,
    );
    expect(problemsOf(() => loadSettings({ env: { CPWOO_WOO_SECRET: "secret" } }))[0]).toMatch(/woo\.secret.*cs_/);
  });

  it("refuses unknown keys and broken files", () => {
    expect(problemsOf(() => loadSettings({ file: configFile({ wooo: {} }), env: {} }))[0]).toMatch(/unknown key.*wooo/);
    expect(problemsOf(() => loadSettings({ file: configFile("{not json"), env: {} }))[0]).toMatch(/not valid JSON/);
    expect(problemsOf(() => loadSettings({ file: "/nonexistent/cpwoo.config.json", env: {} }))[0]).toMatch(
      /file not found/,
    );
  });

  it("redacts secrets and database passwords", () => {
    const s = loadSettings({
      env: {
        CPWOO_WOO_KEY: "ck_0123456789abcdef",
        CPWOO_WOO_SECRET: "cs_topsecret",
        CPWOO_WOO_WEBHOOK_SECRET: "whsec_test",
        CPWOO_CP_DB: "mssql://sa:P4ss@cpserver/WOODYS_CP",
      },
    });
    const text = JSON.stringify(redactSettings(s));
    expect(text).not.toMatch(/topsecret|whsec_test|P4ss|0123456789ab/);
    expect(text).toContain("***cdef");
    expect(text).toContain("mssql://sa:***@cpserver/WOODYS_CP");
  });
});
