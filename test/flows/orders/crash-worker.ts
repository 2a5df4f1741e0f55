// A worker process for the crash tests: drains every due order, and SIGKILLs itself when the first order reaches
// CRASH_AT (a step name), so the test can restart it and check that nothing was doubled or lost.
import { settingsSchema } from "../../../src/config/settings.js";
import { connectCounterpoint } from "../../../src/counterpoint/connect.js";
import { drainOrders } from "../../../src/flows/orders/drain-orders.js";
import type { OrderStep } from "../../../src/flows/orders/order-ports.js";
import { openStateStore } from "../../../src/store/index.js";
import { WooClient } from "../../../src/woocommerce/index.js";

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};

const crashAt = process.env.CRASH_AT as OrderStep | undefined;
const cp = connectCounterpoint(env("CP_URL"));
const state = await openStateStore(env("STATE_URL"));
const woo = new WooClient({ url: env("WOO_URL"), key: env("WOO_KEY"), secret: env("WOO_SECRET") });
const settings = settingsSchema.parse(JSON.parse(env("SETTINGS")));
const worker = `crash-test:${process.pid}`;
let drained = 0;
for (;;) {
  const summary = await drainOrders(
    {
      woo,
      cp,
      state,
      settings,
      storeId: "test-store",
      onStep: (step) => {
        if (step === crashAt) process.kill(process.pid, "SIGKILL");
      },
    },
    { worker, leaseMs: Number(env("LEASE_MS")), limit: 10 },
  );
  if (summary.claimed === 0) break;
  drained += summary.claimed;
}
process.stdout.write(`${JSON.stringify({ drained })}\n`);
await woo.close();
await cp.destroy();
await state.close();
