import { fit } from "../../counterpoint/fit.js";
import { docIdFor, nextDocNumber } from "../../counterpoint/numbering.js";
import { type Money, money, roundTo } from "../../money/index.js";
import { type DemoRow, demoRow } from "./demo-row.js";
import {
  BUSINESS_WORDS,
  CATEGORIES,
  type CategorySpec,
  CITIES,
  COLORS,
  CUSTOMER_PROFILES,
  DRAWER_ID,
  EC_CATEGORIES,
  EXEMPT_AUTHORITY,
  FIRST_NAMES,
  FIXED_CUSTOMERS,
  type FixedCustomerSpec,
  ITEM_PROFILE_CODES,
  ITEM_WORDS,
  LAST_NAMES,
  LOCATIONS,
  NATIVE_USER,
  PRICE_LOC,
  RECORDED_ITEMS,
  STATE_AUTHORITY,
  STATIONS,
  STORE,
  STREETS,
  type SubcategorySpec,
  TAX_CODES,
} from "./demo-store-data.js";
import { type NativeOrderContact, type NativeOrderLine, nativeOrderRows } from "./native-order.js";
import { SeededRandom } from "./seeded-random.js";

export interface DemoStoreOptions {
  /** Items in total, the recorded store's five included. */
  items: number;
  /** Customers in total, the fixed ones included. */
  customers: number;
  /** Any text; the same seed gives the same rows. */
  seed: string;
}

export const DEFAULT_DEMO_STORE: DemoStoreOptions = { items: 200, customers: 50, seed: "pelican-bay" };
export const MIN_ITEMS = RECORDED_ITEMS.length;
export const MIN_CUSTOMERS = FIXED_CUSTOMERS.length;
export const MAX_ITEMS = 1_000_000;
export const MAX_CUSTOMERS = 1_000_000;

export class DemoStoreOptionsError extends Error {}

/** Checks generator options, with messages naming the option. */
export function checkDemoStoreOptions(o: DemoStoreOptions): DemoStoreOptions {
  const whole = (value: number, name: string, min: number, max: number, why: string) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new DemoStoreOptionsError(`${name} must be a whole number from ${min} to ${max} (${why}), got ${value}`);
    }
  };
  whole(o.items, "--items", MIN_ITEMS, MAX_ITEMS, "the recorded store's items are always included");
  whole(o.customers, "--customers", MIN_CUSTOMERS, MAX_CUSTOMERS, "the fixed demo customers are always included");
  if (o.seed.length === 0) throw new DemoStoreOptionsError("--seed must not be empty");
  return o;
}

/** The store's "now": every generated date is relative to it, so a seed always gives the same rows. */
export const DEMO_NOW = "2025-12-04T16:00:00.000";
export const DEMO_UTC_NOW = "2025-12-04T21:00:00.000";

const m2 = (v: Money) => roundTo(v, 2).toFixed(2);
const m4 = (v: Money) => roundTo(v, 4).toFixed(4);
const upper = (s: string | null) => (s === null ? null : s.toUpperCase());
const cut = <T extends Parameters<typeof fit>[0]>(table: T, column: Parameters<typeof fit<T>>[1], v: string) =>
  fit(table, column, v).value;

