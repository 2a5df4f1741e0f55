import { money } from "../../money/index.js";
import { activePrice, isOnSale, variableFacts } from "./product-facts.js";
import { applyProductInput, applyVariationInput, newProductRecord } from "./product-writes.js";
import type { CategoryRecord, ProductRecord } from "./records.js";
import { renderCategory } from "./render-others.js";
import { renderProduct, renderVariation } from "./render-product.js";
import type { RequestContext, RestResult, RouteDef } from "./rest-app.js";
import {
  BATCH_ARGS,
  CATEGORY_CREATE_ARGS,
  CATEGORY_LIST_ARGS,
  CATEGORY_WRITE_ARGS,
  FORCE_ARGS,
  PRODUCT_LIST_ARGS,
  PRODUCT_WRITE_ARGS,
  SINGLE_READ_ARGS,
  VARIATION_LIST_ARGS,
  VARIATION_WRITE_ARGS,
} from "./route-args.js";
import {
  argText,
  collectionResult,
  dateBounds,
  idParam,
  includeOrder,
  numberList,
  runBatch,
  type SortKey,
  sortBy,
  withinDates,
} from "./route-helpers.js";
import { slugify } from "./text-format.js";
import { WpError } from "./wp-error.js";
import { asInt, asText, has, type Input } from "./write-helpers.js";

/** `/products`, `/products/{id}/variations`, `/products/categories`. */

const ID = ":id(^\\d+)";
const PRODUCT_ID = ":product_id(^\\d+)";

const VARIATION_REFUSED =
  "To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.";

function productMissing(status: number): WpError {
  return new WpError("woocommerce_rest_product_invalid_id", "Invalid ID.", status);
}

/** A product that products routes may write: variations are refused with 404 (use the variations routes). */
function writableProduct(rc: RequestContext, id: number, missingStatus: number): ProductRecord {
  const p = rc.store.products.get(id);
  if (p === undefined) throw productMissing(missingStatus);
  if (p.type === "variation") throw new WpError("woocommerce_rest_invalid_product_id", VARIATION_REFUSED, 404);
  return p;
}

function opts(rc: RequestContext, creating: boolean) {
  return { store: rc.store, now: rc.now, timeZone: rc.site.timeZone, creating };
}

function createProduct(rc: RequestContext, input: Input): ProductRecord {
  const p = newProductRecord(rc.store.nextId("post"), rc.now, asText(input.type, "simple") || "simple");
  applyProductInput(p, input, opts(rc, true));
  rc.store.putProduct(p);
  rc.events.push({ resource: "product", event: "created", id: p.id });
  return p;
}

function updateProduct(rc: RequestContext, p: ProductRecord, input: Input): ProductRecord {
  const draft: ProductRecord = structuredClone(p);
  applyProductInput(draft, input, opts(rc, false));
  draft.dateModified = rc.now;
  Object.assign(p, draft);
  rc.store.putProduct(p);
  rc.events.push({ resource: "product", event: "updated", id: p.id });
  return p;
}

function deleteProduct(rc: RequestContext, p: ProductRecord, force: boolean): void {
  if (force) {
    if (p.type === "variable") for (const v of rc.store.variationsOf(p.id)) rc.store.deleteProduct(v.id);
    rc.store.deleteProduct(p.id);
    return;
  }
  if (p.status === "trash")
    throw new WpError("woocommerce_rest_already_trashed", "The product has already been deleted.", 410);
  p.status = "trash";
  p.dateModified = rc.now;
  rc.store.putProduct(p);
  rc.events.push({ resource: "product", event: "deleted", id: p.id });
}

// Listing --------------------------------------------------------------------------------------------------------

const sortedCache = new WeakMap<object, Map<string, number[]>>();

function productSortKey(rc: RequestContext, orderby: string, include: number[]): SortKey<ProductRecord> {
  switch (orderby) {
    case "id":
      return (p) => p.id;
    case "title":
      return (p) => p.name.toLowerCase();
    case "slug":
      return (p) => p.slug;
    case "modified":
      return (p) => p.dateModified;
    case "include":
    case "post__in":
      return includeOrder<ProductRecord>(include);
    case "price":
      return (p) => {
        const price = p.type === "variable" ? variableFacts(rc.store, p, rc.now).price : activePrice(p, rc.now);
        return price === "" ? 0 : money(price).toNumber();
      };
    case "popularity":
    case "sales":
      return (p) => p.totalSales;
    case "rating":
      return (p) => money(p.averageRating || "0").toNumber();
    case "menu_order":
      return (p) => p.menuOrder;
    default:
      return (p) => p.dateCreated;
  }
}

