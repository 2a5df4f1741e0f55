/**
 * The fake WooCommerce's own state, one record type per WooCommerce object. Records hold what WooCommerce stores
 * (raw descriptions, unformatted amounts as decimal text, dates as UTC epoch seconds); everything WooCommerce derives
 * on output (price_html, permalinks, `price` of a line, local dates, _links) is computed by the renderers.
 * Records are plain JSON-able objects: the persistence file is a list of them.
 */

export interface MetaEntry {
  id: number;
  key: string;
  value: unknown;
}

export interface ItemMeta extends MetaEntry {
  /** Only set when WooCommerce shows something other than the key/value (variation attributes: "Size" / "M"). */
  displayKey?: string;
  displayValue?: string;
}

export interface Dimensions {
  length: string;
  width: string;
  height: string;
}

/** A global (taxonomy, `pa_*`) or local attribute on a variable or simple product. */
export interface ProductAttribute {
  id: number;
  name: string;
  slug: string;
  position: number;
  visible: boolean;
  variation: boolean;
  options: string[];
}

/** The attribute value that identifies a variation (`option` is the term name, e.g. "M"). */
export interface VariationAttribute {
  id: number;
  name: string;
  slug: string;
  option: string;
}

export interface ProductRecord {
  id: number;
  /** `simple`, `variable`, `grouped`, `external` or `variation`. */
  type: string;
  parentId: number;
  name: string;
  slug: string;
  status: string;
  featured: boolean;
  catalogVisibility: string;
  description: string;
  shortDescription: string;
  sku: string;
  globalUniqueId: string;
  regularPrice: string;
  salePrice: string;
  dateOnSaleFrom: number | null;
  dateOnSaleTo: number | null;
  totalSales: number;
  virtual: boolean;
  downloadable: boolean;
  downloads: unknown[];
  downloadLimit: number;
  downloadExpiry: number;
  externalUrl: string;
  buttonText: string;
  taxStatus: string;
  taxClass: string;
  manageStock: boolean | "parent";
  stockQuantity: number | null;
  stockStatus: string;
  backorders: string;
  lowStockAmount: number | null;
  soldIndividually: boolean;
  weight: string;
  dimensions: Dimensions;
  shippingClass: string;
  shippingClassId: number;
  reviewsAllowed: boolean;
  averageRating: string;
  ratingCount: number;
  upsellIds: number[];
  crossSellIds: number[];
  purchaseNote: string;
  categoryIds: number[];
  brands: unknown[];
  tags: unknown[];
  images: unknown[];
  attributes: ProductAttribute[];
  variationAttributes: VariationAttribute[];
  defaultAttributes: unknown[];
  groupedProducts: number[];
  menuOrder: number;
  metaData: MetaEntry[];
  postPassword: string;
  /** Variations carry one image (or null) instead of `images`. */
  image: unknown;
  galleryImageIds: number[];
  dateCreated: number;
  dateModified: number;
}

export interface Address {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email?: string;
  phone: string;
}

export interface TaxAmount {
  id: number;
  total: string;
  /** `null` renders as "" (shipping and fee taxes have no subtotal). */
  subtotal: string | null;
}

export interface LineItem {
  id: number;
  name: string;
  productId: number;
  variationId: number;
  quantity: number;
  taxClass: string;
  subtotal: string;
  subtotalTax: string;
  total: string;
  totalTax: string;
  taxes: TaxAmount[];
  meta: ItemMeta[];
  /** The SKU recorded when the product no longer exists (WooCommerce shows the product's current SKU otherwise). */
  sku: string;
}

export interface TaxLine {
  id: number;
  rateId: number;
  rateCode: string;
  label: string;
  compound: boolean;
  taxTotal: string;
  shippingTaxTotal: string;
  ratePercent: number;
  meta: ItemMeta[];
}

export interface ShippingLine {
  id: number;
  methodTitle: string;
  methodId: string;
  instanceId: string;
  total: string;
  totalTax: string;
  taxes: TaxAmount[];
  taxStatus: string;
  meta: ItemMeta[];
}

