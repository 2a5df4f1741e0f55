import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
}

/**
 * A throw-away self-signed certificate for 127.0.0.1/localhost, made with the `openssl` command line in a temporary
 * directory (deleted again). Clients must accept it explicitly (`--insecure`, `rejectUnauthorized: false`).
 */
export function selfSignedCertificate(hosts: readonly string[] = ["127.0.0.1", "localhost"]): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), "cpwoo-woo-tls-"));
  try {
    const san = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(",");
    const keyFile = join(dir, "key.pem");
    const certFile = join(dir, "cert.pem");
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-sha256",
          "-days",
          "30",
          "-subj",
          "/CN=cpwoo WooCommerce sandbox",
          "-addext",
          `subjectAltName=${san}`,
          "-keyout",
          keyFile,
          "-out",
          certFile,
        ],
        { stdio: "pipe" },
      );
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new Error(
        `could not make a self-signed certificate with openssl (${reason.split("\n")[0]}); ` +
          "install openssl or pass --tls-cert FILE --tls-key FILE",
      );
    }
    return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
