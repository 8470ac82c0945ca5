/**
 * JSON.parse that keeps integers above 2^53 exact by returning them as
 * strings. Shopify's REST-style payloads carry numeric ids of 13-19 digits
 * (`order_id` on a refund, say); JavaScript numbers would silently round them.
 */
export function parseLosslessJson(text: string): unknown {
  // An integer above 2^53 has at least 16 digits. Without a number of that
  // many digits in a value's place, plain JSON.parse gives the same result,
  // and the reviver (a call per value) was a tenth of the worker's CPU.
  if (!LONG_NUMBER.test(text)) return JSON.parse(text);
  return JSON.parse(text, (_key, value, context?: { source?: string }) => {
    if (
      typeof value === "number" &&
      !Number.isSafeInteger(value) &&
      context?.source &&
      /^-?\d+$/.test(context.source)
    ) {
      return context.source;
    }
    return value;
  });
}

/** A number token of 16 or more digits where a value starts (a string's text may match too: then the slow path runs). */
const LONG_NUMBER = /[:,[]\s*-?\d{16}/;

/** A Shopify GID from a numeric id (number or exact string) and a resource type. */
export function toGid(resource: string, id: string | number): string {
  return `gid://shopify/${resource}/${String(id)}`;
}
