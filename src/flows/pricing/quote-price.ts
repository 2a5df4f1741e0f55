import { type Money, MoneyDecimal, money, roundTo, toMoneyString, ZERO } from "../../money/index.js";
import { type FilterRow, filterMatches } from "./filter-eval.js";
import {
  type BasePrices,
  codeKey,
  type PriceBreak,
  type PriceGroup,
  type PricedItem,
  type PriceRule,
  type PricingData,
} from "./pricing-data.js";

export interface QuoteRequest {
  /** A customer number (AR_CUST.CUST_NO) or, failing that, a price-group code (IM_PRC_GRP.GRP_COD). */
  customer: string;
  sku: string;
  qty: string | Money;
  /** IM_PRC.LOC_ID; the default location when absent or when the item has no price row there. */
  location?: string | undefined;
  /** The moment to price at, Counterpoint-local wall-clock text `YYYY-MM-DDTHH:MM:SS.mmm` (promotion dates). */
  at: string;
}

export interface QuoteOptions {
  /** Price location used when the request names none (settings.counterpoint.priceLocation, `*` at Woody's). */
  defaultLocation: string;
  /** Decimals of the answered price (the money policy's Woo-facing rounding, half away from zero). */
  decimals: number;
}

export interface PriceExplanation {
  /** `rule` when a price rule set the price, `regular` when none applied. */
  source: "rule" | "regular";
  customer: { custNo: string | null; priceGroup: string | null };
  group: { type: string; code: string; descr: string | null } | null;
  rule: { seq: number; descr: string | null } | null;
  break: { minQty: string; descr: string | null } | null;
  method: string | null;
  basis: string;
  basisPrice: string;
  amountOrPct: string | null;
  /** Unrounded result (4 decimals) and the answered price. */
  unrounded: string;
  result: string;
  location: string;
  /** One human sentence. */
  text: string;
}

export type QuoteResult =
  | {
      ok: true;
      sku: string;
      qty: string;
      price: string;
      regularPrice: string | null;
      explanation: PriceExplanation;
    }
  | { ok: false; sku: string; qty: string; error: "unknown_customer" | "unknown_sku" | "no_price"; message: string };

const HUNDRED = new MoneyDecimal(100);

const METHOD_NAMES: Readonly<Record<string, string>> = {
  D: "discount %",
  O: "override price",
  F: "fixed price",
  M: "markup %",
  A: "amount off",
};

/** Who is being priced: a customer (all groups, filters evaluated) or a price-group code (that group only). */
export type PricedParty =
  | { kind: "customer"; custNo: string; row: FilterRow }
  | {
      kind: "group";
      code: string;
      groups: readonly PriceGroup[];
      /** The customer the group itself names (IM_PRC_GRP.CUST_NO, e.g. a contract's holder), when known. */
      custNo: string | null;
      row: FilterRow | null;
    };

/** A customer number first (Counterpoint compares codes case-insensitively), then a price-group code. */
export function resolveParty(data: PricingData, code: string): PricedParty | null {
  const key = codeKey(code.trim());
  const customer = data.customers.get(key);
  if (customer) return { kind: "customer", custNo: customer.custNo, row: customer.row };
  const groups = data.groupsByCode.get(key);
  if (groups) {
    const holders = new Set(groups.map((g) => g.custNo));
    const holder = holders.size === 1 ? [...holders][0] : null;
    const row = holder ? (data.customers.get(holder) ?? null) : null;
    return { kind: "group", code: groups[0]?.code ?? code, groups, custNo: row?.custNo ?? null, row: row?.row ?? null };
  }
  return null;
}

/** Enabled, readable, and `at` lies within its dates. */
export function groupIsOpen(g: PriceGroup, at: string): boolean {
  if (!g.enabled || g.problem !== null) return false;
  if (g.begins !== null && at < g.begins) return false;
  if (g.ends !== null && at > g.ends) return false;
  return true;
}

function groupAdmits(g: PriceGroup, party: PricedParty): boolean {
  // Priced by group code, the caller vouches for membership (the customers flow wrote that code to the WP user).
  if (party.kind === "group") return true;
  if (g.custNo !== null && g.custNo !== codeKey(party.custNo)) return false;
  return g.custFilter.node !== null && filterMatches(g.custFilter.node, { AR_CUST: party.row }, "AR_CUST");
}

function ruleAdmits(r: PriceRule, party: PricedParty, item: PricedItem, qty: Money): boolean {
  if (r.problem !== null) return false;
  if (r.itemNo !== null && r.itemNo !== codeKey(item.itemNo)) return false;
  if (r.minQty !== null && qty.lessThan(r.minQty)) return false;
  const custNo = party.custNo;
  const custRow = party.row;
  if (custRow === null || custNo === null) {
    // Priced by a group code with no known holder: only rules without customer conditions can hold.
    if (r.custNo !== null || r.custFilter.node?.kind !== "true") return false;
  } else {
    if (r.custNo !== null && r.custNo !== codeKey(custNo)) return false;
    if (r.custFilter.node === null || !filterMatches(r.custFilter.node, { AR_CUST: custRow }, "AR_CUST")) return false;
  }
  const rows = custRow === null ? { IM_ITEM: item.row } : { AR_CUST: custRow, IM_ITEM: item.row };
  return r.itemFilter.node !== null && filterMatches(r.itemFilter.node, rows, "IM_ITEM");
}

