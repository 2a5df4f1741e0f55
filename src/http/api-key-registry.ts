import { createHash } from "node:crypto";

/** Tells whether an API key is valid, and whose it is. */
export interface ApiKeyVerifier {
  /** The key's name, or null for an unknown or revoked key. */
  verify(key: string): string | null;
}

/**
 * Active API keys (SHA-256 → name) held in memory so a check needs no database round-trip; `start()` re-reads them
 * every `refreshMs`, which is how a new or revoked key takes effect in a running service.
 */
export class ApiKeyRegistry implements ApiKeyVerifier {
  private hashes = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly load: () => Promise<Map<string, string>>) {}

  async refresh(): Promise<void> {
    this.hashes = await this.load();
  }

  async start(refreshMs: number, onError: (err: unknown) => void): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch(onError);
    }, refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  verify(key: string): string | null {
    if (key.length === 0 || key.length > 200) return null;
    return this.hashes.get(createHash("sha256").update(key, "utf8").digest("hex")) ?? null;
  }
}

/** The key a request presents: `X-API-Key: <key>` or `Authorization: Bearer <key>`. */
export function presentedApiKey(headers: Readonly<Record<string, string | string[] | undefined>>): string | null {
  const header = headers["x-api-key"];
  if (typeof header === "string" && header.trim() !== "") return header.trim();
  const auth = headers.authorization;
  if (typeof auth === "string") {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m?.[1]) return m[1];
  }
  return null;
}
