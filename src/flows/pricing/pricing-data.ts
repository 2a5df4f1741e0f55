import type { Money } from "../../money/index.js";
import type {
  RawBasePrice,
  RawCustomer,
  RawItem,
  RawPriceBreak,
  RawPriceGroup,
  RawPriceRule,
} from "../../counterpoint/pricing/price-rule-rows.js";
import type { FilterRow } from "./filter-eval.js";

export type { RawBasePrice, RawCustomer, RawItem, RawPriceBreak, RawPriceGroup, RawPriceRule };
import type { FilterNode } from "./filter-parser.js";

export interface RawPricingData {
  groups: readonly RawPriceGroup[];
  rules: readonly RawPriceRule[];
  breaks: readonly RawPriceBreak[];
  items: readonly RawItem[];
  customers: readonly RawCustomer[];
  prices: readonly RawBasePrice[];
}

/** A filter as compiled: its text, its tree, or why it cannot be read. */
export interface CompiledFilter {
  text: string | null;
  node: FilterNode | null;
  error: string | null;
}

export interface PriceBreak {
  minQty: Money;
  method: string;
  basis: string;
  amount: Money | null;
  descr: string | null;
}

export interface PriceRule {
  /** `GRP_TYP/GRP_COD/RUL_SEQ_NO`, the rule's key in logs and `pricing rules --problems`. */
  key: string;
  seq: number;
  descr: string | null;
  custNo: string | null;
  itemNo: string | null;
  minQty: Money | null;
  custFilter: CompiledFilter;
  itemFilter: CompiledFilter;
  salesFilter: CompiledFilter;
  /** Largest MIN_QTY first. */
  breaks: readonly PriceBreak[];
  /** Why the rule can never apply (an unreadable filter…), or null. */
  problem: string | null;
}

export interface PriceGroup {
  key: string;
  type: string;
  code: string;
  seq: number | null;
  descr: string | null;
  custNo: string | null;
  custFilter: CompiledFilter;
  enabled: boolean;
  /** Counterpoint-local wall-clock text, or null for no bound. */
  begins: string | null;
  ends: string | null;
  rules: readonly PriceRule[];
  problem: string | null;
}

export interface BasePrices {
  regPrc: Money | null;
  /** PRC_1 … PRC_6 at index 0 … 5. */
  levels: readonly (Money | null)[];
}

export interface PricedItem {
  itemNo: string;
  row: FilterRow;
  cost: Money | null;
  /** From IM_ITEM when IM_PRC has no row. */
  fallback: BasePrices;
}

export interface PricingProblem {
  key: string;
  field: string;
  text: string | null;
  error: string;
}

/** Everything the engine needs, compiled for fast lookups. Keys of the maps are upper-case, trailing spaces trimmed. */
export interface PricingData {
  /** In the order the engine searches them (see `quotePrice`). */
  groups: readonly PriceGroup[];
  groupsByCode: ReadonlyMap<string, readonly PriceGroup[]>;
  items: ReadonlyMap<string, PricedItem>;
  customers: ReadonlyMap<string, RawCustomer>;
  /** LOC_ID → ITEM_NO → prices. */
  prices: ReadonlyMap<string, ReadonlyMap<string, BasePrices>>;
  problems: readonly PricingProblem[];
}

/** Map key for codes compared the SQL Server way (case-insensitive, trailing spaces ignored). */
export function codeKey(code: string): string {
  return code.replace(/ +$/, "").toUpperCase();
}
