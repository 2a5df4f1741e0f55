import type { ProductRecord } from "./records.js";
import type { WooStore } from "./woo-store.js";

/**
 * Derived catalogue facts that would cost a scan per product: category members (for `related_ids` and category
 * `count`), rebuilt lazily when category membership changes (not on every stock or price update).
 */
export class CatalogIndex {
  private builtAt = -1;
  private members = new Map<number, number[]>();
  private counts = new Map<number, number>();

  constructor(private readonly store: WooStore) {}

  private refresh(): void {
    if (this.builtAt === this.store.membershipVersion) return;
    const members = new Map<number, number[]>();
    const counted = new Map<number, Set<number>>();
    const ancestors = (categoryId: number): number[] => {
      const out: number[] = [];
      const seen = new Set<number>();
      let current = this.store.categories.get(categoryId);
      while (current !== undefined && current.parent !== 0 && !seen.has(current.parent)) {
        seen.add(current.parent);
        out.push(current.parent);
        current = this.store.categories.get(current.parent);
      }
      return out;
    };
    const ids = [...this.store.products.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      const p = this.store.products.get(id) as ProductRecord;
      if (p.type === "variation" || p.status !== "publish") continue;
      for (const c of p.categoryIds) {
        let list = members.get(c);
        if (list === undefined) {
          list = [];
          members.set(c, list);
        }
        list.push(p.id);
        for (const target of [c, ...ancestors(c)]) {
          let set = counted.get(target);
          if (set === undefined) {
            set = new Set();
            counted.set(target, set);
          }
          set.add(p.id);
        }
      }
    }
    this.members = members;
    this.counts = new Map([...counted].map(([k, v]) => [k, v.size]));
    this.builtAt = this.store.membershipVersion;
  }

  /** Up to five published products sharing a category with the product, lowest ids first. */
  relatedIds(product: ProductRecord): number[] {
    if (product.type === "variation") return [];
    this.refresh();
    const out: number[] = [];
    const seen = new Set<number>([product.id]);
    for (const c of product.categoryIds) {
      for (const id of this.members.get(c) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(id);
        if (out.length === 5) return out.sort((a, b) => a - b);
      }
    }
    return out.sort((a, b) => a - b);
  }

  /** Published products in the category or any of its children (WooCommerce's term count). */
  categoryCount(categoryId: number): number {
    this.refresh();
    return this.counts.get(categoryId) ?? 0;
  }
}