function inCategories(rc: RequestContext, p: ProductRecord, wanted: Set<number>): boolean {
  for (const id of p.categoryIds) {
    let current: CategoryRecord | undefined = rc.store.categories.get(id);
    const seen = new Set<number>();
    let cid = id;
    for (;;) {
      if (wanted.has(cid)) return true;
      if (current === undefined || current.parent === 0 || seen.has(current.parent)) break;
      seen.add(current.parent);
      cid = current.parent;
      current = rc.store.categories.get(cid);
    }
  }
  return false;
}

/** The ids matching a products query, sorted; cached per catalogue version because a bench pages 10,000 of them. */
function matchingProductIds(rc: RequestContext): number[] {
  const a = rc.args;
  const cacheable = a.on_sale === undefined && a.min_price === undefined && a.max_price === undefined;
  const key = JSON.stringify([
    rc.store.productsVersion,
    a.orderby,
    a.order,
    a.status,
    a.type,
    a.sku,
    a.include,
    a.exclude,
    a.parent,
    a.parent_exclude,
    a.slug,
    a.featured,
    a.category,
    a.stock_status,
    a.search,
    a.search_sku,
    a.search_name_or_sku,
    a.virtual,
    a.downloadable,
    a.after,
    a.before,
    a.modified_after,
    a.modified_before,
    a.dates_are_gmt,
  ]);
  let cache = sortedCache.get(rc.store);
  if (cache === undefined) {
    cache = new Map();
    sortedCache.set(rc.store, cache);
  }
  const hit = cacheable ? cache.get(key) : undefined;
  if (hit !== undefined) return hit;

  const include = numberList(a.include);
  const exclude = new Set(numberList(a.exclude));
  const parents = numberList(a.parent);
  const parentExclude = new Set(numberList(a.parent_exclude));
  const bounds = dateBounds(rc);
  const status = argText(rc, "status", "any");
  const categories =
    typeof a.category === "string" && a.category !== ""
      ? new Set(a.category.split(",").map((s) => Number(s.trim())))
      : null;
  let candidates: ProductRecord[];
  if (typeof a.sku === "string" && a.sku !== "") {
    candidates = [];
    for (const sku of a.sku.split(",")) {
      const p = rc.store.productBySku(sku.trim());
      if (p !== undefined && !candidates.includes(p)) candidates.push(p);
    }
  } else {
    candidates = [];
    for (const p of rc.store.products.values()) if (p.type !== "variation") candidates.push(p);
  }
  const search = typeof a.search === "string" && a.search !== "" ? a.search.toLowerCase() : null;
  const searchSku = typeof a.search_sku === "string" && a.search_sku !== "" ? a.search_sku.toLowerCase() : null;
  const nameOrSku =
    typeof a.search_name_or_sku === "string" && a.search_name_or_sku !== "" ? a.search_name_or_sku.toLowerCase() : null;
  const minPrice = typeof a.min_price === "string" && a.min_price !== "" ? money(a.min_price) : null;
  const maxPrice = typeof a.max_price === "string" && a.max_price !== "" ? money(a.max_price) : null;
  const matches = candidates.filter((p) => {
    if (status === "any" ? p.status === "trash" || p.status === "auto-draft" : p.status !== status) return false;
    if (a.type !== undefined && p.type !== a.type) return false;
    if (include.length > 0 && !include.includes(p.id)) return false;
    if (exclude.has(p.id)) return false;
    if (parents.length > 0 && !parents.includes(p.parentId)) return false;
    if (parentExclude.has(p.parentId)) return false;
    if (typeof a.slug === "string" && a.slug !== "" && !a.slug.split(",").includes(p.slug)) return false;
    if (a.featured !== undefined && p.featured !== a.featured) return false;
    if (a.virtual !== undefined && p.virtual !== a.virtual) return false;
    if (a.downloadable !== undefined && p.downloadable !== a.downloadable) return false;
    if (categories !== null && !inCategories(rc, p, categories)) return false;
    if (a.stock_status !== undefined && p.stockStatus !== a.stock_status) return false;
    if (search !== null && ![p.name, p.description, p.shortDescription].some((t) => t.toLowerCase().includes(search))) {
      return false;
    }
    if (searchSku !== null && !p.sku.toLowerCase().includes(searchSku)) return false;
    if (nameOrSku !== null && !p.name.toLowerCase().includes(nameOrSku) && !p.sku.toLowerCase().includes(nameOrSku)) {
      return false;
    }
    if (a.on_sale !== undefined) {
      const onSale = p.type === "variable" ? variableFacts(rc.store, p, rc.now).onSale : isOnSale(p, rc.now);
      if (onSale !== a.on_sale) return false;
    }
    if (minPrice !== null || maxPrice !== null) {
      const price = p.type === "variable" ? variableFacts(rc.store, p, rc.now).price : activePrice(p, rc.now);
      if (price === "") return false;
      if (minPrice !== null && money(price).lessThan(minPrice)) return false;
      if (maxPrice !== null && money(price).greaterThan(maxPrice)) return false;
    }
    return withinDates(bounds, p.dateCreated, p.dateModified);
  });
  const orderby = argText(rc, "orderby", "date");
  const direction = orderby === "include" || orderby === "post__in" ? "asc" : a.order === "asc" ? "asc" : "desc";
  if (orderby === "random") matches.sort(() => Math.random() - 0.5);
  else sortBy(matches, productSortKey(rc, orderby, include), direction);
  const ids = matches.map((p) => p.id);
  if (cacheable && orderby !== "random") {
    if (cache.size > 16) cache.clear();
    cache.set(key, ids);
  }
  return ids;
}

