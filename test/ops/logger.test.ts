import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { settingsSchema } from "../../src/config/index.js";
import { createLogger, loggerFromSettings } from "../../src/ops/logger.js";
import { REDACTED, redactSecrets, redactText } from "../../src/ops/redact-secrets.js";
import { RotatingFile } from "../../src/ops/rotating-file.js";

const ck = `ck_${"a1".repeat(20)}`;
const cs = `cs_${"b2".repeat(20)}`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cpwoo-logs-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function lines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function memory() {
  const chunks: string[] = [];
  return { stream: { write: (s: string) => chunks.push(s) }, text: () => chunks.join("") };
}

describe("redactSecrets", () => {
  it("hides secret keys at any depth and secret-looking text anywhere", () => {
    const out = redactSecrets({
      woo: { url: "https://shop.example", key: ck, secret: cs },
      smtp: { auth: { user: "alerts", password: "hunter2" } },
      headers: { Authorization: "Basic Y2tfMTIzOmNzXzQ1Ng==", accept: "application/json" },
      query: { consumer_key: "x", consumer_secret: "y" },
      db: "postgres://cpwoo:s3cret@db.local/state",
      note: `called with ${ck} and Bearer abcdefghijklmnop`,
      list: [{ apiKey: "k" }, { webhookSecret: "w" }],
      count: 3,
    });
    expect(out).toEqual({
      woo: { url: "https://shop.example", key: REDACTED, secret: REDACTED },
      smtp: { auth: { user: "alerts", password: REDACTED } },
      headers: { Authorization: REDACTED, accept: "application/json" },
      query: { consumer_key: REDACTED, consumer_secret: REDACTED },
      db: `postgres://cpwoo:${REDACTED}@db.local/state`,
      note: `called with ck_${REDACTED} and Bearer ${REDACTED}`,
      list: [{ apiKey: REDACTED }, { webhookSecret: REDACTED }],
      count: 3,
    });
  });

  it("turns errors into plain objects, masked, cause included, and survives cycles", () => {
    const cause = new Error(`401 for ${cs}`);
    const err = Object.assign(new Error("request failed", { cause }), { password: "p", status: 401 });
    const cyclic: Record<string, unknown> = { name: "a" };
    cyclic.self = cyclic;
    const out = redactSecrets({ err, cyclic }) as { err: Record<string, unknown>; cyclic: Record<string, unknown> };
    expect(out.err).toMatchObject({ type: "Error", message: "request failed", password: REDACTED, status: 401 });
    expect((out.err.cause as Record<string, unknown>).message).toBe(`401 for cs_${REDACTED}`);
    expect(out.cyclic.self).toBe("[circular]");
    expect(redactText("nothing secret here, ck_ alone")).toBe("nothing secret here, ck_ alone");
  });
});

describe("createLogger", () => {
  it("writes JSON lines at the configured level with secrets redacted, messages and child bindings included", () => {
    const sink = memory();
    const log = createLogger({ level: "info", stdout: false, destination: sink.stream });
    const { logger } = log;
    logger.debug("hidden");
    logger.info({ woo: { key: ck, secret: cs }, order: 12 }, `pushed with ${ck}`);
    logger.child({ token: "t0k" }).warn({ err: new Error(`bad ${cs}`) }, "failed");
    logger.error(new Error("postgres://u:pw@h/db unreachable"));
    log.close();
    const [first, second, third, ...rest] = lines(sink.text());
    expect(rest).toHaveLength(0);
    expect(first).toMatchObject({
      level: "info",
      service: "cpwoo",
      msg: `pushed with ck_${REDACTED}`,
      order: 12,
      woo: { key: REDACTED, secret: REDACTED },
    });
    expect(typeof first?.time).toBe("string");
    expect(second).toMatchObject({
      level: "warn",
      token: REDACTED,
      msg: "failed",
      err: { message: `bad cs_${REDACTED}` },
    });
    expect(third).toMatchObject({ level: "error", err: { message: `postgres://u:${REDACTED}@h/db unreachable` } });
    expect(sink.text()).not.toContain(ck.slice(3));
    expect(sink.text()).not.toContain(cs.slice(3));
    expect(sink.text()).not.toContain("t0k");
  });

  it("also writes to size-rotated files when settings name a directory, keeping maxFiles old ones", () => {
    const settings = settingsSchema.parse({
      log: { level: "debug" },
      ops: { logs: { dir, maxSizeMb: 0.01, maxFiles: 2 } },
    });
    const log = loggerFromSettings(settings, { stdout: false });
    const { logger, file } = log;
    expect(file?.path).toBe(join(dir, "cpwoo.log"));
    for (let n = 0; n < 400; n++) logger.debug({ n, password: "pw" }, "line");
    log.close();
    expect(readdirSync(dir).sort()).toEqual(["cpwoo.log", "cpwoo.log.1", "cpwoo.log.2"]);
    const maxBytes = Math.round(0.01 * 1024 * 1024);
    const kept = ["cpwoo.log.2", "cpwoo.log.1", "cpwoo.log"].flatMap((name) => {
      const text = readFileSync(join(dir, name), "utf8");
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxBytes);
      return lines(text);
    });
    // Whole lines only, oldest file first, ending with the last line; older lines were dropped.
    const numbers = kept.map((l) => l.n as number);
    expect(numbers.at(-1)).toBe(399);
    expect(numbers).toEqual(numbers.map((_, i) => (numbers[0] as number) + i));
    expect(numbers[0]).toBeGreaterThan(0);
    expect(kept.every((l) => l.password === REDACTED)).toBe(true);
  });
});

describe("RotatingFile", () => {
  it("appends to the file it finds, and puts an oversized line alone in a fresh file", () => {
    const a = new RotatingFile({ dir, maxBytes: 10, maxFiles: 3 });
    a.write("abc\n");
    a.end();
    const b = new RotatingFile({ dir, maxBytes: 10, maxFiles: 3 });
    b.write("def\n");
    b.write("a line longer than ten bytes\n");
    b.write("g\n");
    b.end();
    expect(readFileSync(join(dir, "cpwoo.log.2"), "utf8")).toBe("abc\ndef\n");
    expect(readFileSync(join(dir, "cpwoo.log.1"), "utf8")).toBe("a line longer than ten bytes\n");
    expect(readFileSync(join(dir, "cpwoo.log"), "utf8")).toBe("g\n");
    expect(existsSync(join(dir, "cpwoo.log.3"))).toBe(false);
  });

  it("refuses nonsense limits", () => {
    expect(() => new RotatingFile({ dir, maxBytes: 0, maxFiles: 1 })).toThrow(RangeError);
    expect(() => new RotatingFile({ dir, maxBytes: 10, maxFiles: 0 })).toThrow(RangeError);
  });
});
