import { type Money, MoneyParseError, money } from "../../money/index.js";

/** A web order field that cannot be used; caught by `mapOrderToDocument` and returned as an `invalid` result. */
export class OrderFieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export type Fields = Readonly<Record<string, unknown>>;

// Counterpoint money columns are decimal(15,2) and unit prices decimal(15,4): 11 integer digits fit both.
const MAX_AMOUNT = money("99999999999");
const MAX_QTY = money("9999999");

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  return typeof value === "object" ? "an object" : typeof value;
}

export function asRecord(value: unknown, field: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new OrderFieldError(field, `expected an object, got ${describe(value)}`);
  }
  return value as Fields;
}

/** An object, or null when the field is missing or null. */
export function optionalRecord(value: unknown, field: string): Fields | null {
  return value === undefined || value === null ? null : asRecord(value, field);
}

/** A list of the order (`fee_lines`…); a missing one reads as empty unless `required`. */
export function readList(value: unknown, field: string, required = false): readonly unknown[] {
  if (value === undefined || value === null) {
    if (required) throw new OrderFieldError(field, "missing");
    return [];
  }
  if (!Array.isArray(value)) throw new OrderFieldError(field, `expected a list, got ${describe(value)}`);
  return value;
}

/** Text: a string as is, a number as its digits, missing or null as "". */
export function readText(value: unknown, field: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new OrderFieldError(field, `expected text, got ${describe(value)}`);
}

/** An amount: a decimal string (WooCommerce's form, `""` is 0) or a finite number, within Counterpoint's columns. */
export function readMoney(value: unknown, field: string): Money {
  if (value === undefined || value === null) throw new OrderFieldError(field, "missing amount");
  if (typeof value !== "string" && typeof value !== "number") {
    throw new OrderFieldError(field, `expected an amount, got ${describe(value)}`);
  }
  let amount: Money;
  try {
    amount = money(value);
  } catch (err) {
    if (err instanceof MoneyParseError) throw new OrderFieldError(field, err.message);
    throw err;
  }
  if (amount.abs().greaterThan(MAX_AMOUNT)) {
    throw new OrderFieldError(field, `${amount.toString()} is beyond what Counterpoint's money columns hold`);
  }
  return amount;
}

/** A sold quantity: positive, at most 4 decimals (QTY_SOLD is decimal(15,4)); a numeric string is read as a number. */
export function readQuantity(value: unknown, field: string): Money {
  if (typeof value !== "number" && typeof value !== "string") {
    throw new OrderFieldError(field, `expected a quantity, got ${describe(value)}`);
  }
  if (typeof value === "string" && value.trim() === "") throw new OrderFieldError(field, "empty quantity");
  const qty = readMoney(value, field);
  if (qty.lessThanOrEqualTo(0)) throw new OrderFieldError(field, `quantity ${qty.toString()} is not positive`);
  if (qty.decimalPlaces() > 4) throw new OrderFieldError(field, `quantity ${qty.toString()} has more than 4 decimals`);
  if (qty.greaterThan(MAX_QTY)) throw new OrderFieldError(field, `quantity ${qty.toString()} is implausibly large`);
  return qty;
}

/** A WooCommerce id: a positive whole number. */
export function readId(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new OrderFieldError(field, `expected a positive whole id, got ${describe(value)}`);
  }
  return value;
}
