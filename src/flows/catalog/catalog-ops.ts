import type { PushedValue } from "../../store/pushed-hashes.js";
import type { ProductWrite } from "../../woocommerce/schemas/product.js";
import type { VariationWrite } from "../../woocommerce/schemas/variation.js";

export type CatalogPart = "product" | "stock" | "price";

/** One write the catalog flow wants to make on the web. */
export interface CatalogOp {
  sku: string;
  itemNo: string;
  target: "product" | "variation";
  action: "create" | "update" | "retire";
  /** Woo id (updates); null for creates. */
  id: number | null;
  /** Variations: the parent's Woo id (known once the parent exists). */
  parentId: number | null;
  body: ProductWrite | VariationWrite;
  /** Recorded once the write is confirmed. */
  hashes: PushedValue[];
  /** Variable parents being created: their cells' creates, sent once the parent has an id. */
  children?: CatalogOp[];
}

/** What a run did (or, in a dry run, would do). Counts are per web record: products and variations. */
export interface CatalogSyncReport {
  parts: CatalogPart[];
  full: boolean;
  dryRun: boolean;
  itemsRead: number;
  created: number;
  updated: number;
  retired: number;
  unchanged: number;
  failed: Array<{ sku: string; reason: string }>;
  /** SKUs present on one side only, reported and never guessed. */
  missing: Array<{ sku: string; side: "web" | "counterpoint"; detail: string }>;
  categoriesCreated: number;
  /** Cursor the next delta run starts from (unchanged on dry runs). */
  cursor: string | null;
  seconds: number;
}

export function emptyReport(parts: CatalogPart[], full: boolean, dryRun: boolean): CatalogSyncReport {
  return {
    parts,
    full,
    dryRun,
    itemsRead: 0,
    created: 0,
    updated: 0,
    retired: 0,
    unchanged: 0,
    failed: [],
    missing: [],
    categoriesCreated: 0,
    cursor: null,
    seconds: 0,
  };
}
