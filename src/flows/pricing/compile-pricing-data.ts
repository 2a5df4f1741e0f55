import { type Money, money } from "../../money/index.js";
import { type FilterNode, type FilterTable, filterColumns, parseFilter } from "./filter-parser.js";
import {
  type BasePrices,
  type CompiledFilter,
  codeKey,
  type PriceBreak,
  type PriceGroup,
  type PricedItem,
  type PriceRule,
  type PricingData,
  type PricingProblem,
  type RawBasePrice,
  type RawCustomer,
  type RawPriceGroup,
  type RawPricingData,
} from "./pricing-data.js";

/** Columns a filter may name, per table; the loader passes the Counterpoint definition's columns. */
export type KnownColumns = Readonly<Record<FilterTable, ReadonlySet<string>>>;

/** Price types in the order Counterpoint searches them: contract, then promotional, then any other letter. */
export function typeRank(type: string): number {
  if (type === "C") return 0;
  if (type === "P") return 1;
  return 2;
}

function compileFilter(text: string | null, defaultTable: FilterTable, known: KnownColumns | null): CompiledFilter {
  let node: FilterNode;
  try {
    node = parseFilter(text);
  } catch (err) {
    return { text, node: null, error: (err as Error).message };
  }
  if (known) {
    for (const [table, columns] of filterColumns(node, defaultTable)) {
      for (const column of columns) {
        if (!known[table].has(column)) return { text, node: null, error: `unknown column ${table}.${column}` };
      }
    }
  }
  return { text, node, error: null };
}

/**
 * A sales filter (SAL_FILT) depends on the ticket (store, weekday, unit), which a price lookup does not have: only a
 * filter that is always true (NULL, `( (1=1) )`) can be honoured; anything else makes the rule inapplicable.
 */
function compileSalesFilter(text: string | null): CompiledFilter {
  let node: FilterNode;
  try {
    node = parseFilter(text);
  } catch (err) {
    return { text, node: null, error: (err as Error).message };
  }
  if (node.kind === "true" || (node.kind === "compare" && isConstantTrue(node))) return { text, node, error: null };
  return { text, node: null, error: "sales filters (store, day, unit) cannot be evaluated for a price lookup" };
}

function isConstantTrue(node: Extract<FilterNode, { kind: "compare" }>): boolean {
  const { left, right } = node;
  return node.op === "=" && left.kind === "number" && right.kind === "number" && money(left.value).eq(right.value);
}

function decimalOrNull(text: string | null): Money | null {
  return text === null ? null : money(text);
}

/** Local wall-clock bound of a group: BEG_DT/END_DT when present, else the date with BEG/END_TIM_FLG's hour. */
function bound(g: RawPriceGroup, which: "begin" | "end"): string | null {
  const none = which === "begin" ? g.NO_BEG_DAT : g.NO_END_DAT;
  if (none === "Y") return null;
  const full = which === "begin" ? g.BEG_DT : g.END_DT;
  if (full) return full;
  const date = which === "begin" ? g.BEG_DAT : g.END_DAT;
  if (!date) return null;
  const hour = (which === "begin" ? g.BEG_TIM_FLG : g.END_TIM_FLG) ?? 0;
  const day = date.slice(0, 10);
  const hh = String(hour).padStart(2, "0");
  if (which === "begin") return `${day}T${hh}:00:00.000`;
  // 0 means "end of day"; another hour means the end of that hour.
  return hour === 0 ? `${day}T23:59:59.999` : `${day}T${hh}:59:59.999`;
}

function basePrices(p: Pick<RawBasePrice, "REG_PRC" | "PRC_1" | "PRC_2" | "PRC_3" | "PRC_4" | "PRC_5" | "PRC_6">) {
  return {
    regPrc: decimalOrNull(p.REG_PRC),
    levels: [p.PRC_1, p.PRC_2, p.PRC_3, p.PRC_4, p.PRC_5, p.PRC_6].map(decimalOrNull),
  } satisfies BasePrices;
}

/**
 * Compiles raw Counterpoint rows into the engine's lookup structures: filters parsed once, rules grouped and sorted,
 * breaks sorted, prices keyed by location and item. Rules whose filters cannot be read are kept (so they can be
 * reported) but marked with their problem; they never apply.
 */
