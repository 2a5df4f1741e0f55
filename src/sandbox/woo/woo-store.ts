import type {
  ApiKeyRecord,
  CategoryRecord,
  CouponRecord,
  CustomerRecord,
  NoteRecord,
  OrderRecord,
  ProductRecord,
  RefundRecord,
  TaxRateRecord,
  WebhookRecord,
} from "./records.js";

/**
 * Id sequences as WordPress/WooCommerce keeps them: products, variations, coupons, orders and refunds are all posts
 * (HPOS reserves a placeholder post per order) and share one sequence; notes are comments; order items, users, terms
 * and each meta table have their own. The recording shows exactly this (notes 18–21 belong to order 24).
 */
export type SequenceName =
  | "post"
  | "comment"
  | "orderItem"
  | "orderMeta"
  | "itemMeta"
  | "user"
  | "userMeta"
  | "term"
  | "postMeta"
  | "webhook"
  | "taxRate";

export const SEQUENCE_NAMES: readonly SequenceName[] = [
  "post",
  "comment",
  "orderItem",
  "orderMeta",
  "itemMeta",
  "user",
  "userMeta",
  "term",
  "postMeta",
  "webhook",
  "taxRate",
];

/**
 * The sandbox's state: plain records in maps, with the few indexes the routes need (SKU, parent → variations,
 * order → notes/refunds, e-mail, coupon code). Every write goes through a `put*`/`delete*` method so the indexes and
 * the change counter stay right; listeners (the persistence writer) hear about every change.
 */
export class WooStore {
  readonly products = new Map<number, ProductRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly refunds = new Map<number, RefundRecord>();
  readonly notes = new Map<number, NoteRecord>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly categories = new Map<number, CategoryRecord>();
  readonly coupons = new Map<number, CouponRecord>();
  readonly webhooks = new Map<number, WebhookRecord>();
  taxRates: TaxRateRecord[] = [];
  apiKeys: ApiKeyRecord[] = [];
  /** Used OAuth nonces per consumer key, with their timestamps (kept in memory, like a short-lived cache). */
  readonly nonces = new Map<string, Map<string, number>>();

  private readonly sequences = new Map<SequenceName, number>(SEQUENCE_NAMES.map((n) => [n, 0]));
  private readonly skuIndex = new Map<string, number>();
  private readonly skuOf = new Map<number, string>();
  private readonly slugIndex = new Map<string, number>();
  private readonly slugOf = new Map<number, string>();
  private readonly children = new Map<number, Set<number>>();
  private readonly parentOf = new Map<number, number>();
  private readonly notesByOrder = new Map<number, Set<number>>();
  private readonly refundsByOrder = new Map<number, Set<number>>();
  private readonly emailIndex = new Map<string, number>();
  private readonly emailOf = new Map<number, string>();
  private readonly couponCodes = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change; list caches key on it. */
  version = 0;
  productsVersion = 0;
  /**
   * Bumped only when category membership may change (a product created or deleted, its type, status or categories
   * changed, a category changed): the category index is rebuilt on this, so stock and price updates never rebuild it.
   */
  membershipVersion = 0;
  private readonly membershipOf = new Map<number, string>();

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a change that is not a put/delete (nonces are not state worth a write). */
  changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  nextId(sequence: SequenceName): number {
    const next = (this.sequences.get(sequence) ?? 0) + 1;
    this.sequences.set(sequence, next);
    return next;
  }

  /** Makes sure the sequence never hands out `id` again (fixtures and snapshots bring their own ids). */
  reserveId(sequence: SequenceName, id: number): void {
    if (id > (this.sequences.get(sequence) ?? 0)) this.sequences.set(sequence, id);
  }

  sequenceValues(): Record<SequenceName, number> {
    return Object.fromEntries(SEQUENCE_NAMES.map((n) => [n, this.sequences.get(n) ?? 0])) as Record<
      SequenceName,
      number
    >;
  }

  // Products and variations ---------------------------------------------------------------------------------------

