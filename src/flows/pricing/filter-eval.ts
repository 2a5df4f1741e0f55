import { type Money, MoneyDecimal } from "../../money/index.js";
import { type FilterNode, type FilterTable, likeRegex, type Operand } from "./filter-parser.js";

/** A column value as the loader hands it over: text, a whole number, an exact decimal (Money), or NULL. */
export type FilterValue = string | number | Money | null;
/** One row of AR_CUST or IM_ITEM: upper-case column name → value. Missing columns read as NULL. */
export type FilterRow = Readonly<Record<string, FilterValue>>;
export type FilterRows = Partial<Readonly<Record<FilterTable, FilterRow>>>;

type Resolved = { kind: "text"; value: string } | { kind: "number"; value: Money } | null;

function resolve(o: Operand, rows: FilterRows, defaultTable: FilterTable): Resolved {
  switch (o.kind) {
    case "null":
      return null;
    case "string":
      return { kind: "text", value: o.value };
    case "number":
      return { kind: "number", value: new MoneyDecimal(o.value) };
    case "column": {
      const v = rows[o.table ?? defaultTable]?.[o.column];
      if (v === undefined || v === null) return null;
      if (typeof v === "string") return { kind: "text", value: v };
      if (typeof v === "number") return { kind: "number", value: new MoneyDecimal(v) };
      return { kind: "number", value: v };
    }
  }
}

/** SQL Server's default collation: case-insensitive, and `=` ignores trailing spaces. */
function normalise(text: string): string {
  return text.replace(/ +$/, "").toUpperCase();
}

const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

/**
 * Compares two values the way SQL Server would: a number on either side makes it a numeric comparison (text that is
 * not a number gives "unknown"; SQL Server would raise a conversion error), otherwise a case-insensitive text
 * comparison. Returns -1/0/1, or null for unknown.
 */
function compareValues(a: Resolved, b: Resolved): number | null {
  if (a === null || b === null) return null;
  if (a.kind === "number" || b.kind === "number") {
    const x = a.kind === "number" ? a.value : NUMERIC_TEXT.test(a.value) ? new MoneyDecimal(a.value.trim()) : null;
    const y = b.kind === "number" ? b.value : NUMERIC_TEXT.test(b.value) ? new MoneyDecimal(b.value.trim()) : null;
    if (x === null || y === null) return null;
    return x.comparedTo(y);
  }
  const x = normalise(a.value);
  const y = normalise(b.value);
  return x === y ? 0 : x < y ? -1 : 1;
}

function textOf(r: Resolved): string | null {
  if (r === null) return null;
  return r.kind === "text" ? r.value : r.value.toString();
}

/** Three-valued: true, false, or null (unknown). */
function evaluate(node: FilterNode, rows: FilterRows, t: FilterTable): boolean | null {
  switch (node.kind) {
    case "true":
      return true;
    case "and": {
      const l = evaluate(node.left, rows, t);
      if (l === false) return false;
      const r = evaluate(node.right, rows, t);
      if (r === false) return false;
      return l === null || r === null ? null : true;
    }
    case "or": {
      const l = evaluate(node.left, rows, t);
      if (l === true) return true;
      const r = evaluate(node.right, rows, t);
      if (r === true) return true;
      return l === null || r === null ? null : false;
    }
    case "not": {
      const v = evaluate(node.operand, rows, t);
      return v === null ? null : !v;
    }
    case "compare": {
      const c = compareValues(resolve(node.left, rows, t), resolve(node.right, rows, t));
      if (c === null) return null;
      switch (node.op) {
        case "=":
          return c === 0;
        case "<>":
          return c !== 0;
        case "<":
          return c < 0;
        case "<=":
          return c <= 0;
        case ">":
          return c > 0;
        case ">=":
          return c >= 0;
      }
      return null;
    }
    case "like": {
      const value = textOf(resolve(node.value, rows, t));
      if (value === null) return null;
      let regex = node.regex;
      if (regex === null) {
        const pattern = textOf(resolve(node.pattern, rows, t));
        if (pattern === null) return null;
        regex = likeRegexCached(pattern);
      }
      const hit = regex.test(value);
      return node.negated ? !hit : hit;
    }
    case "in": {
      const value = resolve(node.value, rows, t);
      if (value === null) return null;
      let unknown = false;
      for (const item of node.list) {
        const c = compareValues(value, resolve(item, rows, t));
        if (c === 0) return !node.negated;
        if (c === null) unknown = true;
      }
      return unknown ? null : node.negated;
    }
    case "between": {
      const value = resolve(node.value, rows, t);
      const lo = compareValues(value, resolve(node.low, rows, t));
      const hi = compareValues(value, resolve(node.high, rows, t));
      if (lo === null || hi === null) return null;
      const inside = lo >= 0 && hi <= 0;
      return node.negated ? !inside : inside;
    }
    case "isNull": {
      const isNull = resolve(node.value, rows, t) === null;
      return node.negated ? !isNull : isNull;
    }
  }
}

const likeCache = new Map<string, RegExp>();
function likeRegexCached(pattern: string): RegExp {
  let regex = likeCache.get(pattern);
  if (!regex) {
    regex = likeRegex(pattern);
    likeCache.set(pattern, regex);
  }
  return regex;
}

/**
 * Whether a parsed filter holds for the given rows, as a SQL WHERE clause would decide: only TRUE passes, FALSE and
 * UNKNOWN (a NULL somewhere) do not. Unqualified columns belong to `defaultTable`.
 */
export function filterMatches(node: FilterNode, rows: FilterRows, defaultTable: FilterTable): boolean {
  return evaluate(node, rows, defaultTable) === true;
}