/** A local date `days` before DEMO_NOW, at a time of day drawn from `r`. */
function daysAgo(r: SeededRandom, days: number): string {
  const base = new Date(2025, 11, 4);
  base.setDate(base.getDate() - days);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${base.getFullYear()}-${p(base.getMonth() + 1)}-${p(base.getDate())}T${p(r.int(7, 19))}:${p(r.int(0, 59))}:${p(r.int(0, 59))}.000`;
}

function ecCategoryId(index: number): string {
  // EC_CATEG ids look like creation timestamps (NCR's sample: 2002092510211378).
  return `20251201090000${String(index + 1).padStart(2, "0")}`;
}

const ecIdByName = new Map(EC_CATEGORIES.map((c, i) => [c.name, ecCategoryId(i)]));

// ---------------------------------------------------------------- store, tax, codes

function* storeRows(): Generator<DemoRow> {
  yield demoRow("PS_STR", {
    STR_ID: STORE.id,
    DESCR: STORE.name,
    DESCR_UPR: STORE.name.toUpperCase(),
    ADRS_1: STORE.address,
    CITY: STORE.city,
    STATE: STORE.state,
    ZIP_COD: STORE.zip,
    CNTRY: "US",
    PHONE_1: STORE.phone,
    EMAIL_ADRS_1: STORE.email,
    STR_NO: STORE.no,
    LST_MAINT_DT: DEMO_NOW,
    LST_MAINT_USR_ID: NATIVE_USER,
  });
  for (const s of STATIONS) {
    yield demoRow("PS_STA", {
      STR_ID: STORE.id,
      STA_ID: s.id,
      DESCR: s.name,
      DESCR_UPR: s.name.toUpperCase(),
      STA_NO: s.no,
      LST_MAINT_DT: DEMO_NOW,
      LST_MAINT_USR_ID: NATIVE_USER,
    });
  }
  yield demoRow("PS_DRW", { STR_ID: STORE.id, DRW_ID: DRAWER_ID, DESCR: "Drawer 1", DESCR_UPR: "DRAWER 1" });

  // Tax: the state authority, one authority per county, the exempt authority; each code = state + county.
  const authorities = [
    { code: STATE_AUTHORITY.code, name: STATE_AUTHORITY.name, pct: STATE_AUTHORITY.pct },
    ...TAX_CODES.filter((t) => t.county !== null).map((t) => ({
      code: t.county ?? "",
      name: t.countyName,
      pct: t.surtax,
    })),
    { code: EXEMPT_AUTHORITY.code, name: EXEMPT_AUTHORITY.name, pct: EXEMPT_AUTHORITY.pct },
  ];
  for (const a of authorities) {
    yield demoRow("SY_TAX_AUTH", { AUTH_COD: a.code, NAM: a.name, NAM_UPR: a.name.toUpperCase(), STATE: "FL" });
    yield demoRow("SY_TAX_AUTH_RUL", {
      AUTH_COD: a.code,
      RUL_COD: "TAX",
      RUL_SEQ_NO: 1,
      DESCR: "Tax",
      DESCR_UPR: "TAX",
      TAX_ACCT_NO: "2310",
      TAX_METH: "!",
      TAX_PCT_1: a.pct,
      TAX_AMT_OVR_1: "0",
      NO_MAX_UNIT_TXBL_AMT: "Y",
      TAX_RND_METH: "N",
      RUL_APPLY_TO_CATEG_MOD: "*",
    });
  }
  for (const t of TAX_CODES) {
    const descr = t.county === null ? t.countyName : `${t.code.trimEnd()} - ${money(t.surtax).toFixed(1)}%`;
    yield demoRow("AR_TAX_COD", { TAX_COD: t.code, DESCR: descr, DESCR_UPR: descr.toUpperCase() });
    const auths = t.county === null ? [EXEMPT_AUTHORITY.code] : [STATE_AUTHORITY.code, t.county];
    for (const [i, auth] of auths.entries()) {
      yield demoRow("AR_TAX_COD_AUTH", { TAX_COD: t.code, SEQ_NO: i + 1, AUTH_COD: auth });
    }
  }

  for (const l of LOCATIONS) {
    yield demoRow("IM_LOC", { LOC_ID: l.id, DESCR: l.name, DESCR_UPR: l.name.toUpperCase(), STATE: "FL", CNTRY: "US" });
  }
  for (const c of CATEGORIES) {
    yield demoRow("IM_CATEG_COD", { CATEG_COD: c.code, DESCR: c.name, DESCR_UPR: c.name.toUpperCase() });
    for (const s of c.subcategories) {
      yield demoRow("IM_SUBCAT_COD", {
        CATEG_COD: c.code,
        SUBCAT_COD: s.code,
        DESCR: s.name,
        DESCR_UPR: s.name.toUpperCase(),
      });
    }
  }
  for (const [i, c] of EC_CATEGORIES.entries()) {
    yield demoRow("EC_CATEG", {
      CATEG_ID: ecCategoryId(i),
      DESCR: c.name,
      DESCR_UPR: c.name.toUpperCase(),
      PARENT_ID: c.parent === null ? null : (ecIdByName.get(c.parent) ?? null),
      DISP_SEQ_NO: i,
      HTML_DESCR: `<p>${c.name} for life on the water.</p>`,
      LST_MAINT_DT: DEMO_NOW,
      LST_MAINT_USR_ID: NATIVE_USER,
    });
  }
}

// ---------------------------------------------------------------- counters

/** PS_STR_CFG_PS with native-style counters: the next order number follows the last native order. */
function storeConfigRow(lastOrderNo: string): DemoRow {
  return demoRow("PS_STR_CFG_PS", {
    STR_ID: STORE.id,
    STK_LOC_ID: LOCATIONS[0].id,
    PRC_LOC_ID: LOCATIONS[0].id,
    AR_TAX_COD: "FL-Broward",
    DFLT_TAX_COD_METH: "C",
    WALK_IN_CUST_NO: "CASH",
    TIP_METH: "N", // [U] code letters
    ALLOW_5_DIGIT_PLU: "N",
    TKT_NO_METH: "S",
    NXT_TKT_NO: "T101-000500",
    NXT_TKT_NO_AUTO: "Y",
    HOLD_NO_METH: "S",
    NXT_HOLD_NO: "H101-000010",
    NXT_HOLD_NO_AUTO: "Y",
    QUOT_NO_METH: "S",
    NXT_QUOT_NO: "Q101-000060",
    NXT_QUOT_NO_AUTO: "Y",
    ORD_NO_METH: "S",
    NXT_ORD_NO: nextDocNumber(lastOrderNo),
    NXT_ORD_NO_AUTO: "Y",
    LWY_NO_METH: "S",
    NXT_LWY_NO: "L101-000020",
    NXT_LWY_NO_AUTO: "Y",
    USE_ORD_NO_AS_TKT_NO: "Y",
    USE_LWY_NO_AS_TKT_NO: "Y",
    LST_MAINT_DT: DEMO_NOW,
    LST_MAINT_USR_ID: NATIVE_USER,
  });
}

// ---------------------------------------------------------------- price groups

interface BreakSpec {
  minQty: string;
  method: "D" | "O" | "M" | "A";
  basis: string;
  amount: string;
}
interface RuleSpec {
  descr: string;
  itemFilt: string | null;
  itemFiltText: string;
  itemNo?: string;
  breaks: readonly BreakSpec[];
}
interface GroupSpec {
  typ: "C" | "P";
  cod: string;
  descr: string;
  custFilt: string | null;
  custFiltText: string;
  custNo?: string;
  dates?: { beg: string; end: string };
  rules: readonly RuleSpec[];
}

const allItems = { itemFilt: null, itemFiltText: "*** All ***" } as const;
const profileFilter = (code: string) =>
  ({ itemFilt: `(IM_ITEM.PROF_COD_1 = '${code}')`, itemFiltText: `NCR TYPE is (exactly) ${code}` }) as const;
const tier = (code: string) => ({
  custFilt: `(AR_CUST.PROF_COD_1 = '${code}')`,
  custFiltText: `Profile code 1 is (exactly) ${code}`,
});

/**
 * Contract groups (GRP_TYP C) keyed by customer profile tier or by one customer (Woody's "NCR BID #" 144319), and
 * promotions (GRP_TYP P) with dates. Breaks use all four methods: D percent off, O override price, M markup, A amount
 * off. Filters are real SQL predicates over AR_CUST / IM_ITEM, as Counterpoint stores them.
 */
export const PRICE_GROUPS: readonly GroupSpec[] = [
  {
    typ: "C",
    cod: "144319",
    descr: "SUPERIOR CONTRACT",
    custFilt: "(AR_CUST.CUST_NO = '2221')",
    custFiltText: "Customer # is (exactly) 2221",
    custNo: "2221",
    rules: [
      {
        descr: "SUPERIOR PC S CS",
        ...profileFilter("PC S CS"),
        breaks: [{ minQty: "1", method: "D", basis: "1", amount: "49.4949" }],
      },
      {
        descr: "SUPERIOR TOTE",
        itemFilt: "(IM_ITEM.ITEM_NO = 'PBO-TOTE')",
        itemFiltText: "Item number is (exactly) PBO-TOTE",
        itemNo: "PBO-TOTE",
        breaks: [
          { minQty: "1", method: "O", basis: "1", amount: "30.0000" },
          { minQty: "10", method: "O", basis: "1", amount: "27.5000" },
        ],
      },
    ],
  },
  {
    typ: "C",
    cod: "TIER1",
    descr: "TIER 1 PRICING",
    ...tier("TIER1"),
    rules: [
      {
        descr: "TIER 1 ALL ITEMS",
        ...allItems,
        breaks: [
          { minQty: "1", method: "D", basis: "R", amount: "28.0000" },
          { minQty: "12", method: "D", basis: "R", amount: "30.0000" },
        ],
      },
    ],
  },
  {
    typ: "C",
    cod: "TIER2",
    descr: "TIER 2 PRICING",
    ...tier("TIER2"),
    rules: [
      {
        descr: "TIER 2 BOTTLE OVERRIDE",
        itemFilt: "(IM_ITEM.ITEM_NO = 'PBO-BTL-32')",
        itemFiltText: "Item number is (exactly) PBO-BTL-32",
        itemNo: "PBO-BTL-32",
        breaks: [
          { minQty: "1", method: "O", basis: "1", amount: "26.5500" },
          { minQty: "24", method: "O", basis: "1", amount: "24.0000" },
        ],
      },
      {
        descr: "TIER 2 ALL ITEMS",
        ...allItems,
        breaks: [
          { minQty: "1", method: "D", basis: "R", amount: "33.0000" },
          { minQty: "24", method: "D", basis: "R", amount: "35.0000" },
        ],
      },
    ],
  },
  {
    typ: "C",
    cod: "TIER3",
    descr: "TIER 3 PRICING",
    ...tier("TIER3"),
    rules: [
      { descr: "TIER 3 ALL ITEMS", ...allItems, breaks: [{ minQty: "1", method: "D", basis: "R", amount: "35.0000" }] },
    ],
  },
  {
    typ: "C",
    cod: "TIER4",
    descr: "TIER 4 PRICING",
    ...tier("TIER4"),
    rules: [
      // Markup over the basis price. [U] which PRC_BASIS letter names cost: only 1..6 and R are documented.
      {
        descr: "TIER 4 BULK MARKUP",
        ...profileFilter("BULK"),
        breaks: [{ minQty: "1", method: "M", basis: "1", amount: "10.0000" }],
      },
      { descr: "TIER 4 ALL ITEMS", ...allItems, breaks: [{ minQty: "1", method: "D", basis: "R", amount: "37.0000" }] },
    ],
  },
  {
    typ: "C",
    cod: "TIER5",
    descr: "TIER 5 PRICING",
    ...tier("TIER5"),
    rules: [
      { descr: "TIER 5 ALL ITEMS", ...allItems, breaks: [{ minQty: "1", method: "D", basis: "R", amount: "39.0000" }] },
    ],
  },
  {
    typ: "C",
    cod: "RESELLER",
    descr: "RESELLER PRICING",
    ...tier("RESELLER"),
    rules: [
      {
        descr: "RESELLER FISHING",
        itemFilt: "(IM_ITEM.CATEG_COD = 'FISHING')",
        itemFiltText: "Category is (exactly) FISHING",
        breaks: [
          { minQty: "1", method: "A", basis: "R", amount: "2.0000" },
          { minQty: "48", method: "A", basis: "R", amount: "3.0000" },
        ],
      },
      {
        descr: "RESELLER ALL ITEMS",
        ...allItems,
        breaks: [{ minQty: "1", method: "D", basis: "R", amount: "38.0000" }],
      },
    ],
  },
  {
    typ: "P",
    cod: "SUMMER25",
    descr: "Summer sun sale",
    custFilt: null,
    custFiltText: "*** All ***",
    dates: { beg: "2025-06-01", end: "2025-08-31" },
    rules: [
      {
        descr: "SUN CARE 20% OFF",
        itemFilt: "(IM_ITEM.CATEG_COD = 'SUN CARE')",
        itemFiltText: "Category is (exactly) SUN CARE",
        breaks: [{ minQty: "1", method: "D", basis: "1", amount: "20.0000" }],
      },
    ],
  },
  {
    typ: "P",
    cod: "HOLIDAY25",
    descr: "Holiday apparel sale",
    custFilt: null,
    custFiltText: "*** All ***",
    dates: { beg: "2025-11-28", end: "2025-12-31" },
    rules: [
      {
        descr: "APPAREL 15% OFF",
        itemFilt: "(IM_ITEM.CATEG_COD = 'APPAREL')",
        itemFiltText: "Category is (exactly) APPAREL",
        breaks: [{ minQty: "1", method: "D", basis: "1", amount: "15.0000" }],
      },
    ],
  },
];

function filterTemplate(predicate: string | null): string | null {
  const m = predicate === null ? null : /^\((\w+)\.(\w+) = '([^']*)'\)$/.exec(predicate);
  if (!m) return null;
  return [
    "Checked=0",
    "IndentLev=0",
    `DataField=${m[2]}`,
    "Template=is (exactly)",
    `Value=${m[3]}`,
    "Value1=",
    "Value2=",
    "Operation=and",
  ].join("\n");
}

function breakText(b: BreakSpec): string {
  const basis = b.basis === "R" ? "Reg" : `Price-${b.basis}`;
  const what = {
    D: `${money(b.amount).toString()}%`,
    M: `+${money(b.amount).toString()}%`,
    O: `$${money(b.amount).toFixed(2)}`,
    A: `-$${money(b.amount).toFixed(2)}`,
  }[b.method];
  return `Min qty ${money(b.minQty).toString()} ${basis} ${what}`;
}

function* priceGroupRows(): Generator<DemoRow> {
  for (const [gi, g] of PRICE_GROUPS.entries()) {
    yield demoRow("IM_PRC_GRP", {
      GRP_TYP: g.typ,
      GRP_COD: g.cod,
      GRP_SEQ_NO: gi + 1,
      DESCR: g.descr,
      DESCR_UPR: g.descr.toUpperCase(),
      CUST_FILT: g.custFilt,
      CUST_FILT_TMPLT: filterTemplate(g.custFilt),
      CUST_FILT_TEXT: g.custFiltText,
      NO_BEG_DAT: g.dates ? "N" : "Y",
      NO_END_DAT: g.dates ? "N" : "Y",
      BEG_DAT: g.dates ? `${g.dates.beg}T00:00:00.000` : null,
      BEG_DT: g.dates ? `${g.dates.beg}T00:00:00.000` : null,
      BEG_TIM_FLG: g.dates ? 0 : null,
      END_DAT: g.dates ? `${g.dates.end}T00:00:00.000` : null,
      END_DT: g.dates ? `${g.dates.end}T23:59:59.000` : null,
      END_TIM_FLG: g.dates ? 0 : null,
      ENABLED: "Y",
      CUST_NO: g.custNo ?? null,
      LST_MAINT_DT: DEMO_NOW,
      LST_MAINT_USR_ID: NATIVE_USER,
    });
    for (const [ri, r] of g.rules.entries()) {
      yield demoRow("IM_PRC_RUL", {
        GRP_TYP: g.typ,
        GRP_COD: g.cod,
        RUL_SEQ_NO: ri + 1,
        DESCR: r.descr,
        DESCR_UPR: r.descr.toUpperCase(),
        CUST_FILT: null,
        CUST_FILT_TEXT: "*** All ***",
        ITEM_FILT: r.itemFilt,
        ITEM_FILT_TMPLT: filterTemplate(r.itemFilt),
        ITEM_FILT_TEXT: r.itemFiltText,
        SAL_FILT_TEXT: "*** All ***",
        MIN_QTY: "0",
        PRC_BRK_DESCR: r.breaks.map(breakText).join("; ").slice(0, 50),
        CUST_NO: g.custNo ?? null,
        ITEM_NO: r.itemNo ?? null,
        LST_MAINT_DT: DEMO_NOW,
        LST_MAINT_USR_ID: NATIVE_USER,
      });
      for (const b of r.breaks) {
        yield demoRow("IM_PRC_RUL_BRK", {
          GRP_TYP: g.typ,
          GRP_COD: g.cod,
          RUL_SEQ_NO: ri + 1,
          MIN_QTY: b.minQty,
          PRC_METH: b.method,
          PRC_BASIS: b.basis,
          AMT_OR_PCT: b.amount,
          PRC_BRK_DESCR: breakText(b),
          LST_MAINT_DT: DEMO_NOW,
          LST_MAINT_USR_ID: NATIVE_USER,
        });
      }
    }
  }
}

// ---------------------------------------------------------------- items

interface ItemPlan {
  itemNo: string;
  descr: string;
  categ: CategorySpec;
  subcat: SubcategorySpec;
  price: Money;
  regPrice: Money;
  cost: Money;
  profile: string;
  stat: "A" | "V" | "D";
  ecommerce: boolean;
  /** Grid dimensions: tags and values per dimension (1 or 2 used; unused dimensions hold "*"). */
  grid: { tags: string[]; values: string[][]; cellPrices: Record<string, string> } | null;
  /** On hand per location, per cell key (dims joined with "|") or "*" for the item. */
  stock: (loc: string, cell: string) => number;
  /** Committed quantity per location/cell. */
  commit: (loc: string, cell: string) => number;
  caseUnit: boolean;
}

const cellKey = (dims: readonly string[]) => dims.join("|");

/** UPC-style check digit (mod 10, weights 3/1 from the right). */
function checkDigit(digits: string): string {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    total += i % 2 === 0 ? d * 3 : d;
  }
  return String((10 - (total % 10)) % 10);
}

class BarcodeSource {
  private next = 1;
  take(): string {
    // EAN-13 in the in-store range 20…: 2 + 0 + 10-digit serial + check digit.
    const body = `20${String(this.next++).padStart(10, "0")}`;
    return body + checkDigit(body);
  }
}

function* itemRows(item: ItemPlan, r: SeededRandom, barcodes: BarcodeSource): Generator<DemoRow> {
  const maint = daysAgo(r, r.int(0, 400));
  const slug = item.descr
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  const itemBarcode = barcodes.take();
  const grid = item.grid;
  const dims: [string | null, string | null, string | null] = grid
    ? [grid.tags[0] ?? null, grid.tags[1] ?? null, grid.tags[2] ?? null]
    : [null, null, null];
  yield demoRow("IM_ITEM", {
    ITEM_NO: item.itemNo,
    DESCR: cut("IM_ITEM", "DESCR", item.descr),
    DESCR_UPR: cut("IM_ITEM", "DESCR_UPR", item.descr.toUpperCase()),
    LONG_DESCR: cut("IM_ITEM", "LONG_DESCR", `${item.descr} by ${STORE.name}`),
    SHORT_DESCR: cut("IM_ITEM", "SHORT_DESCR", item.descr),
    ITEM_TYP: "I",
    CATEG_COD: item.categ.code,
    SUBCAT_COD: item.subcat.code,
    ACCT_COD: "1",
    TRK_METH: grid ? "G" : "N",
    STAT: item.stat,
    STAT_DAT: item.stat === "A" ? null : daysAgo(r, r.int(10, 200)),
    IS_TXBL: "Y",
    STK_UNIT: "EA",
    ALT_1_UNIT: item.caseUnit ? "CS" : null,
    ALT_1_NUMER: item.caseUnit ? "12" : null,
    ALT_1_DENOM: item.caseUnit ? "1" : null,
    ALT_1_PRC_1: item.caseUnit ? m4(item.price.times(12).times("0.9")) : null,
    PREF_UNIT: "0",
    PROF_COD_1: item.profile,
    GRID_DIM_1_TAG: dims[0],
    GRID_DIM_2_TAG: dims[1],
    GRID_DIM_3_TAG: dims[2],
    GRID_DIM_1_TAG_UPR: upper(dims[0]),
    GRID_DIM_2_TAG_UPR: upper(dims[1]),
    GRID_DIM_3_TAG_UPR: upper(dims[2]),
    GRID_ENT_1: grid ? 1 : null,
    GRID_ENT_2: grid && grid.tags.length > 1 ? 2 : null,
    PRC_1: m4(item.price),
    REG_PRC: m4(item.regPrice),
    LST_COST: m4(item.cost),
    BARCOD: itemBarcode,
    IS_ECOMM_ITEM: item.ecommerce ? "Y" : "N",
    ECOMM_IMG_FILE: item.ecommerce ? `${item.itemNo.toLowerCase()}.jpg` : null,
    URL: item.ecommerce ? cut("IM_ITEM", "URL", slug) : null,
    WEIGHT: m4(money(r.int(2, 80)).dividedBy(10)),
    TAX_CATEG_COD: "TXBL",
    ITEM_VEND_NO: `V${String(r.int(100, 130))}`,
    LST_MAINT_DT: maint,
    LST_MAINT_USR_ID: NATIVE_USER,
  });
  const priceRow = (d: readonly [string, string, string], price: Money, reg: Money) =>
    demoRow("IM_PRC", {
      ITEM_NO: item.itemNo,
      LOC_ID: PRICE_LOC,
      DIM_1_UPR: d[0],
      DIM_2_UPR: d[1],
      DIM_3_UPR: d[2],
      REG_PRC: m4(reg),
      PRC_1: m4(price),
      PRC_2: m4(roundTo(price.times("0.95"), 2)),
      PRC_3: m4(roundTo(price.times("0.90"), 2)),
      LST_MAINT_DT: maint,
      LST_MAINT_USR_ID: NATIVE_USER,
    });
  yield priceRow(["*", "*", "*"], item.price, item.regPrice);
  yield demoRow("IM_BARCOD", {
    ITEM_NO: item.itemNo,
    SEQ_NO: 1,
    BARCOD_ID: "ITEM",
    DIM_1_UPR: "*",
    DIM_2_UPR: "*",
    DIM_3_UPR: "*",
    BARCOD: itemBarcode,
    UNIT: "0",
  });

  // Grid: dimension rows (an unused dimension still has its "*" row), cell barcodes, per-cell prices.
  const cells: [string, string, string][] = [];
  if (grid) {
    const values: [string[], string[], string[]] = [
      grid.values[0] ?? ["*"],
      grid.values[1] ?? ["*"],
      grid.values[2] ?? ["*"],
    ];
    for (const [n, list] of values.entries()) {
      for (const [seq, v] of list.entries()) {
        const row = { ITEM_NO: item.itemNo, LST_MAINT_DT: maint, LST_MAINT_USR_ID: NATIVE_USER };
        if (n === 0)
          yield demoRow("IM_GRID_DIM_1", { ...row, DIM_1_UPR: v.toUpperCase(), DIM_1: v, DIM_1_SEQ_NO: seq + 1 });
        if (n === 1)
          yield demoRow("IM_GRID_DIM_2", { ...row, DIM_2_UPR: v.toUpperCase(), DIM_2: v, DIM_2_SEQ_NO: seq + 1 });
        if (n === 2)
          yield demoRow("IM_GRID_DIM_3", { ...row, DIM_3_UPR: v.toUpperCase(), DIM_3: v, DIM_3_SEQ_NO: seq + 1 });
      }
    }
    for (const a of values[0])
      for (const b of values[1])
        for (const c of values[2]) cells.push([a.toUpperCase(), b.toUpperCase(), c.toUpperCase()]);
    let seq = 2;
    for (const cell of cells) {
      yield demoRow("IM_BARCOD", {
        ITEM_NO: item.itemNo,
        SEQ_NO: seq++,
        BARCOD_ID: "CELL",
        DIM_1_UPR: cell[0],
        DIM_2_UPR: cell[1],
        DIM_3_UPR: cell[2],
        BARCOD: barcodes.take(),
        UNIT: "0",
      });
      const cellPrice = grid.cellPrices[cellKey(cell.filter((d) => d !== "*"))];
      if (cellPrice !== undefined) yield priceRow(cell, money(cellPrice), money(cellPrice));
    }
  }

  for (const loc of LOCATIONS) {
    const keys = grid ? cells.map((c) => cellKey(c.filter((d) => d !== "*"))) : ["*"];
    const onHand = keys.map((k) => item.stock(loc.id, k));
    const committed = keys.map((k) => item.commit(loc.id, k));
    const total = onHand.reduce((a, b) => a + b, 0);
    yield demoRow("IM_INV", {
      ITEM_NO: item.itemNo,
      LOC_ID: loc.id,
      QTY_ON_HND: String(total),
      QTY_COMMIT: String(committed.reduce((a, b) => a + b, 0)),
      MIN_QTY: loc.id === "01" ? "5" : "0",
      MAX_QTY: loc.id === "01" ? "60" : "0",
      LST_AVG_COST: m4(item.cost),
      LST_COST: m4(item.cost),
      GL_VAL: total > 0 ? m2(item.cost.times(total)) : "0.00",
      LST_MAINT_DT: maint,
      LST_MAINT_USR_ID: NATIVE_USER,
    });
    for (const [i, cell] of cells.entries()) {
      yield demoRow("IM_INV_CELL", {
        ITEM_NO: item.itemNo,
        LOC_ID: loc.id,
        DIM_1_UPR: cell[0],
        DIM_2_UPR: cell[1],
        DIM_3_UPR: cell[2],
        QTY_ON_HND: String(onHand[i] ?? 0),
        QTY_COMMIT: String(committed[i] ?? 0),
        CELL_STAT: "A",
        IS_ECOMM_ITEM_CELL: item.ecommerce ? "Y" : "N",
        LST_MAINT_DT: maint,
        LST_MAINT_USR_ID: NATIVE_USER,
      });
    }
  }

  if (item.ecommerce) {
    const ecId = ecIdByName.get(item.subcat.ecCategory);
    if (ecId)
      yield demoRow("EC_CATEG_ITEM", {
        ITEM_NO: item.itemNo,
        CATEG_ID: ecId,
        ENTRY_SEQ_NO: 1,
        LST_MAINT_DT: maint,
        LST_MAINT_USR_ID: NATIVE_USER,
      });
    const features = [item.subcat.name, item.categ.name, grid ? `Sizes ${grid.values.flat().join(", ")}` : "One size"];
    yield demoRow("EC_ITEM_DESCR", {
      ITEM_NO: item.itemNo,
      HTML_DESCR: `<h2>${item.descr}</h2><p>Built for Florida's coast by ${STORE.name}.</p><ul>${features.map((f) => `<li>${f}</li>`).join("")}</ul>`,
      LST_MAINT_DT: maint,
      LST_MAINT_USR_ID: NATIVE_USER,
    });
  }
}

