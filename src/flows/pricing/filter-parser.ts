/**
 * A small grammar for Counterpoint's filter predicates (IM_PRC_GRP.CUST_FILT, IM_PRC_RUL.CUST_FILT/ITEM_FILT), e.g.
 * `(IM_ITEM.PROF_COD_1 = 'PC S CS')` or `((AR_CUST.CATEG_COD = 'WHOLESALE') and (IM_ITEM.PRC_1 >= 10))`.
 * The text is parsed into a tree and evaluated in memory (filter-eval.ts); it is never executed as SQL.
 *
 *   expr       := or
 *   or         := and ('OR' and)*
 *   and        := not ('AND' not)*
 *   not        := 'NOT' not | primary
 *   primary    := '(' expr ')' | predicate
 *   predicate  := operand ( cmp operand
 *                         | ['NOT'] 'LIKE' operand
 *                         | ['NOT'] 'IN' '(' operand (',' operand)* ')'
 *                         | ['NOT'] 'BETWEEN' operand 'AND' operand
 *                         | 'IS' ['NOT'] 'NULL' )
 *   operand    := TABLE '.' COLUMN | COLUMN | 'string' | number | NULL
 *   cmp        := = | <> | != | < | <= | > | >=
 */

export type FilterTable = "AR_CUST" | "IM_ITEM";
const TABLES: readonly FilterTable[] = ["AR_CUST", "IM_ITEM"];

export type Operand =
  | { kind: "column"; table: FilterTable | null; column: string }
  | { kind: "string"; value: string }
  | { kind: "number"; value: string }
  | { kind: "null" };

export type Comparison = "=" | "<>" | "<" | "<=" | ">" | ">=";

export type FilterNode =
  | { kind: "true" }
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; operand: FilterNode }
  | { kind: "compare"; op: Comparison; left: Operand; right: Operand }
  | { kind: "like"; negated: boolean; value: Operand; pattern: Operand; regex: RegExp | null }
  | { kind: "in"; negated: boolean; value: Operand; list: readonly Operand[] }
  | { kind: "between"; negated: boolean; value: Operand; low: Operand; high: Operand }
  | { kind: "isNull"; negated: boolean; value: Operand };

export class FilterSyntaxError extends Error {}

