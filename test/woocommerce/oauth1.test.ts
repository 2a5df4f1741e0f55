import { describe, expect, it } from "vitest";
import { oauthBaseString, oauthSignature, rfc3986, signOAuthUrl } from "../../src/woocommerce/oauth1.js";
import { loadRecorded } from "./helpers/recorded.js";

describe("OAuth 1.0a signing", () => {
  it("reproduces the signature WooCommerce 11 accepted in the recording", () => {
    const rec = loadRecorded("oauth1_get_orders_ok");
    const query = rec.request.query;
    const base = oauthBaseString("GET", `http://127.0.0.1:8089${rec.request.path}`, Object.entries(query));
    expect(oauthSignature(base, "cs_test", "HMAC-SHA256")).toBe(query.oauth_signature);
    expect(oauthSignature(base, "cs_wrong", "HMAC-SHA256")).not.toBe(query.oauth_signature);
  });

  it("encodes as PHP rawurlencode does", () => {
    expect(rfc3986("a b~c!*'()")).toBe("a%20b~c%21%2A%27%28%29");
    expect(rfc3986("Zoë")).toBe("Zo%C3%AB");
  });

  it("signs a URL so that a server recomputing the base string agrees, with a fresh nonce each time", () => {
    const url = new URL("http://127.0.0.1:8089/wp-json/wc/v3/orders?status=processing,completed&search=a b");
    const one = signOAuthUrl({ method: "get", url, consumerKey: "ck_test", consumerSecret: "cs_test" });
    const two = signOAuthUrl({ method: "get", url, consumerKey: "ck_test", consumerSecret: "cs_test" });
    expect(one.searchParams.get("oauth_nonce")).not.toBe(two.searchParams.get("oauth_nonce"));
    for (const signed of [one, two]) {
      const params = [...signed.searchParams.entries()];
      const base = oauthBaseString("GET", `${signed.origin}${signed.pathname}`, params);
      expect(oauthSignature(base, "cs_test", "HMAC-SHA256")).toBe(signed.searchParams.get("oauth_signature"));
      expect(signed.searchParams.get("oauth_signature_method")).toBe("HMAC-SHA256");
    }
  });

  it("signs the given base URL (plain permalinks sign the home URL without the trailing slash)", () => {
    const url = new URL("http://127.0.0.1:8089/?rest_route=%2Fwc%2Fv3%2Forders");
    const signed = signOAuthUrl({
      method: "GET",
      url,
      baseUrl: "http://127.0.0.1:8089",
      consumerKey: "ck",
      consumerSecret: "cs",
    });
    const params = [...signed.searchParams.entries()];
    const expected = oauthSignature(oauthBaseString("GET", "http://127.0.0.1:8089", params), "cs", "HMAC-SHA256");
    const withSlash = oauthSignature(oauthBaseString("GET", "http://127.0.0.1:8089/", params), "cs", "HMAC-SHA256");
    expect(signed.searchParams.get("oauth_signature")).toBe(expected);
    expect(expected).not.toBe(withSlash);
  });

  it("re-signing an already signed URL replaces the old signature instead of signing it", () => {
    const url = new URL("http://127.0.0.1:8089/wp-json/wc/v3/orders?per_page=1");
    const first = signOAuthUrl({
      method: "GET",
      url,
      consumerKey: "ck",
      consumerSecret: "cs",
      nonce: "n1",
      timestamp: 1,
    });
    const again = signOAuthUrl({
      method: "GET",
      url: first,
      consumerKey: "ck",
      consumerSecret: "cs",
      nonce: "n1",
      timestamp: 1,
    });
    expect(again.searchParams.getAll("oauth_signature")).toEqual([first.searchParams.get("oauth_signature")]);
  });
});
