import type { OrdersSettings } from "../../config/index.js";
import { type Money, sum, ZERO } from "../../money/index.js";
import type { MappingWarnings } from "./mapping-warnings.js";
import { asRecord, type Fields, OrderFieldError, readList, readMoney, readText } from "./order-fields.js";

export interface WebShipping {
  /** Σ shipping_lines[].total (before tax). */
  total: Money;
  /** SHIP_VIA_COD, from the configured map; never made up from the method's title (B24). */
  shipVia: string | null;
  /** The first method's title, for a freight line's description. */
  title: string;
}

/**
 * The shipping of a web order: the sum of its shipping lines and the ship-via code of the first line whose
 * `method_id`, else `method_title`, is mapped. Unmapped methods get the default ship-via, with a warning.
 */
export function readShipping(order: Fields, settings: OrdersSettings, warnings: MappingWarnings): WebShipping {
  const list = readList(order.shipping_lines, "shipping_lines");
  const amounts: Money[] = [];
  const mapped: string[] = [];
  const unmapped: string[] = [];
  let title = "";
  list.forEach((raw, i) => {
    const field = `shipping_lines[${i}]`;
    const line = asRecord(raw, field);
    const total = readMoney(line.total, `${field}.total`);
    if (total.isNegative()) throw new OrderFieldError(`${field}.total`, `negative shipping ${total.toString()}`);
    amounts.push(total);
    const methodId = readText(line.method_id, `${field}.method_id`);
    const methodTitle = readText(line.method_title, `${field}.method_title`);
    if (title === "") title = methodTitle;
    const code = settings.shipping.shipVia[methodId] ?? settings.shipping.shipVia[methodTitle];
    if (code !== undefined) mapped.push(code);
    else unmapped.push(methodId !== "" ? methodId : methodTitle);
  });
  if (list.length === 0) return { total: ZERO, shipVia: null, title };
  const distinct = [...new Set(mapped)];
  if (distinct.length > 1)
    warnings.add("shipping_lines", `several ship-via codes (${distinct.join(", ")}): kept the first`);
  const first = distinct[0];
  if (first !== undefined) return { total: sum(amounts), shipVia: first, title };
  const fallback = settings.shipping.defaultShipVia;
  warnings.add(
    "shipping_lines",
    `no ship-via is mapped for ${unmapped.map((u) => JSON.stringify(u.slice(0, 40))).join(", ")}: ` +
      (fallback === null ? "SHIP_VIA_COD left empty" : `using the default ${fallback}`),
  );
  return { total: sum(amounts), shipVia: fallback, title };
}

export interface WebFees {
  /** Σ positive fee totals: a misc charge. */
  charges: Money;
  /** Σ |negative fee totals|: a header discount. */
  discounts: Money;
}

/** The fees of a web order (before tax), split into charges and discounts. */
export function readFees(order: Fields): WebFees {
  let charges = ZERO;
  let discounts = ZERO;
  readList(order.fee_lines, "fee_lines").forEach((raw, i) => {
    const line = asRecord(raw, `fee_lines[${i}]`);
    const total = readMoney(line.total, `fee_lines[${i}].total`);
    if (total.isNegative()) discounts = discounts.minus(total);
    else charges = charges.plus(total);
  });
  return { charges, discounts };
}