/** Breaks are sorted largest MIN_QTY first: the first one not above the quantity applies. */
function pickBreak(r: PriceRule, qty: Money): PriceBreak | null {
  for (const b of r.breaks) if (b.minQty.lessThanOrEqualTo(qty)) return b;
  return null;
}

function basisLabel(basis: string): string {
  if (basis === "R") return "REG_PRC";
  if (basis === "C") return "LST_COST";
  return `PRC_${basis}`;
}

/**
 * The price of a basis code: `1`…`6` → PRC_1…PRC_6, `R` → REG_PRC, `C` → the item's cost (IM_ITEM.LST_COST); any
 * other code falls back to REG_PRC, as the predecessor did.
 */
function basisPrice(basis: string, prices: BasePrices, item: PricedItem): Money | null {
  if (basis === "C") return item.cost;
  const level = /^[1-6]$/.test(basis) ? Number(basis) - 1 : -1;
  return level >= 0 ? (prices.levels[level] ?? null) : prices.regPrc;
}

/**
 * D: basis × (1 − pct/100). O and F: the amount itself. M: basis × (1 + pct/100) — a markup over whatever the break's
 * basis names; with PRC_BASIS `C` that is the item's last cost (the usual markup basis), with `1`…`6`/`R` a price
 * level (what the predecessor computed; Counterpoint's own cost-basis letter is not documented). A: basis − amount.
 * Results below zero are zero.
 */
function applyMethod(method: string, base: Money, amount: Money): Money | null {
  let result: Money;
  switch (method) {
    case "D":
      result = base.times(HUNDRED.minus(amount)).dividedBy(HUNDRED);
      break;
    case "O":
    case "F":
      result = amount;
      break;
    case "M":
      result = base.times(HUNDRED.plus(amount)).dividedBy(HUNDRED);
      break;
    case "A":
      result = base.minus(amount);
      break;
    default:
      return null;
  }
  return result.isNegative() ? ZERO : result;
}

/** Base prices of an item at a location, else the default location, else IM_ITEM's copies. */
export function pricesAt(data: PricingData, item: PricedItem, location: string, fallbackLocation: string): BasePrices {
  const key = codeKey(item.itemNo);
  return (
    data.prices.get(codeKey(location))?.get(key) ??
    data.prices.get(codeKey(fallbackLocation))?.get(key) ??
    item.fallback
  );
}

/** The rule that sets a price: its group, rule and break, the basis price used, and the unrounded result. */
export interface RuleMatch {
  group: PriceGroup;
  rule: PriceRule;
  brk: PriceBreak;
  base: Money | null;
  unrounded: Money;
}

/**
 * The first rule of `candidates` (already in search order) that holds for the party, item and quantity at the moment
 * `at`, with its computed price; null when none holds. The search `quotePrice` explains; exported so the catalog's
 * sale and tier prices use the same evaluation.
 */
export function matchPriceRule(
  candidates: readonly PriceGroup[],
  party: PricedParty,
  item: PricedItem,
  prices: BasePrices,
  qty: Money,
  at: string,
): RuleMatch | null {
  for (const g of candidates) {
    if (!groupIsOpen(g, at) || !groupAdmits(g, party)) continue;
    for (const r of g.rules) {
      if (!ruleAdmits(r, party, item, qty)) continue;
      const b = pickBreak(r, qty);
      if (!b) continue;
      const base = basisPrice(b.basis, prices, item);
      if (base === null && b.method !== "O" && b.method !== "F") continue;
      const unrounded = applyMethod(b.method, base ?? ZERO, b.amount ?? ZERO);
      if (unrounded === null) continue;
      return { group: g, rule: r, brk: b, base, unrounded };
    }
  }
  return null;
}

