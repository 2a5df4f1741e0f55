import type { ArgSchema, ArgSpec } from "./arg-validation.js";

/**
 * The argument schemas of the routes the fake server answers, taken from WooCommerce 11.0.1's own route index and
 * OPTIONS output (`../shared/woocommerce/schemas/opt_*.json`): types, enums, defaults and bounds. Only what the
 * server checks is listed; WordPress ignores parameters a route does not declare.
 */

const str: ArgSchema = { type: "string" };
const int: ArgSchema = { type: "integer" };
const bool: ArgSchema = { type: "boolean" };
const intList: ArgSchema = { type: "array", items: { type: "integer" }, default: [] };
const strList: ArgSchema = { type: "array", items: { type: "string" }, default: [] };
const date: ArgSchema = { type: "string", format: "date-time" };
const money: ArgSchema = { type: "string" };
const anyJson: ArgSchema = {};
const metaData: ArgSchema = {
  type: "array",
  items: { type: "object", properties: { key: str, value: anyJson } },
};
const context: ArgSchema = { type: "string", enum: ["view", "edit"], default: "view" };

const paging = {
  context,
  page: { type: "integer", default: 1, minimum: 1 },
  per_page: { type: "integer", default: 10, minimum: 1, maximum: 100 },
  search: str,
  offset: int,
  include: intList,
  exclude: intList,
} satisfies ArgSpec;

const dateFilters = {
  after: date,
  before: date,
  modified_after: date,
  modified_before: date,
  dates_are_gmt: { type: "boolean", default: false },
} satisfies ArgSpec;

export const ORDER_STATUSES = [
  "pending",
  "processing",
  "on-hold",
  "completed",
  "cancelled",
  "refunded",
  "failed",
  "checkout-draft",
] as const;

export const ORDER_LIST_ARGS: ArgSpec = {
  ...paging,
  ...dateFilters,
  order: { type: "string", enum: ["asc", "desc"], default: "desc" },
  orderby: { type: "string", enum: ["date", "id", "include", "title", "slug", "modified"], default: "date" },
  parent: intList,
  parent_exclude: intList,
  status: {
    type: "array",
    items: { type: "string", enum: ["any", "trash", "auto-draft", ...ORDER_STATUSES] },
    default: ["any"],
  },
  customer: int,
  product: int,
  dp: { type: "integer", default: 2 },
  order_item_display_meta: { type: "boolean", default: false },
  include_meta: strList,
  exclude_meta: strList,
  created_via: { type: "array", items: str },
};

const address: ArgSchema = {
  type: "object",
  properties: {
    first_name: str,
    last_name: str,
    company: str,
    address_1: str,
    address_2: str,
    city: str,
    state: str,
    postcode: str,
    country: str,
    email: { type: "string", format: "email" },
    phone: str,
  },
};

export const ORDER_WRITE_ARGS: ArgSpec = {
  parent_id: int,
  created_via: str,
  status: { type: "string", enum: ["auto-draft", ...ORDER_STATUSES] },
  currency: str,
  customer_id: int,
  customer_note: str,
  billing: address,
  shipping: address,
  payment_method: str,
  payment_method_title: str,
  transaction_id: str,
  meta_data: metaData,
  line_items: {
    type: "array",
    items: {
      type: "object",
      properties: {
        id: int,
        variation_id: int,
        quantity: int,
        tax_class: str,
        subtotal: money,
        total: money,
        meta_data: metaData,
        sku: str,
      },
    },
  },
  shipping_lines: {
    type: "array",
    items: {
      type: "object",
      properties: { id: int, method_title: str, method_id: str, instance_id: str, total: money },
    },
  },
  fee_lines: {
    type: "array",
    items: {
      type: "object",
      properties: {
        id: int,
        name: str,
        tax_class: str,
        tax_status: { type: "string", enum: ["taxable", "none"] },
        total: money,
      },
    },
  },
  coupon_lines: { type: "array", items: { type: "object", properties: { id: int, code: str } } },
  set_paid: { type: "boolean", default: false },
  manual_update: { type: "boolean", default: false },
  dp: { type: "integer", default: 2 },
};

