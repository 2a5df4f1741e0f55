import type { DocumentPlan } from "../../counterpoint/documents/document-plan.js";
import type { SaleItem, TaxAuthorityRate } from "../../counterpoint/documents/sale-item.js";
import { readSaleItems } from "../../counterpoint/documents/read-sale-items.js";
import { readTaxAuthorities } from "../../counterpoint/documents/read-tax-authorities.js";
import { getCustomer } from "../../counterpoint/customers/customer-queries.js";
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
  private constructor(readonly customers: CustomerRun) {}

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
    const customer = await getCustomer(ports.cp, custNo);
    taxCode = customer?.TAX_COD ?? null;
    if (customer !== undefined) warnings.push(`tax code from customer ${custNo} (${choice.reason})`);
  }

  const lines = Array.isArray(order.line_items) ? order.line_items : [];
  const skus = [...new Set(lines.map((l) => (typeof l.sku === "string" ? l.sku : "")).filter((s) => s !== ""))];
  const freightNo = settings.orders.shipping.as === "item" ? settings.orders.shipping.itemNo : null;
  const candidates = [...new Set(skus.flatMap((s) => skuCandidates(s, settings)))];
  const items = await readSaleItems(ports.cp, freightNo === null ? candidates : [...candidates, freightNo]);
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