function listProducts(rc: RequestContext): RestResult {
  const env = rc.env(rc.args.context === "edit" ? "edit" : "view");
  const ids = matchingProductIds(rc);
  return collectionResult(rc, "/products", ids, (id) => renderProduct(rc.store.products.get(id) as ProductRecord, env));
}

// Variations -----------------------------------------------------------------------------------------------------

function parentOf(rc: RequestContext, missingStatus = 404): ProductRecord {
  const parent = rc.store.products.get(idParam(rc, "product_id"));
  if (parent === undefined || parent.type === "variation") throw productMissing(missingStatus);
  return parent;
}

function variationOf(rc: RequestContext, parent: ProductRecord, id: number, missingStatus: number): ProductRecord {
  const v = rc.store.products.get(id);
  if (v === undefined || v.type !== "variation" || v.parentId !== parent.id) {
    throw new WpError("woocommerce_rest_product_variation_invalid_id", "Invalid ID.", missingStatus);
  }
  return v;
}

function createVariation(rc: RequestContext, parent: ProductRecord, input: Input): ProductRecord {
  const v = newProductRecord(rc.store.nextId("post"), rc.now, "variation", parent.id);
  v.name = parent.name;
  applyVariationInput(v, parent, input, opts(rc, true));
  rc.store.putProduct(v);
  rc.events.push({ resource: "product", event: "created", id: v.id });
  return v;
}

function updateVariation(rc: RequestContext, parent: ProductRecord, v: ProductRecord, input: Input): ProductRecord {
  const draft: ProductRecord = structuredClone(v);
  applyVariationInput(draft, parent, input, opts(rc, false));
  draft.dateModified = rc.now;
  Object.assign(v, draft);
  rc.store.putProduct(v);
  rc.events.push({ resource: "product", event: "updated", id: v.id });
  return v;
}

// Categories -----------------------------------------------------------------------------------------------------

function categoryMissing(): WpError {
  return new WpError("woocommerce_rest_term_invalid", "Resource does not exist.", 404);
}