function findCategory(categ: string, subcat: string): [CategorySpec, SubcategorySpec] {
  const c = CATEGORIES.find((x) => x.code === categ);
  const s = c?.subcategories.find((x) => x.code === subcat);
  if (!c || !s) throw new Error(`demo data: unknown category ${categ}/${subcat}`);
  return [c, s];
}

function recordedItemPlans(commitments: Map<string, number>): ItemPlan[] {
  return RECORDED_ITEMS.map((spec) => {
    const [categ, subcat] = findCategory(spec.categ, spec.subcat);
    const grid = spec.grid
      ? { tags: [spec.grid.tag], values: [[...spec.grid.values]], cellPrices: { ...(spec.grid.cellPrices ?? {}) } }
      : null;
    return {
      itemNo: spec.itemNo,
      descr: spec.descr,
      categ,
      subcat,
      price: money(spec.price),
      regPrice: money(spec.regPrice),
      cost: money(spec.cost),
      profile: spec.profile,
      stat: "A",
      ecommerce: true,
      grid,
      caseUnit: false,
      stock: (loc, cell) => (loc === "01" ? (spec.stock[cell] ?? 0) : loc === "02" ? 40 : 0),
      commit: (loc, cell) => commitments.get(`${spec.itemNo}|${loc}|${cell}`) ?? 0,
    };
  });
}

