import { createHmac, timingSafeEqual } from "node:crypto";

/** WooCommerce's delivery signature: base64 HMAC-SHA256 of the raw body bytes, keyed by the webhook secret. */
export function webhookSignature(rawBody: Buffer | string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

export type WebhookCheck =
  | { kind: "ping"; webhookId: number }
  | { kind: "signed" }
  | { kind: "rejected"; reason: "missing-signature" | "bad-signature" };

/**
 * Checks a delivery over its raw bytes, before any parsing. The creation ping is unsigned and form-encoded
 * (`webhook_id=N`, no `X-WC-*` headers): it is recognised, not rejected.
 */
export function checkWebhook(
  rawBody: Buffer,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  secret: string,
): WebhookCheck {
  // Node lower-cases header names; other callers may not, so look them up case-insensitively.
  const header = (name: string) => {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    const v = key === undefined ? undefined : headers[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const signature = header("x-wc-webhook-signature");
  if (signature === undefined || signature === "") {
    const contentType = header("content-type") ?? "";
    const ping = /^webhook_id=(\d+)$/.exec(rawBody.toString("latin1").trim());
    if (contentType.startsWith("application/x-www-form-urlencoded") && ping?.[1] !== undefined) {
      return { kind: "ping", webhookId: Number(ping[1]) };
    }
    return { kind: "rejected", reason: "missing-signature" };
  }
  const expected = Buffer.from(webhookSignature(rawBody, secret), "utf8");
  const given = Buffer.from(signature, "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { kind: "rejected", reason: "bad-signature" };
  }
  return { kind: "signed" };
}
