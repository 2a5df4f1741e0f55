import type { Money } from "../../money/index.js";

/** An item as an order line needs it, read from IM_ITEM (and IM_INV_CELL for a grid cell). */
export interface SaleItem {
  itemNo: string;
  /** The grid cell a variation SKU named (DIM_1..3_UPR, `*` unused); null for a whole item. */
  cell: readonly [string, string, string] | null;
  descr: string;
  /** IM_ITEM.STK_UNIT. */
  unit: string;
  categ: string | null;
  subcat: string | null;
  /** IM_ITEM.ITEM_TYP: I inventory, N non-inventory, S service… Only I allocates stock. */
  itemType: string;
  trackingMethod: string;
  taxable: boolean;
  /** IM_ITEM.LST_COST (4 dp), or 0 when unknown. */
  unitCost: Money;
  /** IM_ITEM.STAT: A active, V void, D discontinued. */
  status: string;
  /** Whether the item is a grid item (IS_GRID / has cells): a grid item can only be sold as one of its cells. */
  isGrid: boolean;
}

/** How a web SKU was matched: the item (and cell) it names, or null when nothing in Counterpoint matches. */
export type SkuLookup = ReadonlyMap<string, SaleItem | null>;

/** A tax authority of a tax code, in AR_TAX_COD_AUTH order, with the rate of its rule (SY_TAX_AUTH_RUL.TAX_PCT_1). */
export interface TaxAuthorityRate {
  authCod: string;
  rulCod: string;
  /** Percent, e.g. "6.000". */
  pct: Money;
}