function randomItemPlan(r: SeededRandom, serial: number): ItemPlan {
  const categ = r.pick(CATEGORIES);
  const subcat = r.pick(categ.subcategories);
  const noun = r.pick(subcat.nouns);
  const word = r.pick(ITEM_WORDS);
  const gridded = subcat.grid !== undefined && r.chance(0.36);
  let grid: ItemPlan["grid"] = null;
  let descr = `${word} ${noun}`;
  if (gridded && subcat.grid) {
    const sizes = subcat.grid.values.slice(0, r.int(3, subcat.grid.values.length));
    if (categ.code === "APPAREL" && r.chance(0.3)) {
      const colors = [...new Set([r.pick(COLORS), r.pick(COLORS), r.pick(COLORS)])];
      grid = { tags: ["Color", subcat.grid.tag], values: [colors, sizes], cellPrices: {} };
    } else {
      grid = { tags: [subcat.grid.tag], values: [sizes], cellPrices: {} };
    }
  } else if (categ.code === "APPAREL" || categ.code === "FOOTWEAR") {
    descr += ` - ${r.pick(COLORS)}`;
  }
  const [lo, hi] = subcat.prices;
  const price = money(r.int(lo, hi)).plus(r.pick(["0.99", "0.95", "0.50", "0.00"]));
  const onSale = r.chance(0.15);
  const regPrice = onSale ? roundTo(price.times("1.2"), 0).plus("0.99") : price;
  const cost = roundTo(price.times(money(r.int(40, 60)).dividedBy(100)), 4);
  const stat = r.chance(0.85) ? "A" : r.chance(2 / 3) ? "D" : "V";
  // Stock drawn once per location and cell, so it does not depend on how often it is read.
  const stock = new Map<string, number>();
  const commit = new Map<string, number>();
  const draw = (loc: string, cell: string) => {
    const key = `${loc}|${cell}`;
    if (!stock.has(key)) {
      const negative = loc === "01" && r.chance(0.03);
      const max = loc === "01" ? 150 : loc === "02" ? 400 : 30;
      stock.set(key, negative ? -r.int(1, 25) : stat === "V" ? 0 : r.int(0, max));
      commit.set(key, loc === "01" && r.chance(0.08) ? r.int(1, 4) : 0);
    }
    return key;
  };
  return {
    itemNo: `${categ.prefix}-${String(10000 + serial)}`,
    descr,
    categ,
    subcat,
    price,
    regPrice,
    cost,
    profile: r.pick(ITEM_PROFILE_CODES),
    stat,
    ecommerce: stat !== "V" && r.chance(0.7),
    grid,
    caseUnit: subcat.code === "LURES" || subcat.code === "SPF",
    stock: (loc, cell) => stock.get(draw(loc, cell)) ?? 0,
    commit: (loc, cell) => commit.get(draw(loc, cell)) ?? 0,
  };
}