function applyCategory(rc: RequestContext, c: CategoryRecord, input: Input, creating: boolean): void {
  const name = has(input, "name") ? asText(input.name) : c.name;
  const parent = has(input, "parent") ? asInt(input.parent) : c.parent;
  for (const other of rc.store.categories.values()) {
    if (other.id !== c.id && other.parent === parent && other.name.toLowerCase() === name.toLowerCase()) {
      throw new WpError("term_exists", "A term with the name provided already exists with this parent.", 400, {
        resource_id: other.id,
      });
    }
  }
  c.name = name;
  c.parent = parent;
  if (has(input, "description")) c.description = asText(input.description);
  if (has(input, "display")) c.display = asText(input.display, "default");
  if (has(input, "image")) c.image = input.image ?? null;
  if (has(input, "menu_order")) c.menuOrder = asInt(input.menu_order);
  if (has(input, "slug") || creating) {
    const wanted = slugify(has(input, "slug") ? asText(input.slug) : name) || String(c.id);
    const taken = [...rc.store.categories.values()].some((o) => o.id !== c.id && o.slug === wanted);
    if (taken && has(input, "slug")) {
      throw new WpError("duplicate_term_slug", `The slug “${wanted}” is already in use by another term.`, 400);
    }
    let slug = wanted;
    for (let n = 2; [...rc.store.categories.values()].some((o) => o.id !== c.id && o.slug === slug); n++) {
      slug = `${wanted}-${n}`;
    }
    c.slug = slug;
  }
}

function createCategory(rc: RequestContext, input: Input): CategoryRecord {
  const c: CategoryRecord = {
    id: 0,
    name: "",
    slug: "",
    parent: 0,
    description: "",
    display: "default",
    image: null,
    menuOrder: 0,
  };
  applyCategory(rc, c, input, true);
  c.id = rc.store.nextId("term");
  if (c.slug === "0") c.slug = String(c.id);
  rc.store.putCategory(c);
  return c;
}

function getCategory(rc: RequestContext, id: number): CategoryRecord {
  const c = rc.store.categories.get(id);
  if (c === undefined) throw categoryMissing();
  return c;
}

function listCategories(rc: RequestContext): RestResult {
  const a = rc.args;
  const include = numberList(a.include);
  const exclude = new Set(numberList(a.exclude));
  const env = rc.env("view");
  const search = typeof a.search === "string" && a.search !== "" ? a.search.toLowerCase() : null;
  const slugs =
    a.slug === undefined ? null : Array.isArray(a.slug) ? a.slug.map((x) => asText(x)) : asText(a.slug).split(",");
  const productCats =
    a.product === undefined ? null : new Set(rc.store.products.get(asInt(a.product))?.categoryIds ?? []);
  const all = [...rc.store.categories.values()].filter((c) => {
    if (include.length > 0 && !include.includes(c.id)) return false;
    if (exclude.has(c.id)) return false;
    if (a.parent !== undefined && c.parent !== a.parent) return false;
    if (search !== null && !c.name.toLowerCase().includes(search) && !c.slug.includes(search)) return false;
    if (slugs !== null && !slugs.includes(c.slug)) return false;
    if (productCats !== null && !productCats.has(c.id)) return false;
    if (a.hide_empty === true && env.catalog.categoryCount(c.id) === 0) return false;
    return true;
  });
  const orderby = argText(rc, "orderby", "name");
  const key: SortKey<CategoryRecord> =
    orderby === "id"
      ? (c) => c.id
      : orderby === "slug"
        ? (c) => c.slug
        : orderby === "count"
          ? (c) => env.catalog.categoryCount(c.id)
          : orderby === "include"
            ? includeOrder<CategoryRecord>(include)
            : orderby === "description"
              ? (c) => c.description
              : (c) => c.name.toLowerCase();
  sortBy(all, key, a.order === "desc" ? "desc" : "asc");
  return collectionResult(rc, "/products/categories", all, (c) => renderCategory(c, env));
}

// Routes ---------------------------------------------------------------------------------------------------------

const EDITABLE = ["POST", "PUT", "PATCH"] as const;

