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