// ---------------------------------------------------------------- customers

interface CustomerPlan {
  custNo: string;
  nameType: "P" | "B";
  name: string;
  first: string | null;
  last: string | null;
  email: string | null;
  adrs: string[];
  city: string;
  zip: string;
  phone: string | null;
  taxCode: string;
  profile: string;
  categ: string;
  custType: "C" | "A";
  ecommerce: boolean;
  orders: number;
  /** Ship-to addresses: id and address lines. */
  shipTos: { id: string; name: string; adrs: string[]; city: string; zip: string; taxCode: string }[];
}

function fixedCustomerPlan(spec: FixedCustomerSpec, orders: number): CustomerPlan {
  const shipTos =
    spec.custNo === "CASH"
      ? []
      : [
          {
            id: "(DEFAULT)",
            name: spec.name,
            adrs: [...spec.adrs],
            city: spec.city,
            zip: spec.zip,
            taxCode: spec.taxCode,
          },
        ];
  if (spec.custNo === "C-10017") {
    shipTos.push({
      id: "2",
      name: "Okonkwo-Lindqvist Marina Store",
      adrs: ["4400 Ocean St"],
      city: "Jacksonville",
      zip: "32233",
      taxCode: "FL-Duval",
    });
  }
  return { ...spec, adrs: [...spec.adrs], orders, shipTos };
}

