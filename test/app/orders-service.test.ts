import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAppContext } from "../../src/app/app-context.js";
import { type OrderService, startOrderService } from "../../src/app/orders-service.js";
import { settingsSchema } from "../../src/config/settings.js";
import { buildServer, type CpwooServer } from "../../src/http/build-server.js";
import { createMetrics } from "../../src/ops/metrics.js";
import { findOrder } from "../../src/store/index.js";
import { storeKeyOf } from "../../src/flows/customers/store-key.js";
import { testEngines } from "../helpers/databases.js";
import { type OrdersHarness, startOrdersHarness } from "../flows/orders/orders-harness.js";

const SECRET = "test-webhook-secret";
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.each(testEngines)("orders service on %s", (engine) => {
  let h: OrdersHarness;
  let service: OrderService;
  let server: CpwooServer;
  let closeApp: () => Promise<void>;
  beforeEach(async () => {
    h = await startOrdersHarness(engine);
    const settings = settingsSchema.parse({
      woo: { url: h.sandbox.url, key: h.sandbox.consumerKey, secret: h.sandbox.consumerSecret, webhookSecret: SECRET },
      counterpoint: { db: h.cpUrl },
      state: { db: h.stateUrl },
      customers: { taxCodes: { byState: { FL: "FL-Broward" } } },
    });
    const app = createAppContext(settings);
    closeApp = () => app.close();
    // No poll timer: only the webhook can bring the order in.
    service = await startOrderService(app, { pollIntervalMs: 0 });
    server = await buildServer({ metrics: createMetrics(), modules: [service.webhookModule(quiet)] });
    const base = await server.listen({ host: "127.0.0.1", port: 0 });
    for (const topic of ["order.created", "order.updated"] as const) {
      await h.woo.webhooks.create({
        name: `cpwoo ${topic}`,
        topic,
        delivery_url: `${base}/webhooks/woocommerce`,
        secret: SECRET,
        status: "active",
      });
    }
  });
  afterEach(async () => {
    await service.close();
    await server.close();
    await closeApp();
    await h.dispose();
  });

  it("turns a webhook into a Counterpoint document within seconds, without a poll", async () => {
    const placed = await h.place({ lines: [{ sku: "PBO-TOTE", quantity: 2 }] });
    const key = { storeId: storeKeyOf(h.sandbox.url), wooOrderId: placed.id };
    let state = await findOrder(h.ports.state.db, key);
    for (let i = 0; i < 200 && state?.state !== "acknowledged"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      state = await findOrder(h.ports.state.db, key);
    }
    expect(state?.state).toBe("acknowledged");
    expect(state?.cpTktNo).toMatch(/^O101-/);
    const web = await h.woo.orders.get(placed.id);
    expect(web.meta_data.find((m) => m.key === "_cpwoo_doc_id")?.value).toBe(state?.cpDocId);
  });
});
