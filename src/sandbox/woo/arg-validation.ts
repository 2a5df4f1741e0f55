import { isWpDate } from "./site-dates.js";
import { WpError } from "./wp-error.js";

/**
 * WordPress REST argument checking (`rest_validate_value_from_schema` and friends) for the argument schemas a route
 * declares: types, enums, bounds, date/e-mail/URL formats, nested items and properties; then sanitising (query-string
 * "5" → 5, "a,b" → ["a","b"], "true" → true) and defaults. Failures come back as WordPress writes them:
 * `400 rest_invalid_param` with `data.params` and `data.details`, or `rest_missing_callback_param`.
 */

export type ArgType = "string" | "integer" | "number" | "boolean" | "array" | "object" | "null";

export interface ArgSchema {
  type?: ArgType | readonly ArgType[];
  enum?: readonly (string | number)[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  format?: "date-time" | "email" | "uri";
  items?: ArgSchema;
  properties?: Readonly<Record<string, ArgSchema>>;
  required?: boolean;
}

export type ArgSpec = Readonly<Record<string, ArgSchema>>;

interface Detail {
  code: string;
  message: string;
  data: unknown;
}

/** PHP `is_numeric` for strings and numbers. */
function isNumeric(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value);
}

function isInteger(value: unknown): boolean {
  return isNumeric(value) && Number.isInteger(Number(value));
}

function isBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return true;
  if (typeof value === "string") return ["false", "true", "0", "1"].includes(value.toLowerCase());
  return value === 0 || value === 1;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** WordPress `wp_parse_list`: arrays stay, scalars split on commas and whitespace. */
export function parseList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.every((k, i) => k === String(i))) return Object.values(value);
    return [value];
  }
  if (typeof value === "string") return value.split(/[\s,]+/).filter((s) => s !== "");
  if (value === null || value === undefined) return [];
  return [value];
}

function matchesType(value: unknown, type: ArgType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return isInteger(value);
    case "number":
      return isNumeric(value);
    case "boolean":
      return isBoolean(value);
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value) || typeof value === "string" || (isPlainObject(value) && isListObject(value));
    case "object":
      return isPlainObject(value) || value === "" || (Array.isArray(value) && value.length === 0);
  }
}

function isListObject(value: Record<string, unknown>): boolean {
  return Object.keys(value).every((k, i) => k === String(i));
}

/** WordPress's `%l` list: "a", "a and b", "a, b, and c". */
function wpList(values: readonly (string | number)[]): string {
  const items = values.map(String);
  if (items.length <= 1) return items.join("");
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(", ")}, and ${items[items.length - 1]}`;
}

const EMAIL = /^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+$/;

function validateValue(value: unknown, schema: ArgSchema, param: string): Detail | null {
  const types = schema.type === undefined ? [] : typeof schema.type === "string" ? [schema.type] : [...schema.type];
  let type: ArgType | undefined = types[0];
  if (types.length > 1) {
    type = types.find((t) => matchesType(value, t));
    if (type === undefined) {
      const message = `${param} is not of type ${types.join(",")}.`;
      return { code: "rest_invalid_type", message, data: { param } };
    }
  } else if (type !== undefined && !matchesType(value, type)) {
    return { code: "rest_invalid_type", message: `${param} is not of type ${type}.`, data: { param } };
  }
  if (type === "array" && schema.items !== undefined) {
    const list = parseList(value);
    for (let i = 0; i < list.length; i++) {
      const detail = validateValue(list[i], schema.items, `${param}[${i}]`);
      if (detail !== null) return detail;
    }
  }
  if (type === "object" && schema.properties !== undefined && isPlainObject(value)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (!(name in value)) continue;
      const detail = validateValue(value[name], sub, `${param}[${name}]`);
      if (detail !== null) return detail;
    }
  }
  if (schema.enum !== undefined && type !== "array" && type !== "object") {
    const sanitized = type === "integer" || type === "number" ? Number(value) : value;
    if (!schema.enum.includes(sanitized as string | number)) {
      return { code: "rest_not_in_enum", message: `${param} is not one of ${wpList(schema.enum)}.`, data: null };
    }
  }
  if ((type === "integer" || type === "number") && (schema.minimum !== undefined || schema.maximum !== undefined)) {
    const n = Number(value);
    const { minimum: min, maximum: max } = schema;
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      const message =
        min !== undefined && max !== undefined
          ? `${param} must be between ${min} (inclusive) and ${max} (inclusive)`
          : min !== undefined
            ? `${param} must be greater than or equal to ${min}`
            : `${param} must be less than or equal to ${max}`;
      return { code: "rest_out_of_bounds", message, data: null };
    }
  }
  if (typeof value === "string" && schema.format !== undefined) {
    if (schema.format === "date-time" && !isWpDate(value)) {
      return { code: "rest_invalid_date", message: "Invalid date.", data: null };
    }
    if (schema.format === "email" && value !== "" && !EMAIL.test(value)) {
      return { code: "rest_invalid_email", message: "Invalid email address.", data: null };
    }
    if (schema.format === "uri" && value !== "" && !/^https?:\/\/[^\s]+$/i.test(value)) {
      return { code: "rest_invalid_uri", message: "Invalid URL.", data: null };
    }
  }
  return null;
}

function sanitize(value: unknown, schema: ArgSchema): unknown {
  const types = schema.type === undefined ? [] : typeof schema.type === "string" ? [schema.type] : [...schema.type];
  const type = types.length > 1 ? types.find((t) => matchesType(value, t)) : types[0];
  switch (type) {
    case "integer":
      return Math.trunc(Number(value));
    case "number":
      return Number(value);
    case "boolean":
      return (
        value === true || value === 1 || (typeof value === "string" && ["true", "1"].includes(value.toLowerCase()))
      );
    case "array": {
      const list = parseList(value);
      return schema.items === undefined ? list : list.map((v) => sanitize(v, schema.items as ArgSchema));
    }
    default:
      return value;
  }
}

/**
 * Checks and sanitises the arguments a route declares. `params` is WordPress's merged parameter set (JSON body over
 * form body over query over URL). Unknown parameters pass through untouched. Defaults fill missing arguments.
 */
export function validateArgs(spec: ArgSpec, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const missing = Object.entries(spec)
    .filter(([name, schema]) => schema.required === true && (params[name] === undefined || params[name] === null))
    .map(([name]) => name);
  if (missing.length > 0) {
    throw new WpError("rest_missing_callback_param", `Missing parameter(s): ${missing.join(", ")}`, 400, {
      params: missing,
    });
  }
  const invalid: Record<string, string> = {};
  const details: Record<string, Detail> = {};
  for (const [name, schema] of Object.entries(spec)) {
    if (!(name in params) || params[name] === undefined) continue;
    const detail = validateValue(params[name], schema, name);
    if (detail !== null) {
      invalid[name] = detail.message;
      details[name] = detail;
    }
  }
  const names = Object.keys(invalid);
  if (names.length > 0) {
    throw new WpError("rest_invalid_param", `Invalid parameter(s): ${names.join(", ")}`, 400, {
      params: invalid,
      details,
    });
  }
  const out: Record<string, unknown> = { ...params };
  for (const [name, schema] of Object.entries(spec)) {
    if (name in params && params[name] !== undefined) out[name] = sanitize(params[name], schema);
    else if (schema.default !== undefined) out[name] = structuredClone(schema.default);
  }
  return out;
}