function randomCustomerPlan(r: SeededRandom, serial: number): CustomerPlan {
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  const person = r.chance(0.75);
  const place = r.pick(CITIES);
  const name = person ? `${first} ${last}` : `${last} ${r.pick(BUSINESS_WORDS)}`;
  // The first random customers take the tiers no fixed customer has, so every tier group has members.
  const profile =
    serial <= 2
      ? serial === 1
        ? "TIER4"
        : "TIER5"
      : person
        ? r.pick(CUSTOMER_PROFILES.slice(0, 6))
        : r.pick(CUSTOMER_PROFILES);
  const street = () => `${r.int(100, 9999)} ${r.pick(STREETS)}`;
  const custNo = String(10100 + serial);
  const shipTos: CustomerPlan["shipTos"] = [];
  if (r.chance(0.4)) {
    // Ship-tos the way WP's integration numbered them (1, 2, …) rather than CP's (DEFAULT).
    const other = r.pick(CITIES);
    shipTos.push({ id: "1", name, adrs: [street()], city: other.city, zip: other.zip, taxCode: other.taxCode });
    if (r.chance(0.25))
      shipTos.push({
        id: "2",
        name,
        adrs: [street(), "Unit B"],
        city: place.city,
        zip: place.zip,
        taxCode: place.taxCode,
      });
  }
  return {
    custNo,
    nameType: person ? "P" : "B",
    name,
    first,
    last,
    email: r.chance(0.9) ? `${first}.${last}${serial}@example.com`.toLowerCase() : null,
    adrs: [street()],
    city: place.city,
    zip: place.zip,
    phone: `${place.phone}-555-${String(r.int(0, 9999)).padStart(4, "0")}`,
    taxCode: place.taxCode,
    profile,
    categ: profile === "RETAIL" ? "RETAIL" : "WHOLESALE",
    custType: !person && r.chance(0.4) ? "A" : "C",
    ecommerce: r.chance(0.6),
    orders: 0,
    shipTos,
  };
}