export const productRoutes: readonly RouteDef[] = [
  { method: "GET", path: "/products", args: PRODUCT_LIST_ARGS, permission: "list", handler: listProducts },
  {
    method: "POST",
    path: "/products",
    args: PRODUCT_WRITE_ARGS,
    permission: "create",
    handler: (rc) => ({ status: 201, body: renderProduct(createProduct(rc, rc.body), rc.env("edit")) }),
  },
  {
    method: "POST",
    path: "/products/batch",
    args: BATCH_ARGS,
    permission: "batch",
    handler: (rc) => {
      const env = rc.env("edit");
      return runBatch(rc, {
        postType: "product",
        create: (item) => renderProduct(createProduct(rc, item), env),
        update: (item) => renderProduct(updateProduct(rc, writableProduct(rc, asInt(item.id), 400), item), env),
        delete: (id) => {
          const p = writableProduct(rc, id, 404);
          const body = renderProduct(p, env);
          deleteProduct(rc, p, true);
          return body;
        },
      });
    },
  },
  {
    method: "GET",
    path: `/products/${ID}`,
    args: SINGLE_READ_ARGS,
    permission: "read",
    handler: (rc) => {
      const p = rc.store.products.get(idParam(rc));
      if (p === undefined) throw productMissing(404);
      return { status: 200, body: renderProduct(p, rc.env(rc.args.context === "edit" ? "edit" : "view")) };
    },
  },
  ...EDITABLE.map(
    (method): RouteDef => ({
      method,
      path: `/products/${ID}`,
      args: PRODUCT_WRITE_ARGS,
      permission: "edit",
      handler: (rc) => {
        const p = updateProduct(rc, writableProduct(rc, idParam(rc), 400), rc.body);
        return { status: 200, body: renderProduct(p, rc.env("edit")) };
      },
    }),
  ),
  {
    method: "DELETE",
    path: `/products/${ID}`,
    args: FORCE_ARGS,
    permission: "delete",
    handler: (rc) => {
      const p = writableProduct(rc, idParam(rc), 404);
      const body = renderProduct(p, rc.env("edit"));
      deleteProduct(rc, p, rc.args.force === true);
      return { status: 200, body };
    },
  },

  {
    method: "GET",
    path: `/products/${PRODUCT_ID}/variations`,
    args: VARIATION_LIST_ARGS,
    permission: "list",
    handler: (rc) => {
      const a = rc.args;
      const parentId = idParam(rc, "product_id");
      const include = numberList(a.include);
      const exclude = new Set(numberList(a.exclude));
      const bounds = dateBounds(rc);
      const status = argText(rc, "status", "any");
      const skus =
        typeof a.sku === "string" && a.sku !== "" ? a.sku.split(",").map((s) => s.trim().toLowerCase()) : null;
      const all = rc.store.variationsOf(parentId).filter((v) => {
        if (status === "any" ? v.status === "trash" : v.status !== status) return false;
        if (include.length > 0 && !include.includes(v.id)) return false;
        if (exclude.has(v.id)) return false;
        if (skus !== null && !skus.includes(v.sku.toLowerCase())) return false;
        if (a.stock_status !== undefined && v.stockStatus !== a.stock_status) return false;
        if (a.on_sale !== undefined && isOnSale(v, rc.now) !== a.on_sale) return false;
        return withinDates(bounds, v.dateCreated, v.dateModified);
      });
      const orderby = argText(rc, "orderby", "date");
      const key: SortKey<ProductRecord> =
        orderby === "id"
          ? (v) => v.id
          : orderby === "modified"
            ? (v) => v.dateModified
            : orderby === "menu_order"
              ? (v) => v.menuOrder
              : orderby === "include"
                ? includeOrder<ProductRecord>(include)
                : orderby === "title"
                  ? (v) => v.name
                  : (v) => v.dateCreated;
      sortBy(all, key, orderby === "include" ? "asc" : a.order === "asc" ? "asc" : "desc");
      const env = rc.env(a.context === "edit" ? "edit" : "view");
      return collectionResult(rc, `/products/${parentId}/variations`, all, (v) => renderVariation(v, env));
    },
  },
  {
    method: "POST",
    path: `/products/${PRODUCT_ID}/variations`,
    args: VARIATION_WRITE_ARGS,
    permission: "create",
    handler: (rc) => {
      const v = createVariation(rc, parentOf(rc), rc.body);
      return { status: 201, body: renderVariation(v, rc.env("edit")) };
    },
  },
  {
    method: "POST",
    path: `/products/${PRODUCT_ID}/variations/batch`,
    args: BATCH_ARGS,
    permission: "batch",
    handler: (rc) => {
      const parent = parentOf(rc);
      const env = rc.env("edit");
      return runBatch(rc, {
        postType: "product_variation",
        create: (item) => renderVariation(createVariation(rc, parent, item), env),
        update: (item) =>
          renderVariation(updateVariation(rc, parent, variationOf(rc, parent, asInt(item.id), 400), item), env),
        delete: (id) => {
          const v = variationOf(rc, parent, id, 404);
          const body = renderVariation(v, env);
          rc.store.deleteProduct(v.id);
          return body;
        },
      });
    },
  },
  {
    method: "GET",
    path: `/products/${PRODUCT_ID}/variations/${ID}`,
    args: SINGLE_READ_ARGS,
    permission: "read",
    handler: (rc) => {
      const v = variationOf(rc, parentOf(rc), idParam(rc), 404);
      return { status: 200, body: renderVariation(v, rc.env(rc.args.context === "edit" ? "edit" : "view")) };
    },
  },
  ...EDITABLE.map(
    (method): RouteDef => ({
      method,
      path: `/products/${PRODUCT_ID}/variations/${ID}`,
      args: VARIATION_WRITE_ARGS,
      permission: "edit",
      handler: (rc) => {
        const parent = parentOf(rc, 400);
        const v = updateVariation(rc, parent, variationOf(rc, parent, idParam(rc), 400), rc.body);
        return { status: 200, body: renderVariation(v, rc.env("edit")) };
      },
    }),
  ),
  {
    method: "DELETE",
    path: `/products/${PRODUCT_ID}/variations/${ID}`,
    args: FORCE_ARGS,
    permission: "delete",
    handler: (rc) => {
      const v = variationOf(rc, parentOf(rc), idParam(rc), 404);
      const body = renderVariation(v, rc.env("edit"));
      if (rc.args.force === true) {
        rc.store.deleteProduct(v.id);
      } else {
        v.status = "trash";
        rc.store.putProduct(v);
        rc.events.push({ resource: "product", event: "deleted", id: v.id });
      }
      return { status: 200, body };
    },
  },

  {
    method: "GET",
    path: "/products/categories",
    args: CATEGORY_LIST_ARGS,
    permission: "list",
    handler: listCategories,
  },
  {
    method: "POST",
    path: "/products/categories",
    args: CATEGORY_CREATE_ARGS,
    permission: "create",
    handler: (rc) => ({ status: 201, body: renderCategory(createCategory(rc, rc.body), rc.env("edit")) }),
  },
  {
    method: "POST",
    path: "/products/categories/batch",
    args: BATCH_ARGS,
    permission: "batch",
    handler: (rc) => {
      const env = rc.env("edit");
      return runBatch(rc, {
        postType: "product_cat",
        create: (item) => renderCategory(createCategory(rc, item), env),
        update: (item) => {
          const c = getCategory(rc, asInt(item.id));
          applyCategory(rc, c, item, false);
          rc.store.putCategory(c);
          return renderCategory(c, env);
        },
        delete: (id) => {
          const c = getCategory(rc, id);
          const body = renderCategory(c, env);
          rc.store.deleteCategory(id);
          return body;
        },
      });
    },
  },
  {
    method: "GET",
    path: `/products/categories/${ID}`,
    args: SINGLE_READ_ARGS,
    permission: "read",
    handler: (rc) => ({ status: 200, body: renderCategory(getCategory(rc, idParam(rc)), rc.env("view")) }),
  },
  ...EDITABLE.map(
    (method): RouteDef => ({
      method,
      path: `/products/categories/${ID}`,
      args: CATEGORY_WRITE_ARGS,
      permission: "edit",
      handler: (rc) => {
        const c = getCategory(rc, idParam(rc));
        applyCategory(rc, c, rc.body, false);
        rc.store.putCategory(c);
        return { status: 200, body: renderCategory(c, rc.env("edit")) };
      },
    }),
  ),
  {
    method: "DELETE",
    path: `/products/categories/${ID}`,
    args: FORCE_ARGS,
    permission: "delete",
    handler: (rc) => {
      const c = getCategory(rc, idParam(rc));
      if (rc.args.force !== true) {
        throw new WpError("woocommerce_rest_trash_not_supported", "Resource does not support trashing.", 501);
      }
      const body = renderCategory(c, rc.env("edit"));
      rc.store.deleteCategory(c.id);
      return { status: 200, body };
    },
  },
];
