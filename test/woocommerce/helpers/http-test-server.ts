import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Agent } from "undici";

export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Handler = (req: ReceivedRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface TestServer {
  /** `http://127.0.0.1:<port>` or `https://…`. */
  url: string;
  requests: ReceivedRequest[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));

/**
 * A self-signed certificate for 127.0.0.1, made for these tests only (it protects nothing). The client trusts it
 * through an undici Agent with `ca`, so Basic auth is tested over real TLS.
 */
export const testTls = {
  cert: readFileSync(`${fixtures}test-tls-cert.pem`, "utf8"),
  key: readFileSync(`${fixtures}test-tls-key.pem`, "utf8"),
};

export function trustingAgent(): Agent {
  return new Agent({ connect: { ca: testTls.cert } });
}

/** A real HTTP(S) server on 127.0.0.1 and a free port; every request is recorded, then handed to `handler`. */
export async function startTestServer(handler: Handler, options: { https?: boolean } = {}): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const listener = (raw: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on("finish", finish);
    res.on("close", finish);
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const req: ReceivedRequest = {
        method: raw.method ?? "GET",
        url: new URL(raw.url ?? "/", "http://127.0.0.1"),
        headers: raw.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(req);
      Promise.resolve(handler(req, res, raw)).catch((err: unknown) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  };
  const server: Server = options.https ? createHttpsServer(testTls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.https ? "https" : "http"}://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
  res.end(JSON.stringify(body));
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = "text/html; charset=UTF-8",
): void {
  res.writeHead(status, { "content-type": contentType });
  res.end(body);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