  putProduct(product: ProductRecord): void {
    const oldSku = this.skuOf.get(product.id);
    if (oldSku !== undefined && this.skuIndex.get(oldSku) === product.id) this.skuIndex.delete(oldSku);
    this.skuOf.delete(product.id);
    if (product.sku !== "") {
      const key = product.sku.toLowerCase();
      this.skuIndex.set(key, product.id);
      this.skuOf.set(product.id, key);
    }
    const oldSlug = this.slugOf.get(product.id);
    if (oldSlug !== undefined && this.slugIndex.get(oldSlug) === product.id) this.slugIndex.delete(oldSlug);
    this.slugOf.delete(product.id);
    if (product.type !== "variation" && product.slug !== "") {
      this.slugIndex.set(product.slug, product.id);
      this.slugOf.set(product.id, product.slug);
    }
    const oldParent = this.parentOf.get(product.id);
    if (oldParent !== undefined && oldParent !== product.parentId) this.children.get(oldParent)?.delete(product.id);
    this.parentOf.delete(product.id);
    if (product.type === "variation") {
      this.parentOf.set(product.id, product.parentId);
      let set = this.children.get(product.parentId);
      if (set === undefined) {
        set = new Set();
        this.children.set(product.parentId, set);
      }
      set.add(product.id);
    }
    this.products.set(product.id, product);
    this.reserveId("post", product.id);
    this.productsVersion++;
    const membership = `${product.type}|${product.status}|${product.categoryIds.join(",")}`;
    if (this.membershipOf.get(product.id) !== membership) {
      this.membershipOf.set(product.id, membership);
      this.membershipVersion++;
    }
    this.changed();
  }

  deleteProduct(id: number): void {
    const product = this.products.get(id);
    if (product === undefined) return;
    const key = this.skuOf.get(id);
    if (key !== undefined && this.skuIndex.get(key) === id) this.skuIndex.delete(key);
    this.skuOf.delete(id);
    this.children.get(product.parentId)?.delete(id);
    this.parentOf.delete(id);
    const slug = this.slugOf.get(id);
    if (slug !== undefined && this.slugIndex.get(slug) === id) this.slugIndex.delete(slug);
    this.slugOf.delete(id);
    this.products.delete(id);
    this.membershipOf.delete(id);
    this.productsVersion++;
    this.membershipVersion++;
    this.changed();
  }

  /** Products and variations share one SKU space; the match is case-insensitive like MySQL's collation. */
  productBySku(sku: string): ProductRecord | undefined {
    const id = this.skuIndex.get(sku.toLowerCase());
    return id === undefined ? undefined : this.products.get(id);
  }

  /** The product (not variation) using a slug, if any. */
  productIdBySlug(slug: string): number | undefined {
    return this.slugIndex.get(slug);
  }

  /** A variable product's variations, by menu order then id. */
  variationsOf(parentId: number): ProductRecord[] {
    const ids = this.children.get(parentId);
    if (ids === undefined) return [];
    const out: ProductRecord[] = [];
    for (const id of ids) {
      const v = this.products.get(id);
      if (v !== undefined) out.push(v);
    }
    return out.sort((a, b) => a.menuOrder - b.menuOrder || a.id - b.id);
  }

  // Orders, refunds, notes ----------------------------------------------------------------------------------------

  putOrder(order: OrderRecord): void {
    this.orders.set(order.id, order);
    this.reserveId("post", order.id);
    this.changed();
  }

  deleteOrder(id: number): void {
    if (!this.orders.delete(id)) return;
    for (const noteId of this.notesByOrder.get(id) ?? []) this.notes.delete(noteId);
    for (const refundId of this.refundsByOrder.get(id) ?? []) this.refunds.delete(refundId);
    this.notesByOrder.delete(id);
    this.refundsByOrder.delete(id);
    this.changed();
  }

  putRefund(refund: RefundRecord): void {
    this.refunds.set(refund.id, refund);
    addTo(this.refundsByOrder, refund.orderId, refund.id);
    this.reserveId("post", refund.id);
    this.changed();
  }

  deleteRefund(id: number): void {
    const refund = this.refunds.get(id);
    if (refund === undefined) return;
    this.refunds.delete(id);
    this.refundsByOrder.get(refund.orderId)?.delete(id);
    this.changed();
  }

  /** An order's refunds, newest first (as `refunds[]` lists them). */
  refundsOf(orderId: number): RefundRecord[] {
    const out: RefundRecord[] = [];
    for (const id of this.refundsByOrder.get(orderId) ?? []) {
      const r = this.refunds.get(id);
      if (r !== undefined) out.push(r);
    }
    return out.sort((a, b) => b.dateCreated - a.dateCreated || b.id - a.id);
  }

  putNote(note: NoteRecord): void {
    this.notes.set(note.id, note);
    addTo(this.notesByOrder, note.orderId, note.id);
    this.reserveId("comment", note.id);
    this.changed();
  }

