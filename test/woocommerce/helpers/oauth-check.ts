import { oauthBaseString, oauthSignature } from "../../../src/woocommerce/oauth1.js";
import type { ReceivedRequest } from "./http-test-server.js";

/**
 * Checks a request's OAuth 1.0a signature as WooCommerce does: the base URL is the store's home URL plus the path
 * with the home path removed (so `{home}/?rest_route=` signs as `{home}`), the parameters are the query's, the key is
 * `secret&`. Returns a reason when it fails.
 */
export function oauthProblem(
  req: ReceivedRequest,
  home: string,
  secret: string,
  seenNonces: Set<string>,
): string | null {
  const params = [...req.url.searchParams.entries()];
  const given = req.url.searchParams.get("oauth_signature");
  const nonce = req.url.searchParams.get("oauth_nonce");
  for (const p of [
    "oauth_consumer_key",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_signature",
    "oauth_signature_method",
  ]) {
    if (!req.url.searchParams.has(p)) return `missing ${p}`;
  }
  if (params.some(([k]) => k.includes("["))) return "array-style parameter";
  const timestamp = Number(req.url.searchParams.get("oauth_timestamp"));
  if (Math.abs(timestamp - Date.now() / 1000) > 900) return "timestamp out of the 15-minute window";
  if (nonce === null || seenNonces.has(nonce)) return "nonce reused";
  seenNonces.add(nonce);
  const path = req.url.pathname === "/" ? "" : req.url.pathname;
  const method = req.url.searchParams.get("oauth_signature_method") === "HMAC-SHA1" ? "HMAC-SHA1" : "HMAC-SHA256";
  const expected = oauthSignature(oauthBaseString(req.method, `${home}${path}`, params), secret, method);
  return expected === given ? null : "signature mismatch";
}