export function compilePricingData(raw: RawPricingData, known: KnownColumns | null = null): PricingData {
  const problems: PricingProblem[] = [];
  const breaksByRule = new Map<string, PriceBreak[]>();
  for (const b of raw.breaks) {
    const key = `${b.GRP_TYP}/${codeKey(b.GRP_COD)}/${b.RUL_SEQ_NO}`;
    const list = breaksByRule.get(key) ?? [];
    list.push({
      minQty: money(b.MIN_QTY),
      method: b.PRC_METH.trim().toUpperCase(),
      basis: (b.PRC_BASIS ?? "R").trim().toUpperCase() || "R",
      amount: decimalOrNull(b.AMT_OR_PCT),
      descr: b.PRC_BRK_DESCR,
    });
    breaksByRule.set(key, list);
  }
  const rulesByGroup = new Map<string, PriceRule[]>();
  for (const r of raw.rules) {
    const groupKey = `${r.GRP_TYP}/${codeKey(r.GRP_COD)}`;
    const key = `${r.GRP_TYP}/${r.GRP_COD}/${r.RUL_SEQ_NO}`;
    const custFilter = compileFilter(r.CUST_FILT, "AR_CUST", known);
    const itemFilter = compileFilter(r.ITEM_FILT, "IM_ITEM", known);
    const salesFilter = compileSalesFilter(r.SAL_FILT);
    const breaks = (breaksByRule.get(`${groupKey}/${r.RUL_SEQ_NO}`) ?? []).sort((a, b) =>
      b.minQty.comparedTo(a.minQty),
    );
    let problem: string | null = null;
    for (const [field, f] of [
      ["CUST_FILT", custFilter],
      ["ITEM_FILT", itemFilter],
      ["SAL_FILT", salesFilter],
    ] as const) {
      if (f.error !== null) {
        problem ??= `${field}: ${f.error}`;
        problems.push({ key, field, text: f.text, error: f.error });
      }
    }
    const unknownMethod = breaks.find((b) => !["D", "O", "F", "M", "A"].includes(b.method));
    if (unknownMethod) {
      const error = `price method ${unknownMethod.method} is not supported (D, O, F, M, A)`;
      problems.push({ key, field: "PRC_METH", text: unknownMethod.method, error });
    }
    const rule: PriceRule = {
      key,
      seq: r.RUL_SEQ_NO,
      descr: r.DESCR,
      custNo: r.CUST_NO?.trim() ? codeKey(r.CUST_NO) : null,
      itemNo: r.ITEM_NO?.trim() ? codeKey(r.ITEM_NO) : null,
      minQty: decimalOrNull(r.MIN_QTY),
      custFilter,
      itemFilter,
      salesFilter,
      breaks,
      problem,
    };
    const list = rulesByGroup.get(groupKey) ?? [];
    list.push(rule);
    rulesByGroup.set(groupKey, list);
  }

  const groups: PriceGroup[] = raw.groups.map((g) => {
    const key = `${g.GRP_TYP}/${g.GRP_COD}`;
    const custFilter = compileFilter(g.CUST_FILT, "AR_CUST", known);
    if (custFilter.error !== null)
      problems.push({ key, field: "CUST_FILT", text: g.CUST_FILT, error: custFilter.error });
    return {
      key,
      type: g.GRP_TYP,
      code: g.GRP_COD,
      seq: g.GRP_SEQ_NO,
      descr: g.DESCR,
      custNo: g.CUST_NO?.trim() ? codeKey(g.CUST_NO) : null,
      custFilter,
      enabled: g.ENABLED !== "N",
      begins: bound(g, "begin"),
      ends: bound(g, "end"),
      rules: (rulesByGroup.get(`${g.GRP_TYP}/${codeKey(g.GRP_COD)}`) ?? []).sort((a, b) => a.seq - b.seq),
      problem: custFilter.error === null ? null : `CUST_FILT: ${custFilter.error}`,
    };
  });
  groups.sort(
    (a, b) =>
      typeRank(a.type) - typeRank(b.type) ||
      a.type.localeCompare(b.type) ||
      (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER) ||
      a.code.localeCompare(b.code),
  );
  const groupsByCode = new Map<string, PriceGroup[]>();
  for (const g of groups) {
    const list = groupsByCode.get(codeKey(g.code)) ?? [];
    list.push(g);
    groupsByCode.set(codeKey(g.code), list);
  }

  const items = new Map<string, PricedItem>();
  for (const i of raw.items) {
    items.set(codeKey(i.itemNo), {
      itemNo: i.itemNo,
      row: i.row,
      cost: decimalOrNull(i.cost),
      fallback: {
        regPrc: decimalOrNull(i.regPrc),
        levels: [decimalOrNull(i.prc1), null, null, null, null, null],
      },
    });
  }
  const customers = new Map<string, RawCustomer>();
  for (const c of raw.customers) customers.set(codeKey(c.custNo), c);
  const prices = new Map<string, Map<string, BasePrices>>();
  for (const p of raw.prices) {
    const loc = codeKey(p.LOC_ID);
    let byItem = prices.get(loc);
    if (!byItem) {
      byItem = new Map();
      prices.set(loc, byItem);
    }
    byItem.set(codeKey(p.ITEM_NO), basePrices(p));
  }
  return { groups, groupsByCode, items, customers, prices, problems };
}
