import type { CustomersSettings, OrdersSettings, Settings } from "../../config/index.js";
import type { DocumentPlan } from "../../counterpoint/documents/document-plan.js";
import type { SaleItem, SkuLookup, TaxAuthorityRate } from "../../counterpoint/documents/sale-item.js";

/** The settings the order mapping reads (a full `Settings` fits). */
export interface OrderMappingSettings {
  orders: OrdersSettings;
  counterpoint: Pick<
    Settings["counterpoint"],
    "store" | "station" | "drawer" | "user" | "stockLocations" | "priceLocation"
  >;
  catalog: { skuSeparator: string };
  customers: { defaults: Pick<CustomersSettings["defaults"], "country">; cleaning: CustomersSettings["cleaning"] };
}

/** Everything the pure mapping needs besides the web order, read from Counterpoint and cpwoo's state beforehand. */
export interface OrderMappingContext {
  settings: OrderMappingSettings;
  /** The web store (`storeKeyOf`), part of the document's REF. */
  storeKey: string;
  custNo: string;
  /** `(DEFAULT)` for the customer's own address, else the AR_SHIP_ADRS id. */
  shipTo: { adrsId: string };
  taxCode: string | null;
  /** The authorities of `taxCode`, in AR_TAX_COD_AUTH order. */
  taxAuthorities: readonly TaxAuthorityRate[];
  /** Web SKU (as on the line) → its match (`matchSku`); null or absent: no match. */
  items: SkuLookup;
  /** The freight item when `orders.shipping.as` is `item`; else looked up in `items` by its ITEM_NO. */
  freightItem?: SaleItem | null;
  /** TKT_DT when the order's `date_created` is unusable. */
  now?: Date;
}

export type MappedOrder =
  | { kind: "mapped"; plan: DocumentPlan; warnings: string[] }
  | { kind: "invalid"; field: string; reason: string };
