import type { DocumentPlan } from "../../counterpoint/documents/document-plan.js";
import type { SaleItem, TaxAuthorityRate } from "../../counterpoint/documents/sale-item.js";
import { readSaleItems, type SaleItemWithCells } from "../../counterpoint/documents/read-sale-items.js";
import { readTaxAuthorities } from "../../counterpoint/documents/read-tax-authorities.js";
import type { Order } from "../../woocommerce/index.js";
import { CustomerRun, type CustomerPorts } from "../customers/import-web-customer.js";
import { resolveOrderCustomer } from "../customers/resolve-order-customer.js";
import { taxCodeForAddress } from "../shared/tax-code-for-address.js";
import { mapOrderToDocument } from "./map-order-to-document.js";
import { resolveSku, skuCandidates } from "./sku-match.js";
import { nowOf, type OrderPorts } from "./order-ports.js";

export type PreparedDocument =
  | { kind: "plan"; plan: DocumentPlan; warnings: string[]; custNo: string; customerVia: string }
  | { kind: "invalid"; field: string; reason: string };

/** What one batch of orders reads once: the customer run (tax codes, template, e-mails) and tax authorities. */
export class OrderBatchCache {
  private readonly authorities = new Map<string, Promise<TaxAuthorityRate[]>>();
  /** Items read for this batch, by ITEM_NO (null: not in IM_ITEM). */
  private readonly items = new Map<string, SaleItemWithCells | null>();
  private constructor(readonly customers: CustomerRun) {}

  /**
   * Reads, in one go, what a batch of orders needs: their shoppers' e-mails in AR_CUST, the id maps of their web
   * customers and the customers those point at, and the items their SKUs name.
   */
  async prefetch(ports: OrderPorts, orders: readonly Order[]): Promise<void> {
    const emails = orders.map((o) => o.billing?.email ?? "").filter((e) => typeof e === "string" && e !== "");
    if (ports.settings.orders.webCustNo === null) {
      await this.customers.prefetchEmails(emails);
      await this.customers.prefetchMaps(orders.map((o) => o.customer_id));
    }
    const skus = orders.flatMap((o) => (Array.isArray(o.line_items) ? o.line_items : []).map((l) => l.sku));
    const candidates = skus.flatMap((sku) =>
      typeof sku === "string" && sku !== "" ? skuCandidates(sku, ports.settings) : [],
    );
    await this.itemsFor(ports, candidates);
  }

  /** The items among `itemNos`, read from Counterpoint once per batch. */
  async itemsFor(ports: OrderPorts, itemNos: readonly string[]): Promise<Map<string, SaleItemWithCells>> {
    const unread = [...new Set(itemNos)].filter((n) => !this.items.has(n));
    if (unread.length > 0) {
      const found = await readSaleItems(ports.cp, unread);
      for (const n of unread) this.items.set(n, found.get(n) ?? null);
    }
    const out = new Map<string, SaleItemWithCells>();
    for (const n of itemNos) {
      const row = this.items.get(n);
      if (row) out.set(n, row);
    }
    return out;
  }

  static async open(ports: OrderPorts): Promise<OrderBatchCache> {
    return new OrderBatchCache(await CustomerRun.open(customerPortsOf(ports)));
  }

  taxAuthoritiesOf(ports: OrderPorts, taxCode: string): Promise<TaxAuthorityRate[]> {
    const found = this.authorities.get(taxCode);
    if (found !== undefined) return found;
    const reading = readTaxAuthorities(ports.cp, taxCode);
    this.authorities.set(taxCode, reading);
    return reading;
  }
}

export function customerPortsOf(ports: OrderPorts): CustomerPorts {
  return {
    cp: ports.cp,
    state: ports.state.db,
    settings: ports.settings,
    storeId: ports.storeId,
    now: () => nowOf(ports),
  };
}

function shipsElsewhere(order: Order): boolean {
  const s = order.shipping;
  return [s.address_1, s.city, s.postcode].some((v) => (v ?? "").trim() !== "");
}

/**
 * Everything between a web order and its document plan that needs Counterpoint: the customer (by mapping, e-mail or
 * created — resolved afresh on every attempt, guests too), the tax code of the ship-to address (the configured map,
 * else the customer's own code), the items its SKUs name, and the tax code's authorities. Then the pure mapping.
 * A dry run creates nothing (a customer that would be created shows as `(new)`).
 */
export async function prepareDocument(
  ports: OrderPorts,
  order: Order,
  cache: OrderBatchCache,
  options: { dryRun?: boolean } = {},
): Promise<PreparedDocument> {
  const settings = ports.settings;
  const warnings: string[] = [];
  let custNo: string;
  let customerVia: string;
  let shipAdrsId: string | null = null;
  if (settings.orders.webCustNo !== null) {
    custNo = settings.orders.webCustNo;
    customerVia = "orders.webCustNo";
  } else {
    const resolved = await resolveOrderCustomer(order, customerPortsOf(ports), cache.customers, {
      dryRun: options.dryRun ?? false,
    });
    if (resolved.kind === "invalid") return { kind: "invalid", field: resolved.field, reason: resolved.reason };
    custNo = resolved.custNo;
    customerVia = resolved.via;
    shipAdrsId = resolved.shipAdrsId;
  }

  const address = shipsElsewhere(order) ? order.shipping : order.billing;
  const choice = taxCodeForAddress(
    { country: address.country ?? "", state: address.state ?? "", zip: address.postcode ?? "" },
    settings.customers.taxCodes,
    cache.customers.taxCodes,
  );
  let taxCode = choice.code;
  if (choice.code === null) {
    const customer = await cache.customers.customer(custNo);
    taxCode = customer?.TAX_COD ?? null;
    if (customer !== undefined) warnings.push(`tax code from customer ${custNo} (${choice.reason})`);
  }

  const lines = Array.isArray(order.line_items) ? order.line_items : [];
  const skus = [...new Set(lines.map((l) => (typeof l.sku === "string" ? l.sku : "")).filter((s) => s !== ""))];
  const freightNo = settings.orders.shipping.as === "item" ? settings.orders.shipping.itemNo : null;
  const candidates = [...new Set(skus.flatMap((s) => skuCandidates(s, settings)))];
  const items = await cache.itemsFor(ports, freightNo === null ? candidates : [...candidates, freightNo]);
  const matched = new Map<string, SaleItem | null>();
  for (const sku of skus) {
    const match = resolveSku(sku, items, settings);
    matched.set(sku, match.item);
    if (match.item === null) {
      const index = lines.findIndex((l) => l.sku === sku);
      return { kind: "invalid", field: `line_items[${index}].sku`, reason: match.reason };
    }
  }
  const freight = freightNo === null ? undefined : items.get(freightNo);

  const taxAuthorities = taxCode === null ? [] : await cache.taxAuthoritiesOf(ports, taxCode);
  const mapped = mapOrderToDocument(order, {
    settings,
    storeKey: ports.storeId,
    custNo,
    shipTo: { adrsId: shipAdrsId ?? "(DEFAULT)" },
    taxCode,
    taxAuthorities,
    items: matched,
    ...(freight === undefined ? {} : { freightItem: { ...freight.item, cell: null } }),
  });
  if (mapped.kind === "invalid") return mapped;
  return { kind: "plan", plan: mapped.plan, warnings: [...warnings, ...mapped.warnings], custNo, customerVia };
}