export const ORDER_READ_ARGS: ArgSpec = { context, dp: { type: "integer", default: 2 } };
export const FORCE_ARGS: ArgSpec = { force: { type: "boolean", default: false } };

export const NOTE_LIST_ARGS: ArgSpec = {
  context,
  type: { type: "string", enum: ["any", "customer", "internal"], default: "any" },
};
export const NOTE_CREATE_ARGS: ArgSpec = {
  note: { type: "string", required: true },
  customer_note: { type: "boolean", default: false },
  added_by_user: { type: "boolean", default: false },
};

export const REFUND_LIST_ARGS: ArgSpec = {
  ...paging,
  ...dateFilters,
  order: { type: "string", enum: ["asc", "desc"], default: "desc" },
  orderby: { type: "string", enum: ["date", "id", "include", "title", "slug", "modified"], default: "date" },
  parent: intList,
  parent_exclude: intList,
  dp: { type: "integer", default: 2 },
};

export const REFUND_CREATE_ARGS: ArgSpec = {
  amount: money,
  reason: str,
  refunded_by: int,
  meta_data: metaData,
  line_items: { type: "array", items: { type: "object", properties: { id: int, quantity: int } } },
  shipping_lines: { type: "array" },
  fee_lines: { type: "array" },
  api_refund: { type: "boolean", default: true },
  api_restock: { type: "boolean", default: true },
  dp: { type: "integer", default: 2 },
};

export const PRODUCT_LIST_ARGS: ArgSpec = {
  ...paging,
  ...dateFilters,
  order: { type: "string", enum: ["asc", "desc"], default: "desc" },
  orderby: {
    type: "string",
    enum: [
      "date",
      "id",
      "include",
      "title",
      "slug",
      "modified",
      "popularity",
      "rating",
      "post__in",
      "price",
      "sales",
      "menu_order",
      "random",
    ],
    default: "date",
  },
  parent: intList,
  parent_exclude: intList,
  slug: str,
  status: {
    type: "string",
    enum: ["any", "future", "trash", "draft", "pending", "private", "publish"],
    default: "any",
  },
  type: { type: "string", enum: ["simple", "grouped", "external", "variable"] },
  sku: str,
  featured: bool,
  category: str,
  tag: str,
  on_sale: bool,
  min_price: str,
  max_price: str,
  stock_status: { type: "string", enum: ["instock", "outofstock", "onbackorder"] },
  search_sku: str,
  search_name_or_sku: str,
  virtual: bool,
  downloadable: bool,
};

const productWriteCommon = {
  description: str,
  sku: str,
  global_unique_id: str,
  regular_price: money,
  sale_price: money,
  date_on_sale_from: { type: ["null", "string"] },
  date_on_sale_from_gmt: { type: ["null", "string"] },
  date_on_sale_to: { type: ["null", "string"] },
  date_on_sale_to_gmt: { type: ["null", "string"] },
  virtual: bool,
  downloadable: bool,
  downloads: { type: "array" },
  download_limit: int,
  download_expiry: int,
  tax_status: { type: "string", enum: ["taxable", "shipping", "none"] },
  tax_class: str,
  stock_quantity: int,
  stock_status: { type: "string", enum: ["instock", "outofstock", "onbackorder"] },
  backorders: { type: "string", enum: ["no", "notify", "yes"] },
  low_stock_amount: { type: ["integer", "null"] },
  weight: str,
  dimensions: { type: "object", properties: { length: str, width: str, height: str } },
  shipping_class: str,
  menu_order: int,
  meta_data: metaData,
} satisfies ArgSpec;

export const PRODUCT_WRITE_ARGS: ArgSpec = {
  ...productWriteCommon,
  name: str,
  slug: str,
  type: { type: "string", enum: ["simple", "grouped", "external", "variable"] },
  status: { type: "string", enum: ["draft", "pending", "private", "publish", "future", "auto-draft", "trash"] },
  featured: bool,
  catalog_visibility: { type: "string", enum: ["visible", "catalog", "search", "hidden"] },
  short_description: str,
  external_url: str,
  button_text: str,
  manage_stock: bool,
  sold_individually: bool,
  reviews_allowed: bool,
  post_password: str,
  upsell_ids: { type: "array", items: int },
  cross_sell_ids: { type: "array", items: int },
  parent_id: int,
  purchase_note: str,
  categories: { type: "array", items: { type: "object", properties: { id: int } } },
  tags: { type: "array" },
  images: { type: "array" },
  attributes: { type: "array" },
  default_attributes: { type: "array" },
};