type Token =
  | { t: "word"; v: string; upper: string }
  | { t: "string"; v: string }
  | { t: "number"; v: string }
  | { t: "op"; v: string }
  | { t: "end" };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || (c.toUpperCase() === "N" && text.charAt(i + 1) === "'")) {
      // 'text' with '' as an escaped quote; N'text' (Unicode literal) reads the same.
      let j = c === "'" ? i + 1 : i + 2;
      let value = "";
      for (;;) {
        if (j >= text.length) throw new FilterSyntaxError(`unterminated string starting at position ${i + 1}`);
        const d = text.charAt(j);
        if (d === "'") {
          if (text.charAt(j + 1) === "'") {
            value += "'";
            j += 2;
            continue;
          }
          j++;
          break;
        }
        value += d;
        j++;
      }
      tokens.push({ t: "string", v: value });
      i = j;
      continue;
    }
    const num = /^[+-]?(\d+(\.\d*)?|\.\d+)/.exec(text.slice(i));
    if (num && (c !== "+" && c !== "-" ? true : isOperandStart(tokens))) {
      tokens.push({ t: "number", v: num[0] });
      i += num[0].length;
      continue;
    }
    const word = /^(\[[^\]]+\]|[A-Za-z_#@][A-Za-z0-9_#@$]*)/.exec(text.slice(i));
    if (word) {
      const v = word[0].startsWith("[") ? word[0].slice(1, -1) : word[0];
      tokens.push({ t: "word", v, upper: v.toUpperCase() });
      i += word[0].length;
      continue;
    }
    const op = /^(<>|!=|<=|>=|=|<|>|\(|\)|,|\.)/.exec(text.slice(i));
    if (op) {
      tokens.push({ t: "op", v: op[0] });
      i += op[0].length;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character "${c}" at position ${i + 1}`);
  }
  tokens.push({ t: "end" });
  return tokens;
}

/** A sign is part of a number only where an operand may start (after an operator, comma, paren or keyword). */
function isOperandStart(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  if (!last) return true;
  if (last.t === "op") return last.v !== ")";
  return last.t === "word" && ["AND", "OR", "NOT", "BETWEEN", "IN", "LIKE"].includes(last.upper);
}

const KEYWORDS = new Set(["AND", "OR", "NOT", "LIKE", "IN", "BETWEEN", "IS", "NULL"]);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)] ?? { t: "end" };
  }
  private next(): Token {
    const token = this.peek();
    this.pos++;
    return token;
  }
  private isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.t === "word" && token.upper === word;
  }
  private isOp(op: string): boolean {
    const token = this.peek();
    return token.t === "op" && token.v === op;
  }
  private expectOp(op: string): void {
    if (!this.isOp(op)) throw new FilterSyntaxError(`expected "${op}" but found ${describe(this.peek())}`);
    this.pos++;
  }
  private expectWord(word: string): void {
    if (!this.isWord(word)) throw new FilterSyntaxError(`expected ${word} but found ${describe(this.peek())}`);
    this.pos++;
  }

  parse(): FilterNode {
    const node = this.or();
    if (this.peek().t !== "end") throw new FilterSyntaxError(`unexpected ${describe(this.peek())}`);
    return node;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.isWord("OR")) {
      this.pos++;
      left = { kind: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.not();
    while (this.isWord("AND")) {
      this.pos++;
      left = { kind: "and", left, right: this.not() };
    }
    return left;
  }

  private not(): FilterNode {
    if (this.isWord("NOT")) {
      this.pos++;
      return { kind: "not", operand: this.not() };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    if (this.isOp("(")) {
      // A parenthesis opens either a nested expression or, rarely, a parenthesised operand: try the expression.
      this.pos++;
      const inner = this.or();
      this.expectOp(")");
      return inner;
    }
    return this.predicate();
  }

  private predicate(): FilterNode {
    const value = this.operand();
    const token = this.peek();
    if (token.t === "op" && ["=", "<>", "!=", "<", "<=", ">", ">="].includes(token.v)) {
      this.pos++;
      const op = (token.v === "!=" ? "<>" : token.v) as Comparison;
      return { kind: "compare", op, left: value, right: this.operand() };
    }
    if (this.isWord("IS")) {
      this.pos++;
      const negated = this.isWord("NOT");
      if (negated) this.pos++;
      this.expectWord("NULL");
      return { kind: "isNull", negated, value };
    }
    const negated = this.isWord("NOT");
    if (negated) this.pos++;
    if (this.isWord("LIKE")) {
      this.pos++;
      const pattern = this.operand();
      return {
        kind: "like",
        negated,
        value,
        pattern,
        regex: pattern.kind === "string" ? likeRegex(pattern.value) : null,
      };
    }
    if (this.isWord("IN")) {
      this.pos++;
      this.expectOp("(");
      const list = [this.operand()];
      while (this.isOp(",")) {
        this.pos++;
        list.push(this.operand());
      }
      this.expectOp(")");
      return { kind: "in", negated, value, list };
    }
    if (this.isWord("BETWEEN")) {
      this.pos++;
      const low = this.operand();
      this.expectWord("AND");
      return { kind: "between", negated, value, low, high: this.operand() };
    }
    throw new FilterSyntaxError(`expected a comparison, LIKE, IN, BETWEEN or IS NULL but found ${describe(token)}`);
  }

  private operand(): Operand {
    const token = this.next();
    if (token.t === "string") return { kind: "string", value: token.v };
    if (token.t === "number") return { kind: "number", value: token.v };
    if (token.t === "op" && token.v === "(") {
      const inner = this.operand();
      this.expectOp(")");
      return inner;
    }
    if (token.t === "word") {
      if (token.upper === "NULL") return { kind: "null" };
      if (KEYWORDS.has(token.upper)) throw new FilterSyntaxError(`expected a value but found ${token.upper}`);
      if (this.isOp(".")) {
        this.pos++;
        const col = this.next();
        if (col.t !== "word") throw new FilterSyntaxError(`expected a column name after ${token.v}.`);
        const table = TABLES.find((t) => t === token.upper);
        if (!table) throw new FilterSyntaxError(`table ${token.v} is not available to price rules (AR_CUST, IM_ITEM)`);
        return { kind: "column", table, column: col.upper };
      }
      return { kind: "column", table: null, column: token.upper };
    }
    throw new FilterSyntaxError(`expected a value but found ${describe(token)}`);
  }
}

function describe(token: Token): string {
  switch (token.t) {
    case "end":
      return "the end of the filter";
    case "string":
      return `'${token.v}'`;
    default:
      return `"${token.v}"`;
  }
}

/** SQL LIKE → a case-insensitive regular expression: % any run, _ one character, [abc]/[^a-c] sets. */
export function likeRegex(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "%") source += "[\\s\\S]*";
    else if (c === "_") source += "[\\s\\S]";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 1);
      if (close === -1) source += "\\[";
      else {
        const body = pattern.slice(i + 1, close);
        const negated = body.startsWith("^");
        const set = (negated ? body.slice(1) : body).replace(/[\\\]]/g, "\\$&");
        source += `[${negated ? "^" : ""}${set}]`;
        i = close;
      }
    } else source += c.replace(/[.*+?^${}()|\\/\]]/g, "\\$&");
  }
  // SQL Server ignores trailing spaces of the value being matched against a pattern without them.
  return new RegExp(`^${source}\\s*$`, "i");
}

/**
 * Parses a filter predicate. NULL, empty text and whitespace mean "all" (Counterpoint stores NULL with the text
 * "*** All ***"). Throws FilterSyntaxError naming what it could not read.
 */
export function parseFilter(text: string | null): FilterNode {
  if (text === null || text.trim() === "") return { kind: "true" };
  return new Parser(tokenize(text)).parse();
}

/** Every column a filter reads, per table (unqualified columns count for `defaultTable`). */
export function filterColumns(node: FilterNode, defaultTable: FilterTable): Map<FilterTable, Set<string>> {
  const found = new Map<FilterTable, Set<string>>();
  const add = (o: Operand) => {
    if (o.kind !== "column") return;
    const table = o.table ?? defaultTable;
    let set = found.get(table);
    if (!set) {
      set = new Set();
      found.set(table, set);
    }
    set.add(o.column);
  };
  const walk = (n: FilterNode): void => {
    switch (n.kind) {
      case "true":
        return;
      case "and":
      case "or":
        walk(n.left);
        walk(n.right);
        return;
      case "not":
        walk(n.operand);
        return;
      case "compare":
        add(n.left);
        add(n.right);
        return;
      case "like":
        add(n.value);
        add(n.pattern);
        return;
      case "in":
        add(n.value);
        n.list.forEach(add);
        return;
      case "between":
        add(n.value);
        add(n.low);
        add(n.high);
        return;
      case "isNull":
        add(n.value);
        return;
    }
  };
  walk(node);
  return found;
}
