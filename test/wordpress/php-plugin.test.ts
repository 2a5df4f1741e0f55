import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPricing, startPricing } from "../http/pricing-harness.js";

const PLUGIN = "wordpress/cpwoo-pricing";
const hasPhp = spawnSync("php", ["--version"]).status === 0;
if (!hasPhp) {
  process.stderr.write(
    "php-plugin tests skipped: php is not installed (apt-get install php-cli; CI installs it in .ci/run)\n",
  );
}

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return phpFiles(path);
    return path.endsWith(".php") ? [path] : [];
  });
}

describe.skipIf(!hasPhp)("WordPress plugin (PHP)", () => {
  it("every plugin file passes php -l", () => {
    const files = [...phpFiles(PLUGIN), "test/wordpress/client-check.php"];
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const r = spawnSync("php", ["-l", file], { encoding: "utf8" });
      expect(r.status, `${file}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  describe("client against a real cpwoo pricing service", () => {
    let svc: RunningPricing;
    let slow: Server;
    let slowUrl: string;
    let closedUrl: string;
    let result: Record<string, unknown>;

    beforeAll(async () => {
      svc = await startPricing("sqlite", {}, { items: 20, customers: 20 });
      // A server that answers too late: the client must give up at its timeout.
      slow = createServer((_req, res) => {
        setTimeout(() => res.end("{}"), 4000).unref();
      });
      await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
      slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
      await new Promise((resolve) => closed.close(resolve));
      // Asynchronously: the service runs in this process and must keep answering while php waits.
      const { stdout } = await promisify(execFile)(
        "php",
        ["test/wordpress/client-check.php", svc.url, svc.key, slowUrl, closedUrl],
        {
          encoding: "utf8",
          timeout: 20_000,
        },
      );
      result = JSON.parse(stdout) as Record<string, unknown>;
    }, 60_000);
    afterAll(async () => {
      slow?.closeAllConnections();
      await new Promise((resolve) => slow?.close(resolve));
      await svc?.stop();
    });

    it("builds one batch request: URL, key header, JSON items (blank SKUs dropped, qty ≥ 1)", () => {
      expect(result.request).toEqual({
        url: `${svc.url}/api/v1/prices`,
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-API-Key": svc.key },
        body: JSON.stringify({
          customer: "2221",
          items: [
            { sku: "PBO-TOTE", qty: 10 },
            { sku: "PBO-BTL-32", qty: 1 },
            { sku: "NOPE", qty: 1 },
          ],
        }),
      });
    });

    it("reads the customer's prices with the regular price; unpriceable items are left out", () => {
      expect(result.raw).toMatchObject({ status: 200 });
      expect(result.prices).toEqual({
        "PBO-TOTE": { price: "27.50", regular: "38.00" },
        "PBO-BTL-32": { price: "14.90", regular: "29.50" },
      });
      expect(result.group_prices).toEqual({ "PBO-BTL-32": { price: "24.00", regular: "29.50" } });
      expect(result.unknown_customer).toEqual([]); // PHP encodes an empty array as []
    });

    it("falls back (null) on a refused key, a timeout, a closed port and a failing transport", () => {
      expect(result.bad_key).toBeNull();
      expect(result.timeout).toBeNull();
      expect(result.timeout_seconds).toBeLessThan(3);
      expect(result.closed).toBeNull();
      expect(result.throwing_transport).toBeNull();
    });
  });
});