  deleteNote(id: number): void {
    const note = this.notes.get(id);
    if (note === undefined) return;
    this.notes.delete(id);
    this.notesByOrder.get(note.orderId)?.delete(id);
    this.changed();
  }

  /**
   * An order's notes as WooCommerce lists them: newest date first; notes written in the same second come in id order
   * (the recording shows 33, 34, 35 then 18 … 21).
   */
  notesOf(orderId: number): NoteRecord[] {
    const out: NoteRecord[] = [];
    for (const id of this.notesByOrder.get(orderId) ?? []) {
      const n = this.notes.get(id);
      if (n !== undefined) out.push(n);
    }
    return out.sort((a, b) => b.dateCreated - a.dateCreated || a.id - b.id);
  }

  // Customers ------------------------------------------------------------------------------------------------------

  putCustomer(customer: CustomerRecord): void {
    const old = this.emailOf.get(customer.id);
    if (old !== undefined && this.emailIndex.get(old) === customer.id) this.emailIndex.delete(old);
    const key = customer.email.toLowerCase();
    if (key !== "") {
      this.emailIndex.set(key, customer.id);
      this.emailOf.set(customer.id, key);
    }
    this.customers.set(customer.id, customer);
    this.reserveId("user", customer.id);
    this.changed();
  }

  deleteCustomer(id: number): void {
    const key = this.emailOf.get(id);
    if (key !== undefined && this.emailIndex.get(key) === id) this.emailIndex.delete(key);
    this.emailOf.delete(id);
    if (this.customers.delete(id)) this.changed();
  }

  customerByEmail(email: string): CustomerRecord | undefined {
    const id = this.emailIndex.get(email.trim().toLowerCase());
    return id === undefined ? undefined : this.customers.get(id);
  }

  customerByUsername(username: string): CustomerRecord | undefined {
    const wanted = username.toLowerCase();
    for (const c of this.customers.values()) if (c.username.toLowerCase() === wanted) return c;
    return undefined;
  }

  // Categories, coupons, tax rates, webhooks -----------------------------------------------------------------------

  putCategory(category: CategoryRecord): void {
    this.categories.set(category.id, category);
    this.reserveId("term", category.id);
    this.productsVersion++;
    this.membershipVersion++;
    this.changed();
  }

  deleteCategory(id: number): void {
    if (!this.categories.delete(id)) return;
    for (const c of this.categories.values()) if (c.parent === id) c.parent = 0;
    for (const p of this.products.values()) {
      if (p.categoryIds.includes(id)) {
        p.categoryIds = p.categoryIds.filter((c) => c !== id);
        this.membershipOf.set(p.id, `${p.type}|${p.status}|${p.categoryIds.join(",")}`);
      }
    }
    this.productsVersion++;
    this.membershipVersion++;
    this.changed();
  }

  putCoupon(coupon: CouponRecord): void {
    for (const [code, id] of this.couponCodes) if (id === coupon.id) this.couponCodes.delete(code);
    const sameCode = this.couponCodes.get(coupon.code);
    if (sameCode !== undefined && sameCode !== coupon.id) this.coupons.delete(sameCode);
    this.coupons.set(coupon.id, coupon);
    this.couponCodes.set(coupon.code, coupon.id);
    this.reserveId("post", coupon.id);
    this.changed();
  }

  couponByCode(code: string): CouponRecord | undefined {
    const id = this.couponCodes.get(code.trim().toLowerCase());
    return id === undefined ? undefined : this.coupons.get(id);
  }

  putTaxRate(rate: TaxRateRecord): void {
    this.taxRates = [...this.taxRates.filter((r) => r.id !== rate.id), rate].sort(
      (a, b) => a.priority - b.priority || a.order - b.order || a.id - b.id,
    );
    this.reserveId("taxRate", rate.id);
    this.changed();
  }

  putWebhook(webhook: WebhookRecord): void {
    this.webhooks.set(webhook.id, webhook);
    this.reserveId("webhook", webhook.id);
    this.changed();
  }

  deleteWebhook(id: number): void {
    if (this.webhooks.delete(id)) this.changed();
  }

  apiKey(consumerKey: string): ApiKeyRecord | undefined {
    return this.apiKeys.find((k) => k.consumerKey === consumerKey);
  }
}

function addTo(index: Map<number, Set<number>>, key: number, value: number): void {
  let set = index.get(key);
  if (set === undefined) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}
