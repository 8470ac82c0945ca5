/**
 * Value checks for the common metafield types. Types outside this list are
 * rejected as INVALID_TYPE rather than stored unchecked.
 */

type Check = (value: string) => boolean;

const isJson: Check = (v) => {
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
};

const isUrl: Check = (v) => {
  try {
    return ["http:", "https:", "mailto:", "sms:", "tel:"].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

const SCALAR_CHECKS: Record<string, Check> = {
  single_line_text_field: (v) => !/[\r\n]/.test(v),
  multi_line_text_field: () => true,
  rich_text_field: isJson,
  json: isJson,
  boolean: (v) => v === "true" || v === "false",
  number_integer: (v) => /^-?\d+$/.test(v),
  number_decimal: (v) => /^-?\d+(\.\d+)?$/.test(v),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  date_time: (v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
  url: isUrl,
  color: (v) => /^#[0-9A-Fa-f]{6}$/.test(v),
  id: (v) => v.length > 0 && v.length <= 255,
  customer_reference: (v) => /^gid:\/\/shopify\/Customer\/\d+$/.test(v),
  order_reference: (v) => /^gid:\/\/shopify\/Order\/\d+$/.test(v),
};

const LIST_TYPES = new Set([
  "single_line_text_field",
  "number_integer",
  "number_decimal",
  "date",
  "date_time",
  "url",
  "color",
  "boolean",
]);

export function validateMetafieldValue(
  type: string,
  value: string,
): { field: string; message: string; code: string } | null {
  if (type.startsWith("list.")) {
    const inner = type.slice(5);
    if (!LIST_TYPES.has(inner))
      return { field: "type", message: `${type} is not a valid type.`, code: "INVALID_TYPE" };
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return { field: "value", message: `Value must be a JSON array for ${type}.`, code: "INVALID_VALUE" };
    }
    const check = SCALAR_CHECKS[inner];
    const ok =
      Array.isArray(parsed) &&
      parsed.every((item) => check(typeof item === "string" ? item : JSON.stringify(item)));
    return ok ? null : { field: "value", message: `Value is invalid for ${type}.`, code: "INVALID_VALUE" };
  }
  const check = SCALAR_CHECKS[type];
  if (!check) return { field: "type", message: `${type} is not a valid type.`, code: "INVALID_TYPE" };
  return check(value)
    ? null
    : { field: "value", message: `Value is invalid for ${type}.`, code: "INVALID_VALUE" };
}