function* customerRows(c: CustomerPlan, r: SeededRandom): Generator<DemoRow> {
  const maint = daysAgo(r, r.int(0, 700));
  const charge = c.custType === "A";
  yield demoRow("AR_CUST", {
    CUST_NO: c.custNo,
    NAM: cut("AR_CUST", "NAM", c.name),
    NAM_UPR: cut("AR_CUST", "NAM_UPR", c.name.toUpperCase()),
    FST_NAM: c.first,
    FST_NAM_UPR: upper(c.first),
    LST_NAM: c.last,
    LST_NAM_UPR: upper(c.last),
    CUST_TYP: c.custType,
    CUST_NAM_TYP: c.nameType,
    ADRS_1: c.adrs[0] ?? null,
    ADRS_2: c.adrs[1] ?? null,
    ADRS_3: c.adrs[2] ?? null,
    CITY: c.city,
    STATE: "FL",
    ZIP_COD: c.zip,
    CNTRY: "US",
    PHONE_1: c.phone,
    CONTCT_1: c.nameType === "B" && c.first && c.last ? `${c.first} ${c.last}` : null,
    EMAIL_ADRS_1: c.email,
    SLS_REP: "",
    STR_ID: STORE.id,
    CATEG_COD: c.categ,
    PROF_COD_1: c.profile,
    TAX_COD: c.taxCode,
    TERMS_COD: charge ? "NET30" : null,
    ALLOW_AR_CHRG: charge ? "Y" : "N",
    NO_CR_LIM: charge ? "N" : "Y",
    CR_LIM: charge ? "5000.00" : null,
    PROMPT_NAM_ADRS: "N",
    BAL_METH: "O",
    LST_AGE_METH: "I",
    LST_STMNT_METH: "!",
    USE_ORD_SHIP_TO: "N",
    IS_ECOMM_CUST: c.ecommerce ? "Y" : "N",
    NO_OF_ORDS: c.orders,
    LST_MAINT_DT: maint,
    LST_MAINT_USR_ID: NATIVE_USER,
  });
  for (const s of c.shipTos) {
    yield demoRow("AR_SHIP_ADRS", {
      CUST_NO: c.custNo,
      SHIP_ADRS_ID: s.id,
      NAM: cut("AR_SHIP_ADRS", "NAM", s.name),
      NAM_UPR: cut("AR_SHIP_ADRS", "NAM_UPR", s.name.toUpperCase()),
      FST_NAM: c.first,
      FST_NAM_UPR: upper(c.first),
      LST_NAM: c.last,
      LST_NAM_UPR: upper(c.last),
      SHIP_NAM_TYP: c.nameType,
      ADRS_1: s.adrs[0] ?? null,
      ADRS_2: s.adrs[1] ?? null,
      ADRS_3: s.adrs[2] ?? null,
      CITY: s.city,
      STATE: "FL",
      ZIP_COD: s.zip,
      CNTRY: "US",
      PHONE_1: c.phone,
      EMAIL_ADRS_1: c.email,
      TAX_COD: s.taxCode,
      LST_MAINT_DT: maint,
      LST_MAINT_USR_ID: NATIVE_USER,
    });
  }
}

// ---------------------------------------------------------------- native orders

interface OrderSpec {
  tktNo: string;
  at: readonly [number, number, number, number, number, number];
  custNo: string;
  custPoNo: string | null;
  shipping: string;
  lines: readonly { itemNo: string; qty: number; price?: string; cell?: string }[];
}

/** Open orders Counterpoint itself entered at station 101 (numbers O101-000350…353; the counter then reads …354). */
export const NATIVE_ORDERS: readonly OrderSpec[] = [
  {
    tktNo: "O101-000350",
    at: [2025, 12, 1, 10, 12, 44],
    custNo: "2306",
    custPoNo: null,
    shipping: "0",
    lines: [
      { itemNo: "PBO-TEE-PELICAN", qty: 2 },
      { itemNo: "PBO-SUN-50", qty: 1 },
    ],
  },
  {
    tktNo: "O101-000351",
    at: [2025, 12, 2, 14, 3, 27],
    custNo: "C-10017",
    custPoNo: "PO-88412",
    shipping: "18.13",
    lines: [
      { itemNo: "PBO-BTL-32", qty: 12, price: "26.55" },
      { itemNo: "PBO-TOTE", qty: 4 },
    ],
  },
  {
    tktNo: "O101-000352",
    at: [2025, 12, 3, 9, 41, 5],
    custNo: "2221",
    custPoNo: "00240618",
    shipping: "0",
    lines: [
      { itemNo: "PBO-HOOD", qty: 3, cell: "M" },
      { itemNo: "PBO-TEE-PELICAN", qty: 6, price: "17.99" },
    ],
  },
  {
    tktNo: "O101-000353",
    at: [2025, 12, 4, 13, 5, 2],
    custNo: "10057",
    custPoNo: null,
    shipping: "12.50",
    lines: [{ itemNo: "PBO-SUN-50", qty: 24 }],
  },
];

