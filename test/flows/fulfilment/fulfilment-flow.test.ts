import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { syncFulfilment } from "../../../src/flows/fulfilment/sync-fulfilment.js";
import { FULFILMENT_META, TRACKING_META } from "../../../src/flows/fulfilment/web-update.js";
import { addTrackingNumbers, postDocument, releaseDocumentLines } from "../../../src/sandbox/replica/ship-document.js";
import { findOrderFulfilment } from "../../../src/store/index.js";
import type { Order } from "../../../src/woocommerce/index.js";
import { testEngines } from "../../helpers/databases.js";
import { type FulfilmentHarness, startFulfilmentHarness } from "./fulfilment-harness.js";

const shipNotes = (notes: readonly string[]) => notes.filter((n) => /shipped from Counterpoint/i.test(n));
const meta = (order: Order, key: string) => order.meta_data.find((m) => m.key === key)?.value;

describe.each(testEngines)("fulfilment on %s", (engine) => {
  let h: FulfilmentHarness;
  beforeEach(async () => {
    h = await startFulfilmentHarness(engine, {
      carriers: {
        UPS: { provider: "ups" },
        LOCAL: { name: "Pelican Couriers", link: "https://pc.example/t/{tracking}" },
      },
    });
  });
  afterEach(async () => {
    await h.dispose();
  });

  it("completes a shipped order once, with a tracking note and Shipment Tracking meta; then never asks again", async () => {
    const [shipped, waiting] = await h.acknowledged([
      [
        { sku: "PBO-BTL-32", quantity: 2 },
        { sku: "PBO-TOTE", quantity: 1 },
      ],
      [{ sku: "PBO-TOTE", quantity: 1 }],
    ]);
    if (shipped === undefined || waiting === undefined) throw new Error("orders missing");
    await releaseDocumentLines(h.cp, shipped.docId, { shipDate: new Date(2026, 0, 5) });
    await addTrackingNumbers(h.cp, shipped.docId, ["1Z999AA10123456784", "1Z999AA10123456785"], "UPS");

    const first = await syncFulfilment(h.fulfilment);
    expect(first).toMatchObject({ checked: 2, completed: 1, partial: 0, unchanged: 1, failed: [], notesAdded: 1 });
    // One read of the orders, one note, one batch.
    expect(h.requests).toEqual(["GET /orders", `POST /orders/${shipped.id}/notes`, "POST /orders/batch"]);

    const web = await h.web(shipped.id);
    expect(web.order.status).toBe("completed");
    expect(shipNotes(web.notes)).toEqual([
      `Shipped from Counterpoint (${shipped.tktNo}) on 2026-01-05. Carrier: UPS. Tracking: 1Z999AA10123456784, 1Z999AA10123456785.`,
    ]);
    const items = meta(web.order, TRACKING_META) as Array<Record<string, unknown>>;
    expect(items.map((i) => [i.tracking_provider, i.tracking_number, i.custom_tracking_provider])).toEqual([
      ["ups", "1Z999AA10123456784", ""],
      ["ups", "1Z999AA10123456785", ""],
    ]);
    expect(items[0]?.date_shipped).toBe(Date.UTC(2026, 0, 5) / 1000);
    expect(items[0]?.tracking_id).toMatch(/^[0-9a-f]{32}$/);
    expect((await h.web(waiting.id)).order.status).toBe("processing");
    expect((await findOrderFulfilment(h.ports.state.db, h.ports.storeId, shipped.id))?.completedAt).not.toBeNull();

    h.requests.length = 0;
    const second = await syncFulfilment(h.fulfilment);
    // The completed order is no longer a candidate; the unshipped one costs no Woo request.
    expect(second).toMatchObject({ checked: 1, completed: 0, unchanged: 1, wooRequests: 0 });
    expect(h.requests).toEqual([]);
    expect(shipNotes((await h.web(shipped.id)).notes)).toHaveLength(1);
  });

  it("notes a partial shipment once per change and keeps the order open until every line is released", async () => {
    const [o] = await h.acknowledged([
      [
        { sku: "PBO-BTL-32", quantity: 3 },
        { sku: "PBO-TOTE", quantity: 1 },
      ],
    ]);
    if (o === undefined) throw new Error("order missing");
    await releaseDocumentLines(h.cp, o.docId, { lines: [{ seq: 1, qty: 2 }] });
    await addTrackingNumbers(h.cp, o.docId, ["PC-1001"], "LOCAL");

    expect(await syncFulfilment(h.fulfilment)).toMatchObject({ partial: 1, completed: 0 });
    let web = await h.web(o.id);
    expect(web.order.status).toBe("processing");
    expect(shipNotes(web.notes)).toEqual([
      `Partly shipped from Counterpoint (${o.tktNo}): 2 of 3 PBO-BTL-32. The rest is still open. Carrier: Pelican Couriers. Tracking: PC-1001.`,
    ]);
    const items = meta(web.order, TRACKING_META) as Array<Record<string, unknown>>;
    expect(items).toMatchObject([
      {
        tracking_provider: "",
        custom_tracking_provider: "Pelican Couriers",
        custom_tracking_link: "https://pc.example/t/PC-1001",
        tracking_number: "PC-1001",
      },
    ]);

    h.requests.length = 0;
    expect(await syncFulfilment(h.fulfilment)).toMatchObject({ checked: 1, unchanged: 1, partial: 0 });
    expect(h.requests).toEqual([]);

    await releaseDocumentLines(h.cp, o.docId);
    await addTrackingNumbers(h.cp, o.docId, ["PC-1002"], "LOCAL");
    expect(await syncFulfilment(h.fulfilment)).toMatchObject({ completed: 1 });
    web = await h.web(o.id);
    expect(web.order.status).toBe("completed");
    expect(shipNotes(web.notes)).toHaveLength(2);
    expect(
      (meta(web.order, TRACKING_META) as Array<{ tracking_number: string }>).map((i) => i.tracking_number),
    ).toEqual(["PC-1001", "PC-1002"]);
  });

  it("finds posted documents in ticket history by DOC_ID, and orders released to a ticket by its number", async () => {
    const [posted, released] = await h.acknowledged([
      [{ sku: "PBO-TOTE", quantity: 1 }],
      [{ sku: "PBO-BTL-32", quantity: 1 }],
    ]);
    if (posted === undefined || released === undefined) throw new Error("orders missing");
    await postDocument(h.cp, posted.docId, { busDate: new Date(2026, 1, 2) });
    await postDocument(h.cp, released.docId, { busDate: new Date(2026, 1, 3), asReleaseTicket: true });

    expect(await syncFulfilment(h.fulfilment)).toMatchObject({ completed: 2, missing: 0 });
    const a = await h.web(posted.id);
    expect(a.order.status).toBe("completed");
    expect(shipNotes(a.notes)).toEqual([`Shipped from Counterpoint (${posted.tktNo}) on 2026-02-02.`]);
    const b = await h.web(released.id);
    expect(b.order.status).toBe("completed");
    expect(shipNotes(b.notes)).toEqual([
      `Shipped from Counterpoint (${released.tktNo}, posted as ${released.tktNo}-01) on 2026-02-03.`,
    ]);
  });

  it.each(["note-added", "web-updated", "pending-marked"] as const)(
    "a run that dies after step %s leaves no double note behind",
    async (step) => {
      const [o] = await h.acknowledged([[{ sku: "PBO-TOTE", quantity: 1 }]]);
      if (o === undefined) throw new Error("order missing");
      await releaseDocumentLines(h.cp, o.docId);
      await addTrackingNumbers(h.cp, o.docId, ["1Z999AA10123456799"], "UPS");

      const crash = new Error(`killed at ${step}`);
      await expect(
        syncFulfilment({
          ...h.fulfilment,
          onStep: (s) => {
            if (s === step) throw crash;
          },
        }),
      ).rejects.toBe(crash);
      const pending = await findOrderFulfilment(h.ports.state.db, h.ports.storeId, o.id);
      expect(pending?.pendingKey).not.toBeNull();
      expect(pending?.completedAt ?? null).toBeNull();

      h.requests.length = 0;
      expect(await syncFulfilment(h.fulfilment)).toMatchObject({ completed: 1, failed: [] });
      if (step === "web-updated") expect(h.requests).toEqual(["GET /orders"]);
      const web = await h.web(o.id);
      expect(web.order.status).toBe("completed");
      expect(shipNotes(web.notes)).toHaveLength(1);
      expect(meta(web.order, FULFILMENT_META)).toBeTypeOf("string");
      expect(await syncFulfilment(h.fulfilment)).toMatchObject({ checked: 0 });
    },
  );
});
