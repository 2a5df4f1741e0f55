import type {
  RawBasePrice,
  RawPriceBreak,
  RawPriceGroup,
  RawPriceRule,
  RawPricingData,
} from "../../../src/flows/pricing/pricing-data.js";
import { money } from "../../../src/money/index.js";

/** A small price book for engine tests: builders with sensible defaults. */
export function group(typ: string, cod: string, extra: Partial<RawPriceGroup> = {}): RawPriceGroup {
  return {
    GRP_TYP: typ,
    GRP_COD: cod,
    GRP_SEQ_NO: 1,
    DESCR: `${typ} ${cod}`,
    CUST_FILT: null,
    CUST_NO: null,
    NO_BEG_DAT: "Y",
    BEG_DAT: null,
    BEG_DT: null,
    BEG_TIM_FLG: null,
    NO_END_DAT: "Y",
    END_DAT: null,
    END_DT: null,
    END_TIM_FLG: null,
    ENABLED: "Y",
    ...extra,
  };
}

export function rule(typ: string, cod: string, seq: number, extra: Partial<RawPriceRule> = {}): RawPriceRule {
  return {
    GRP_TYP: typ,
    GRP_COD: cod,
    RUL_SEQ_NO: seq,
    DESCR: `rule ${seq}`,
    CUST_FILT: null,
    ITEM_FILT: null,
    SAL_FILT: null,
    MIN_QTY: "0.0000",
    CUST_NO: null,
    ITEM_NO: null,
    ...extra,
  };
}

export function brk(
  typ: string,
  cod: string,
  seq: number,
  minQty: string,
  method: string,
  basis: string | null,
  amount: string | null,
): RawPriceBreak {
  return {
    GRP_TYP: typ,
    GRP_COD: cod,
    RUL_SEQ_NO: seq,
    MIN_QTY: minQty,
    PRC_METH: method,
    PRC_BASIS: basis,
    AMT_OR_PCT: amount,
    PRC_BRK_DESCR: null,
  };
}

export function price(item: string, loc: string, reg: string, ...levels: string[]): RawBasePrice {
  return {
    ITEM_NO: item,
    LOC_ID: loc,
    REG_PRC: reg,
    PRC_1: levels[0] ?? null,
    PRC_2: levels[1] ?? null,
    PRC_3: levels[2] ?? null,
    PRC_4: levels[3] ?? null,
    PRC_5: levels[4] ?? null,
    PRC_6: levels[5] ?? null,
  };
}

/** Two items, three customers, prices at `*` and at location 02. */
export function baseBook(): RawPricingData {
  return {
    groups: [],
    rules: [],
    breaks: [],
    items: [
      {
        itemNo: "WIDGET",
        row: { ITEM_NO: "WIDGET", CATEG_COD: "TOOLS", PROF_COD_1: "PC S CS", PRC_1: money("100.0000") },
        cost: "40.0000",
        prc1: "100.0000",
        regPrc: "120.0000",
      },
      {
        itemNo: "GADGET",
        row: { ITEM_NO: "GADGET", CATEG_COD: "TOYS", PROF_COD_1: "RETAIL", PRC_1: money("10.0000") },
        cost: "3.0000",
        prc1: "10.0000",
        regPrc: "12.0000",
      },
      {
        itemNo: "NOPRICE",
        row: { ITEM_NO: "NOPRICE", CATEG_COD: "TOYS", PROF_COD_1: "RETAIL" },
        cost: null,
        prc1: null,
        regPrc: null,
      },
    ],
    customers: [
      { custNo: "C1", row: { CUST_NO: "C1", PROF_COD_1: "TIER1", CATEG_COD: "WHOLESALE" } },
      { custNo: "C2", row: { CUST_NO: "C2", PROF_COD_1: "TIER2", CATEG_COD: "WHOLESALE" } },
      { custNo: "C3", row: { CUST_NO: "C3", PROF_COD_1: "RETAIL", CATEG_COD: "RETAIL" } },
    ],
    prices: [
      price("WIDGET", "*", "120.0000", "100.0000", "90.0000", "80.0000", "70.0000", "60.0000", "50.0000"),
      price("GADGET", "*", "12.0000", "10.0000", "9.5000", "9.0000"),
      price("WIDGET", "02", "130.0000", "110.0000"),
    ],
  };
}
