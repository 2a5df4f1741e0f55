import type { PriceLevel } from "../../config/settings-catalog.js";
import { cpDateTimeText } from "../../counterpoint/datetime.js";
import { money, toMoneyString } from "../../money/index.js";
import type { FilterRow } from "../pricing/filter-eval.js";
import { type BasePrices, codeKey, type PriceGroup, type PricingData } from "../pricing/pricing-data.js";
import { groupIsOpen, matchPriceRule, type PricedParty, pricesAt } from "../pricing/quote-price.js";

/** A sale the web should show: the promotional price and its window (UTC, WooCommerce's `_gmt` form). */
export interface SaleQuote {
  price: string;
  fromGmt: string | null;
  toGmt: string | null;
  /** `P/GRP_COD` of the promotion. */
  group: string;
}

/** Sale and tier prices of one product or variation. */
export interface WebPriceExtras {
  sale: SaleQuote | null;
  /** WordPress role → price, only where the tier pays other than the regular price. */
  tiers: Record<string, string>;
}

/** What stays the same for every item of a run. */
export interface WebPriceContext {
  /** Rules plus the current page's items and base prices (loadWebPricing). */
  data: PricingData;
  /** Now, Counterpoint-local text. */
  now: string;
  /** Moments to look for a sale at: now, then each public promotion's start within the horizon, ascending. */
  moments: readonly string[];
  /** Public promotions (GRP_TYP P, no customer condition) in the engine's search order. */
  promotions: readonly PriceGroup[];
  /** One synthetic customer per tier (see tierParties). */
  tiers: ReadonlyArray<{ role: string; party: PricedParty }>;
  location: string;
  level: PriceLevel;
  decimals: number;
}

/**
 * Counterpoint-local wall-clock text as UTC `YYYY-MM-DDTHH:MM:SS`. cpwoo runs in Counterpoint's time zone (the same
 * assumption cpDateTimeText makes when it writes local times); set TZ for the process when the host differs.
 */
export function cpLocalToGmt(text: string): string {
  const d = new Date(text.slice(0, 23));
  if (Number.isNaN(d.getTime())) throw new RangeError(`"${text}" is not a date-time`);
  return d.toISOString().slice(0, 19);
}

/** A promotion every shopper gets: neither the group nor (checked per rule by the engine) a customer condition. */
function isPublic(g: PriceGroup): boolean {
  return g.type === "P" && g.custNo === null && g.custFilter.node?.kind === "true";
}

/** The run-wide part of the context: public promotions and the moments within `horizonDays` of `now`. */
export function saleMoments(
  rules: PricingData,
  now: Date,
  horizonDays: number,
): { now: string; moments: string[]; promotions: PriceGroup[] } {
  const nowText = cpDateTimeText(now);
  if (horizonDays <= 0) return { now: nowText, moments: [], promotions: [] };
  const end = cpDateTimeText(new Date(now.getTime() + horizonDays * 86_400_000));
  const promotions = rules.groups.filter(isPublic);
  const starts = promotions.flatMap((g) =>
    g.enabled && g.problem === null && g.begins !== null && g.begins > nowText && g.begins <= end ? [g.begins] : [],
  );
  return { now: nowText, moments: [nowText, ...[...new Set(starts)].sort()], promotions };
}

/**
 * A customer of each tier, known only by its tier code in `column` (PROF_COD_1 by default). Groups and rules aimed at
 * one customer (CUST_NO) never hold for it, and filters on other customer columns read NULL, so they fail as SQL
 * would: the tier price is what every customer of the tier pays, nothing customer-specific. Roles that are the
 * default role (walk-in customers) are skipped.
 */
export function tierParties(
  roles: Readonly<Record<string, string>>,
  column: string,
  defaultRole: string,
): Array<{ role: string; party: PricedParty }> {
  const seen = new Set<string>();
  const out: Array<{ role: string; party: PricedParty }> = [];
  for (const [tier, role] of Object.entries(roles)) {
    if (role === defaultRole || seen.has(role)) continue;
    seen.add(role);
    const row: FilterRow = { [column]: tier };
    out.push({ role, party: { kind: "customer", custNo: "", row } });
  }
  return out;
}

const WALK_IN: PricedParty = { kind: "group", code: "", groups: [], custNo: null, row: null };

/** Base prices with the web's price level replaced by `regular` (a grid cell's own price). */
function withLevel(base: BasePrices, level: PriceLevel, regular: string): BasePrices {
  const amount = money(regular);
  if (level === "REG_PRC") return { ...base, regPrc: amount };
  const index = Number(level.slice(4)) - 1;
  return { ...base, levels: base.levels.map((v, i) => (i === index ? amount : v)) };
}

/**
 * Sale and tier prices of one product or variation from the contract/promotion engine (matchPriceRule), at qty 1.
 * `regular` is the web's regular price (a cell's own price for a variation): rules based on the configured level use
 * it, other levels come from the item's IM_PRC row. The sale is the first public promotion that beats the regular
 * price now, else the first one starting within the horizon; tier prices are taken now.
 */
export function webPriceExtras(ctx: WebPriceContext, itemNo: string, regular: string | null): WebPriceExtras {
  const none: WebPriceExtras = { sale: null, tiers: {} };
  const item = ctx.data.items.get(codeKey(itemNo));
  if (!item || regular === null || regular.trim() === "" || money(regular).isZero()) return none;
  const regularWeb = money(toMoneyString(money(regular), ctx.decimals));
  const prices = withLevel(pricesAt(ctx.data, item, ctx.location, ctx.location), ctx.level, regular);
  const qty = money(1);
  let sale: SaleQuote | null = null;
  for (const at of ctx.moments) {
    const hit = matchPriceRule(ctx.promotions, WALK_IN, item, prices, qty, at);
    if (!hit) continue;
    const price = toMoneyString(hit.unrounded, ctx.decimals);
    if (!money(price).lessThan(regularWeb)) continue;
    const g = hit.group;
    sale = {
      price,
      fromGmt: g.begins === null ? null : cpLocalToGmt(g.begins),
      toGmt: g.ends === null ? null : cpLocalToGmt(g.ends),
      group: g.key,
    };
    break;
  }
  const tiers: Record<string, string> = {};
  for (const t of ctx.tiers) {
    const hit = matchPriceRule(ctx.data.groups, t.party, item, prices, qty, ctx.now);
    if (!hit) continue;
    const price = toMoneyString(hit.unrounded, ctx.decimals);
    if (!money(price).eq(regularWeb)) tiers[t.role] = price;
  }
  return { sale, tiers };
}

/** Keys of the groups open now and of the public promotions due within the horizon: a change re-prices everything. */
export function scheduleKey(rules: PricingData, now: string, moments: readonly string[]): string[] {
  const open = rules.groups.filter((g) => groupIsOpen(g, now)).map((g) => g.key);
  return [...open, ...moments.slice(1).map((m) => `starts ${m}`)];
}