/**
 * Prices one item for one customer the way Counterpoint searches its price rules:
 *
 * 1. Types in order: contract (GRP_TYP `C`) first, then promotional (`P`), then any other type letter present
 *    (Counterpoint's "special prices"), alphabetically.
 * 2. Within a type, groups by GRP_SEQ_NO (Counterpoint's "group order"; groups without one last), then GRP_COD.
 *    A group takes part when ENABLED is not `N`, the moment lies within its dates (NO_BEG_DAT/NO_END_DAT `Y` mean
 *    unbounded; BEG_DT/END_DT, else BEG_DAT/END_DAT with BEG_TIM_FLG/END_TIM_FLG hours, 0 = start/end of day), its
 *    CUST_NO (if set) is the customer, and its CUST_FILT holds for the customer.
 * 3. Within a group, rules in RUL_SEQ_NO order. A rule holds when its CUST_NO/ITEM_NO targets (if set) match, its
 *    CUST_FILT and ITEM_FILT hold, its SAL_FILT is always-true, the quantity reaches the rule's MIN_QTY, and a break
 *    with MIN_QTY ≤ quantity exists (the largest such break applies) with a known method and a basis price.
 * 4. The FIRST rule that holds sets the price and the search stops — even if a later rule would be cheaper. This is
 *    Counterpoint's documented hierarchy (contract → promotional → special, top-down), not "lowest price wins".
 * 5. When no rule holds, the price is the item's PRC_1 (Counterpoint's default selling price; REG_PRC if PRC_1 is
 *    empty), explained as "regular price".
 *
 * Priced by a price-group code instead of a customer (the predecessor's "NCR BID #", or the WordPress user's
 * `cp_price_group`), only that code's groups are searched and their group-level customer conditions are taken as
 * met. Rule-level customer conditions are tested against the customer the group names in IM_PRC_GRP.CUST_NO (a
 * contract's holder) when there is one; otherwise only rules without customer conditions can hold. Base prices come from IM_PRC at
 * the requested location, else the default location, else IM_ITEM's copies. The result is rounded half away from
 * zero to `decimals` (the money policy); negative results become zero.
 */
export function quotePrice(data: PricingData, request: QuoteRequest, options: QuoteOptions): QuoteResult {
  const qty = money(request.qty);
  const qtyText = qty.toString();
  const sku = request.sku;
  const item = data.items.get(codeKey(sku.trim()));
  const party = resolveParty(data, request.customer);
  if (!party)
    return {
      ok: false,
      sku,
      qty: qtyText,
      error: "unknown_customer",
      message: `customer "${request.customer}" is neither a Counterpoint customer number nor a price-group code`,
    };
  if (!item)
    return { ok: false, sku, qty: qtyText, error: "unknown_sku", message: `item "${sku}" is not in Counterpoint` };
  const location = request.location ?? options.defaultLocation;
  const prices = pricesAt(data, item, location, options.defaultLocation);
  const regularPrice = prices.regPrc;
  const customer = {
    custNo: party.custNo,
    priceGroup: party.kind === "group" ? party.code : null,
  };
  const candidates = party.kind === "group" ? party.groups : data.groups;
  const hit = matchPriceRule(candidates, party, item, prices, qty, request.at);
  if (hit) {
    const { group: g, rule: r, brk: b, base, unrounded } = hit;
    const result = toMoneyString(unrounded, options.decimals);
    const method = `${b.method} (${METHOD_NAMES[b.method] ?? b.method})`;
    const basisText = base === null ? "none" : base.toFixed(4);
    return {
      ok: true,
      sku: item.itemNo,
      qty: qtyText,
      price: result,
      regularPrice: regularPrice === null ? null : toMoneyString(regularPrice, options.decimals),
      explanation: {
        source: "rule",
        customer,
        group: { type: g.type, code: g.code, descr: g.descr },
        rule: { seq: r.seq, descr: r.descr },
        break: { minQty: b.minQty.toString(), descr: b.descr },
        method: b.method,
        basis: basisLabel(b.basis),
        basisPrice: basisText,
        amountOrPct: b.amount === null ? null : b.amount.toFixed(4),
        unrounded: roundTo(unrounded, 4).toFixed(4),
        result,
        location,
        text:
          `group ${g.type}/${g.code}${g.descr ? ` (${g.descr})` : ""}, rule ${r.seq}${r.descr ? ` (${r.descr})` : ""}, ` +
          `break min qty ${b.minQty.toString()}: ${method} ${b.amount?.toString() ?? "0"} on ` +
          `${basisLabel(b.basis)} ${basisText} = ${result}`,
      },
    };
  }
  const regular = prices.levels[0] ?? prices.regPrc;
  if (regular === null)
    return {
      ok: false,
      sku: item.itemNo,
      qty: qtyText,
      error: "no_price",
      message: `item "${item.itemNo}" has no price`,
    };
  const result = toMoneyString(regular, options.decimals);
  const basis = prices.levels[0] ? "PRC_1" : "REG_PRC";
  return {
    ok: true,
    sku: item.itemNo,
    qty: qtyText,
    price: result,
    regularPrice: regularPrice === null ? null : toMoneyString(regularPrice, options.decimals),
    explanation: {
      source: "regular",
      customer,
      group: null,
      rule: null,
      break: null,
      method: null,
      basis,
      basisPrice: regular.toFixed(4),
      amountOrPct: null,
      unrounded: roundTo(regular, 4).toFixed(4),
      result,
      location,
      text: `regular price: no price rule applies; ${basis} ${regular.toFixed(4)} = ${result}`,
    },
  };
}
