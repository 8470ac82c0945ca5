/**
 * JSON text for webhook bodies. Shopify writes numeric ids as bare JSON
 * numbers that can exceed 2^53; going through JavaScript numbers would round
 * them, so ids are carried as decimal strings and written out verbatim.
 */

/** A JSON number kept as its exact decimal text. */
export class JsonNumber {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`Not a JSON number: ${text}`);
  }
}

export function jsonNumber(text: string): JsonNumber;
export function jsonNumber(text: string | null): JsonNumber | null;
export function jsonNumber(text: string | null): JsonNumber | null {
  return text === null ? null : new JsonNumber(text);
}

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonNumber
  | JsonValue[]
  | { [key: string]: JsonValue };

export function toJsonText(value: JsonValue): string {
  if (value instanceof JsonNumber) return value.text;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  const parts = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`);
  return `{${parts.join(",")}}`;
}