function contactOf(c: CustomerPlan, ship: CustomerPlan["shipTos"][number] | undefined): NativeOrderContact {
  const a = ship ?? c;
  return {
    NAM: cut("PS_DOC_CONTACT", "NAM", ship?.name ?? c.name),
    FST_NAM: c.first,
    LST_NAM: c.last,
    ADRS_1: a.adrs[0] ?? null,
    ADRS_2: a.adrs[1] ?? null,
    ADRS_3: a.adrs[2] ?? null,
    CITY: a.city,
    STATE: "FL",
    ZIP_COD: a.zip,
    CNTRY: "US",
    PHONE_1: c.phone,
    EMAIL_ADRS_1: c.email,
    NAM_TYP: c.nameType,
  };
}

function taxesOf(code: string): { authCod: string; pct: string }[] {
  const spec = TAX_CODES.find((t) => t.code === code);
  if (!spec) throw new Error(`demo data: unknown tax code ${code}`);
  if (spec.county === null) return [{ authCod: EXEMPT_AUTHORITY.code, pct: EXEMPT_AUTHORITY.pct }];
  return [
    { authCod: STATE_AUTHORITY.code, pct: STATE_AUTHORITY.pct },
    { authCod: spec.county, pct: spec.surtax },
  ];
}

function* nativeOrders(
  customers: Map<string, CustomerPlan>,
  items: Map<string, ItemPlan>,
  r: SeededRandom,
): Generator<DemoRow> {
  const station = STATIONS[0];
  for (const o of NATIVE_ORDERS) {
    const c = customers.get(o.custNo);
    if (!c) throw new Error(`demo data: order ${o.tktNo} for unknown customer ${o.custNo}`);
    const [y, mo, d, h, mi, s] = o.at;
    const at = new Date(y, mo - 1, d, h, mi, s);
    const p = (n: number) => String(n).padStart(2, "0");
    const enteredAt = `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}.000`;
    const lines: NativeOrderLine[] = o.lines.map((l) => {
      const item = items.get(l.itemNo);
      if (!item) throw new Error(`demo data: order ${o.tktNo} for unknown item ${l.itemNo}`);
      const cellPrice = l.cell ? item.grid?.cellPrices[l.cell] : undefined;
      const price1 = money(cellPrice ?? item.price);
      return {
        itemNo: item.itemNo,
        descr: item.descr,
        categ: item.categ.code,
        subcat: item.subcat.code,
        trackingMethod: item.grid ? "G" : "N",
        unit: "EA",
        qty: String(l.qty),
        price: m4(money(l.price ?? price1)),
        price1: m4(price1),
        regPrice: m4(money(cellPrice ?? item.regPrice)),
        unitCost: m4(item.cost),
        cell: l.cell ? [l.cell, "*", "*"] : null,
        lineGuid: r.guid(),
      };
    });
    const shipTo = c.shipTos.find((x) => x.id === "(DEFAULT)") ?? c.shipTos[0];
    yield* nativeOrderRows({
      docId: docIdFor({ storeNo: STORE.no, stationNo: station.no, docType: "O", at, tktNo: o.tktNo }),
      docGuid: r.guid(),
      tktNo: o.tktNo,
      storeId: STORE.id,
      stationId: station.id,
      drawerId: DRAWER_ID,
      user: NATIVE_USER,
      enteredAt,
      custNo: c.custNo,
      taxCode: c.taxCode,
      custPoNo: o.custPoNo,
      stockLoc: LOCATIONS[0].id,
      priceLoc: LOCATIONS[0].id,
      billTo: contactOf(c, undefined),
      shipTo: { ...contactOf(c, shipTo), ADRS_ID: shipTo?.id ?? "(DEFAULT)" },
      lines,
      taxes: taxesOf(c.taxCode),
      shipping: o.shipping,
    });
  }
}

// ---------------------------------------------------------------- the whole store

/**
 * Every row of the demo store, parent rows before their children, drawn from `seed` alone (no clock, no I/O): the
 * same options always give the same rows. Items and customers stream, so 50,000 items need little memory.
 */
export function* demoStoreRows(options: DemoStoreOptions): Generator<DemoRow> {
  const o = checkDemoStoreOptions(options);
  const root = new SeededRandom(o.seed);

  // Orders first in thought: they raise QTY_COMMIT on their items and NO_OF_ORDS on their customers.
  const commitments = new Map<string, number>();
  const orderCounts = new Map<string, number>();
  for (const order of NATIVE_ORDERS) {
    orderCounts.set(order.custNo, (orderCounts.get(order.custNo) ?? 0) + 1);
    for (const l of order.lines) {
      const key = `${l.itemNo}|${LOCATIONS[0].id}|${l.cell ?? "*"}`;
      commitments.set(key, (commitments.get(key) ?? 0) + l.qty);
    }
  }

  yield* storeRows();
  yield storeConfigRow(NATIVE_ORDERS.at(-1)?.tktNo ?? "O101-000353");
  yield* priceGroupRows();

  const itemRandom = root.fork("items");
  const barcodes = new BarcodeSource();
  const recorded = recordedItemPlans(commitments);
  for (const item of recorded) yield* itemRows(item, itemRandom, barcodes);
  for (let i = 1; i <= o.items - recorded.length; i++) {
    yield* itemRows(randomItemPlan(itemRandom, i), itemRandom, barcodes);
  }

  const customerRandom = root.fork("customers");
  const fixed = FIXED_CUSTOMERS.map((c) => fixedCustomerPlan(c, orderCounts.get(c.custNo) ?? 0));
  for (const c of fixed) yield* customerRows(c, customerRandom);
  for (let i = 1; i <= o.customers - fixed.length; i++) {
    yield* customerRows(randomCustomerPlan(customerRandom, i), customerRandom);
  }

  yield* nativeOrders(
    new Map(fixed.map((c) => [c.custNo, c])),
    new Map(recorded.map((i) => [i.itemNo, i])),
    root.fork("orders"),
  );
}
