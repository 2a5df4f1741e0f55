import { describe, expect, it } from "vitest";
import { checkWebhook, webhookSignature } from "../../src/woocommerce/webhook-signature.js";
import { loadRecorded, recordedNames } from "./helpers/recorded.js";

const deliveries = recordedNames()
  .map(loadRecorded)
  .filter((r) => r.kind === "webhook_delivery");

describe("webhook signature check on every recorded delivery", () => {
  it("the recording has the four deliveries", () => {
    expect(deliveries.map((d) => d.name).sort()).toEqual([
      "webhook_order_created",
      "webhook_order_updated",
      "webhook_ping",
      "webhook_product_updated",
    ]);
  });

  for (const delivery of deliveries) {
    const raw = Buffer.from(delivery.request.body as string, "utf8");
    const headers = delivery.request.headers;
    const secret = delivery.secret ?? "whsec_test";

    if (delivery.name === "webhook_ping") {
      it("webhook_ping: the unsigned form-encoded ping is recognised, not rejected", () => {
        expect(headers["x-wc-webhook-signature"]).toBeUndefined();
        expect(checkWebhook(raw, headers, secret)).toEqual({ kind: "ping", webhookId: 1 });
      });
      it("webhook_ping: the same body sent as JSON is not taken for a ping", () => {
        expect(checkWebhook(raw, { ...headers, "content-type": "application/json" }, secret)).toEqual({
          kind: "rejected",
          reason: "missing-signature",
        });
      });
      continue;
    }

    it(`${delivery.name}: verifies with ${secret} over the raw body`, () => {
      expect(webhookSignature(raw, secret)).toBe(headers["x-wc-webhook-signature"]);
      expect(checkWebhook(raw, headers, secret)).toEqual({ kind: "signed" });
    });

    it(`${delivery.name}: header names are matched whatever their case`, () => {
      const shouting = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
      expect(checkWebhook(raw, shouting, secret)).toEqual({ kind: "signed" });
    });

    it(`${delivery.name}: a tampered body, a re-serialised body, a wrong secret or no signature are rejected`, () => {
      const tampered = Buffer.from((delivery.request.body as string).replace(/"id":\d+/, '"id":999'), "utf8");
      expect(tampered.equals(raw)).toBe(false);
      expect(checkWebhook(tampered, headers, secret)).toEqual({ kind: "rejected", reason: "bad-signature" });
      // WooCommerce escapes "/" and non-ASCII; JSON.stringify does not, so re-serialising breaks the HMAC.
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(delivery.request.body as string)), "utf8");
      expect(checkWebhook(reserialised, headers, secret)).toEqual({ kind: "rejected", reason: "bad-signature" });
      expect(checkWebhook(raw, headers, "whsec_other")).toEqual({ kind: "rejected", reason: "bad-signature" });
      const { "x-wc-webhook-signature": _dropped, ...unsigned } = headers;
      expect(checkWebhook(raw, unsigned, secret)).toEqual({ kind: "rejected", reason: "missing-signature" });
    });
  }
});
