import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface SandboxChild {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * The fake WooCommerce in a child process (`cpwoo sandbox woo --port 0 --json`), so the bench process's peak RSS and
 * CPU are cpwoo's own and the fake store gets its own core.
 */
export function startSandboxChild(): Promise<SandboxChild> {
  const child = spawn(process.execPath, ["bin/cpwoo.js", "sandbox", "woo", "--port", "0", "--json"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once("line", (line) => {
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        child,
        url,
        stop: async () => {
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
  });
}

/** Requests the fake store has received per `METHOD /route` since the last reset (`GET /__sandbox/requests`). */
export async function sandboxRequests(url: string): Promise<Map<string, number>> {
  const res = await fetch(`${url}/__sandbox/requests`);
  if (!res.ok) throw new Error(`GET /__sandbox/requests: ${res.status}`);
  const body = (await res.json()) as { requests: Record<string, number> };
  return new Map(Object.entries(body.requests));
}

/** Forgets the fake store's request counts (`DELETE /__sandbox/requests`). */
export async function resetSandboxRequests(url: string): Promise<void> {
  const res = await fetch(`${url}/__sandbox/requests`, { method: "DELETE" });
  if (!res.ok) throw new Error(`DELETE /__sandbox/requests: ${res.status}`);
}
