import { describe, expect, it } from "vitest";
import { connectCounterpoint, tediousConfig } from "../../src/counterpoint/connect.js";
import { engineOf } from "../../src/counterpoint/dialect.js";

describe("tediousConfig", () => {
  it("reads server, port, database, credentials and TLS flags from the URL", () => {
    const c = tediousConfig(
      "mssql://cp%20user:p%40ss@adwpc-main:1444/WOODYS_CP?encrypt=false&trustServerCertificate=true",
    );
    expect(c.server).toBe("adwpc-main");
    expect(c.authentication).toEqual({ type: "default", options: { userName: "cp user", password: "p@ss" } });
    expect(c.options).toMatchObject({
      database: "WOODYS_CP",
      port: 1444,
      encrypt: false,
      trustServerCertificate: true,
      useUTC: false,
    });
  });

  it("uses a named instance instead of a port, and NTLM when a domain is given", () => {
    const c = tediousConfig("sqlserver://u:p@host/CPPractice?instance=SQLEXPRESS&domain=SHOP");
    expect(c.options?.instanceName).toBe("SQLEXPRESS");
    expect(c.options?.port).toBeUndefined();
    expect(c.authentication?.type).toBe("ntlm");
  });

  it("refuses a URL without a database", () => {
    expect(() => tediousConfig("mssql://u:p@host")).toThrow(/needs a database/);
  });
});

describe("connectCounterpoint", () => {
  it("builds the dialect named by the URL without connecting", async () => {
    const mssql = connectCounterpoint("mssql://u:p@nowhere.invalid/CP");
    const pg = connectCounterpoint("postgres://u@nowhere.invalid/cp");
    const lite = connectCounterpoint("sqlite::memory:");
    expect([engineOf(mssql), engineOf(pg), engineOf(lite)]).toEqual(["mssql", "postgres", "sqlite"]);
    await Promise.all([mssql.destroy(), pg.destroy(), lite.destroy()]);
  });

  it("refuses an unknown engine", () => {
    expect(() => connectCounterpoint("mysql://u@h/db")).toThrow(/must start with mssql:\/\/, postgres:\/\/ or sqlite:/);
  });
});