export interface FeeLine {
  id: number;
  name: string;
  taxClass: string;
  taxStatus: string;
  amount: string;
  total: string;
  totalTax: string;
  taxes: TaxAmount[];
  meta: ItemMeta[];
}

export interface CouponLine {
  id: number;
  code: string;
  /** Not padded on output (WooCommerce shows "15", "0.9"). */
  discount: string;
  discountTax: string;
  discountType: string;
  nominalAmount: number;
  freeShipping: boolean;
  meta: ItemMeta[];
}

export interface OrderRecord {
  id: number;
  parentId: number;
  status: string;
  /** The status before the order was trashed (restored on untrash; shown by the DELETE response). */
  statusBeforeTrash: string | null;
  currency: string;
  version: string;
  pricesIncludeTax: boolean;
  dateCreated: number;
  dateModified: number;
  datePaid: number | null;
  dateCompleted: number | null;
  discountTotal: string;
  discountTax: string;
  shippingTotal: string;
  shippingTax: string;
  cartTax: string;
  total: string;
  totalTax: string;
  customerId: number;
  orderKey: string;
  billing: Address;
  shipping: Address;
  paymentMethod: string;
  paymentMethodTitle: string;
  transactionId: string;
  customerIpAddress: string;
  customerUserAgent: string;
  createdVia: string;
  customerNote: string;
  cartHash: string;
  metaData: MetaEntry[];
  lineItems: LineItem[];
  taxLines: TaxLine[];
  shippingLines: ShippingLine[];
  feeLines: FeeLine[];
  couponLines: CouponLine[];
  /** WooCommerce's `_order_stock_reduced` flag: stock is reduced once, restored on cancel. */
  stockReduced: boolean;
  /** WooCommerce's `_recorded_sales` flag: total_sales counted once. */
  salesRecorded: boolean;
}

export interface RefundRecord {
  id: number;
  orderId: number;
  dateCreated: number;
  amount: string;
  reason: string;
  refundedBy: number;
  refundedPayment: boolean;
  metaData: MetaEntry[];
  lineItems: LineItem[];
  shippingLines: ShippingLine[];
  taxLines: TaxLine[];
  feeLines: FeeLine[];
  /** The refund's tax (positive); the order's `refunds[].total_tax` shows it negative. */
  totalTax: string;
}

export interface NoteRecord {
  id: number;
  orderId: number;
  author: string;
  dateCreated: number;
  note: string;
  customerNote: boolean;
}

export interface CustomerRecord {
  id: number;
  dateCreated: number;
  dateModified: number;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  username: string;
  /** WordPress display name: the login at creation; `orderby=name` sorts on it. */
  displayName: string;
  billing: Address;
  shipping: Address;
  isPayingCustomer: boolean;
  metaData: MetaEntry[];
}

export interface CategoryRecord {
  id: number;
  name: string;
  slug: string;
  parent: number;
  description: string;
  display: string;
  image: unknown;
  menuOrder: number;
}

export interface CouponRecord {
  id: number;
  /** Stored lower case, as WooCommerce does. */
  code: string;
  discountType: string;
  amount: string;
  freeShipping: boolean;
}

/** One row of WooCommerce's tax rate table: data, not code (the recorded store's rates are the default). */
export interface TaxRateRecord {
  id: number;
  country: string;
  state: string;
  /** Empty = every postcode. Entries may end in `*` (prefix) or be ranges `32080...32095`. */
  postcodes: string[];
  cities: string[];
  /** Percent as WooCommerce stores it, e.g. "6.0000". */
  rate: string;
  name: string;
  priority: number;
  compound: boolean;
  shipping: boolean;
  order: number;
  taxClass: string;
}

export interface WebhookRecord {
  id: number;
  name: string;
  status: string;
  topic: string;
  deliveryUrl: string;
  secret: string;
  apiVersion: string;
  dateCreated: number;
  dateModified: number | null;
  failureCount: number;
}

/** The API key owner and other WordPress users are customers with another role. */
export interface ApiKeyRecord {
  consumerKey: string;
  consumerSecret: string;
  userId: number;
  permissions: "read" | "write" | "read_write";
}
