/** The only place that decides how Counterpoint items and grid cells are named on the web. */

/** A simple or variable product's SKU: the ITEM_NO as is (no suffix is ever stripped or guessed). */
export function productSku(itemNo: string): string {
  return itemNo;
}

/**
 * A grid cell's variation SKU: ITEM_NO, then each used dimension value (DIM_n_UPR; `*` marks an unused dimension and
 * is skipped), joined with `separator`. With "-": PBO-HOOD cell (M, *, *) → PBO-HOOD-M, as the demo store documents.
 */
export function variationSku(itemNo: string, dims: readonly string[], separator: string): string {
  return [itemNo, ...dims.filter((d) => d !== "*")].join(separator);
}

/** Stable key of a cell inside its item: the three DIM_n_UPR values. */
export function cellKey(dims: readonly string[]): string {
  return dims.join("\u0000");
}