export const VARIATION_LIST_ARGS: ArgSpec = {
  ...paging,
  ...dateFilters,
  order: { type: "string", enum: ["asc", "desc"], default: "desc" },
  orderby: {
    type: "string",
    enum: ["date", "id", "include", "title", "slug", "modified", "menu_order"],
    default: "date",
  },
  status: {
    type: "string",
    enum: ["any", "future", "trash", "draft", "pending", "private", "publish"],
    default: "any",
  },
  sku: str,
  stock_status: { type: "string", enum: ["instock", "outofstock", "onbackorder"] },
  on_sale: bool,
};

export const VARIATION_WRITE_ARGS: ArgSpec = {
  ...productWriteCommon,
  status: { type: "string", enum: ["draft", "pending", "private", "publish"] },
  manage_stock: { type: ["boolean", "string"] },
  image: { type: "object" },
  attributes: { type: "array" },
};

export const CUSTOMER_LIST_ARGS: ArgSpec = {
  ...paging,
  order: { type: "string", enum: ["asc", "desc"], default: "asc" },
  orderby: { type: "string", enum: ["id", "include", "name", "registered_date"], default: "name" },
  email: { type: "string", format: "email" },
  role: {
    type: "string",
    enum: ["all", "administrator", "editor", "author", "contributor", "subscriber", "customer", "shop_manager"],
    default: "customer",
  },
};

export const CUSTOMER_WRITE_ARGS: ArgSpec = {
  email: { type: "string", format: "email" },
  first_name: str,
  last_name: str,
  username: str,
  password: str,
  billing: address,
  shipping: address,
  meta_data: metaData,
};

export const CUSTOMER_CREATE_ARGS: ArgSpec = {
  ...CUSTOMER_WRITE_ARGS,
  email: { type: "string", format: "email", required: true },
};

export const CUSTOMER_DELETE_ARGS: ArgSpec = { force: { type: "boolean", default: false }, reassign: int };

export const CATEGORY_LIST_ARGS: ArgSpec = {
  ...paging,
  order: { type: "string", enum: ["asc", "desc"], default: "asc" },
  orderby: {
    type: "string",
    enum: ["id", "include", "name", "slug", "term_group", "description", "count"],
    default: "name",
  },
  hide_empty: { type: "boolean", default: false },
  parent: int,
  product: int,
  slug: { type: ["string", "array"] },
};

export const CATEGORY_WRITE_ARGS: ArgSpec = {
  name: str,
  slug: str,
  parent: int,
  description: str,
  display: { type: "string", enum: ["default", "products", "subcategories", "both"] },
  image: { type: ["object", "null"] },
  menu_order: int,
};

export const CATEGORY_CREATE_ARGS: ArgSpec = { ...CATEGORY_WRITE_ARGS, name: { type: "string", required: true } };

export const WEBHOOK_LIST_ARGS: ArgSpec = {
  ...paging,
  order: { type: "string", enum: ["asc", "desc"], default: "desc" },
  orderby: { type: "string", enum: ["date", "id", "title"], default: "date" },
  status: { type: "string", enum: ["all", "active", "paused", "disabled"], default: "all" },
};

export const WEBHOOK_WRITE_ARGS: ArgSpec = {
  name: str,
  status: { type: "string", enum: ["active", "paused", "disabled"] },
  topic: str,
  secret: str,
  delivery_url: { type: "string", format: "uri" },
};

export const WEBHOOK_CREATE_ARGS: ArgSpec = {
  ...WEBHOOK_WRITE_ARGS,
  topic: { type: "string", required: true },
  delivery_url: { type: "string", format: "uri", required: true },
};

export const BATCH_ARGS: ArgSpec = {
  create: { type: "array" },
  update: { type: "array" },
  delete: { type: "array" },
};

export const SINGLE_READ_ARGS: ArgSpec = { context };
